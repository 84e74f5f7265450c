package io.onramp.batch.drift;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;

import io.onramp.batch.DriftJobProperties;
import io.onramp.batch.snapshot.FeatureSnapshots;
import io.onramp.features.FeatureDefinition;
import io.onramp.features.FeatureRegistry;

/**
 * Drift of day D: each feature's values in D's snapshot against those of the reference period (the
 * {@code reference-days} days before D, or a pinned period), decided by {@link DriftStatistics}; the
 * results replace D's earlier ones, so a rerun is idempotent. Beyond {@code drift-sample-size} users a day,
 * both sides are a deterministic sample of user buckets.
 */
public class DriftMonitor {

	private static final Logger log = LoggerFactory.getLogger(DriftMonitor.class);

	private final JdbcTemplate jdbc;

	/** Reads snapshots a page of rows at a time (a cursor, inside the step's transaction), not all at once. */
	private final JdbcTemplate streaming;

	private final FeatureRegistry registry;

	private final DriftJobProperties properties;

	private final Clock clock;

	public DriftMonitor(JdbcTemplate jdbc, FeatureRegistry registry, DriftJobProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.streaming = new JdbcTemplate(jdbc.getDataSource());
		this.streaming.setFetchSize(10_000);
		this.registry = registry;
		this.properties = properties;
		this.clock = clock;
	}

	/** Computes and stores D's drift; returns the per-feature results. */
	public Report run(LocalDate day) {
		LocalDate from = properties.getReferenceFrom() != null ? properties.getReferenceFrom() : day.minusDays(properties.getReferenceDays());
		LocalDate to = properties.getReferenceTo() != null ? properties.getReferenceTo() : day.minusDays(1);
		// first_seen, last_seen: moments move on every day; their drift says nothing.
		List<FeatureDefinition> compared = registry.features().stream().filter(feature -> feature.type() != FeatureDefinition.Type.TIME).toList();
		Map<String, Values> current = values(compared, day, day);
		if (current == null) {
			throw new IllegalStateException("There is no feature snapshot for " + day + "; run featureSnapshot for it first.");
		}
		Map<String, Values> reference = values(compared, from, to);
		List<FeatureDrift> results = new ArrayList<>();
		for (FeatureDefinition feature : compared) {
			Values now = current.get(feature.name());
			Values before = reference == null ? null : reference.get(feature.name());
			if (now.isEmpty() || before == null || before.isEmpty()) {
				log.info("Feature {} has no {} values for {}; skipped", feature.name(), now.isEmpty() ? "current" : "reference", day);
				continue;
			}
			Double threshold = properties.getThresholds().get(feature.name());
			results.add(feature.type() == FeatureDefinition.Type.TEXT
					? DriftStatistics.categorical(feature.name(), before.texts, now.texts, threshold)
					: DriftStatistics.numeric(feature.name(), before.numbers(), now.numbers(), threshold));
		}
		boolean datasetDrifted = DriftStatistics.datasetDrifted(results, properties.getDatasetDriftShare());
		store(day, from, to, results, datasetDrifted);
		long drifted = results.stream().filter(FeatureDrift::drifted).count();
		log.info("Drift of {} against {}..{}: {} of {} features drifted{}", day, from, to, drifted, results.size(),
				datasetDrifted ? "; the dataset drifted" : "");
		return new Report(day, from, to, results, datasetDrifted);
	}

	/**
	 * Each compared feature's values in the snapshots of the days {@code from..to}: of every user, or of a
	 * sample of user buckets when a day holds more than {@code drift-sample-size} users. Rows are streamed
	 * ({@code fetchSize}, inside the step's transaction); Postgres picks the features out of each row.
	 * {@code null} when none of the days has a complete snapshot with users in it.
	 */
	private Map<String, Values> values(List<FeatureDefinition> features, LocalDate from, LocalDate to) {
		Long users = jdbc.queryForObject("SELECT max(users) FROM snapshot_run WHERE logical_date BETWEEN ? AND ?", Long.class,
				Date.valueOf(from), Date.valueOf(to));
		if (users == null || users == 0) {
			return null;
		}
		int buckets = sampledBuckets(users, properties.getDriftSampleSize());
		Map<String, Values> values = new LinkedHashMap<>();
		StringBuilder columns = new StringBuilder();
		List<Object> parameters = new ArrayList<>();
		for (FeatureDefinition feature : features) {
			values.put(feature.name(), new Values(feature.type() == FeatureDefinition.Type.TEXT));
			columns.append(columns.isEmpty() ? "" : ", ").append("features ->> ?");
			parameters.add(feature.name());
		}
		parameters.addAll(List.of(Date.valueOf(from), Date.valueOf(to), buckets));
		List<Values> byColumn = List.copyOf(values.values());
		streaming.query("SELECT " + columns + " FROM user_snapshot WHERE logical_date BETWEEN ? AND ? AND user_bucket < ?", row -> {
			for (int i = 0; i < byColumn.size(); i++) {
				String value = row.getString(i + 1);
				if (value != null) {
					byColumn.get(i).add(value);
				}
			}
		}, parameters.toArray());
		return values;
	}

	/** How many of the {@value FeatureSnapshots#BUCKETS} user buckets hold about {@code sampleSize} of {@code users} users. */
	static int sampledBuckets(long users, int sampleSize) {
		if (users <= sampleSize) {
			return FeatureSnapshots.BUCKETS;
		}
		return (int) Math.max(1, Math.ceil((double) FeatureSnapshots.BUCKETS * sampleSize / users));
	}

	private void store(LocalDate day, LocalDate from, LocalDate to, List<FeatureDrift> results, boolean datasetDrifted) {
		Date date = Date.valueOf(day);
		jdbc.update("DELETE FROM drift_result WHERE logical_date = ?", date);
		jdbc.batchUpdate("""
				INSERT INTO drift_result (logical_date, feature, method, score, threshold, drifted, psi, reference_size, current_size)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
				""", results.stream()
			.map(r -> new Object[] { date, r.feature(), r.method().name(), r.score(), r.threshold(), r.drifted(), r.psi(),
					r.referenceSize(), r.currentSize() })
			.toList());
		jdbc.update("""
				INSERT INTO drift_run (logical_date, reference_from, reference_to, features, drifted, dataset_drifted, finished_at)
				VALUES (?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (logical_date) DO UPDATE SET reference_from = EXCLUDED.reference_from,
				    reference_to = EXCLUDED.reference_to, features = EXCLUDED.features, drifted = EXCLUDED.drifted,
				    dataset_drifted = EXCLUDED.dataset_drifted, finished_at = EXCLUDED.finished_at
				""", date, Date.valueOf(from), Date.valueOf(to), results.size(), (int) results.stream().filter(FeatureDrift::drifted).count(),
				datasetDrifted, Timestamp.from(clock.instant()));
	}

	/** One feature's values: numbers in a growing array, texts in a list. */
	private static final class Values {

		private final List<String> texts;

		private double[] numbers = new double[1024];

		private int size;

		Values(boolean text) {
			this.texts = text ? new ArrayList<>() : null;
		}

		void add(String value) {
			if (texts != null) {
				texts.add(value);
				return;
			}
			if (size == numbers.length) {
				numbers = Arrays.copyOf(numbers, size * 2);
			}
			numbers[size++] = Double.parseDouble(value);
		}

		boolean isEmpty() {
			return texts != null ? texts.isEmpty() : size == 0;
		}

		double[] numbers() {
			return Arrays.copyOf(numbers, size);
		}

	}

	/**
	 * @param day the logical date
	 * @param referenceFrom the reference period's first day
	 * @param referenceTo its last day
	 * @param features each feature's drift
	 * @param datasetDrifted whether the dataset drifted
	 */
	public record Report(LocalDate day, LocalDate referenceFrom, LocalDate referenceTo, List<FeatureDrift> features,
			boolean datasetDrifted) {
	}

}
