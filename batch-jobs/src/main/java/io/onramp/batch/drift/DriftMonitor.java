package io.onramp.batch.drift;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;

import io.onramp.batch.DriftJobProperties;
import io.onramp.features.FeatureDefinition;
import io.onramp.features.FeatureRegistry;

/**
 * Drift of day D: each feature's values in D's snapshot against those of the reference period (the
 * {@code reference-days} days before D, or a pinned period), decided by {@link DriftStatistics}; the
 * results replace D's earlier ones, so a rerun is idempotent.
 */
public class DriftMonitor {

	private static final Logger log = LoggerFactory.getLogger(DriftMonitor.class);

	private final JdbcTemplate jdbc;

	private final FeatureRegistry registry;

	private final DriftJobProperties properties;

	private final Clock clock;

	public DriftMonitor(JdbcTemplate jdbc, FeatureRegistry registry, DriftJobProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.registry = registry;
		this.properties = properties;
		this.clock = clock;
	}

	/** Computes and stores D's drift; returns the per-feature results. */
	public Report run(LocalDate day) {
		LocalDate from = properties.getReferenceFrom() != null ? properties.getReferenceFrom() : day.minusDays(properties.getReferenceDays());
		LocalDate to = properties.getReferenceTo() != null ? properties.getReferenceTo() : day.minusDays(1);
		Map<String, List<String>> current = values(day, day);
		Map<String, List<String>> reference = values(from, to);
		if (current.isEmpty()) {
			throw new IllegalStateException("There is no feature snapshot for " + day + "; run featureSnapshot for it first.");
		}
		List<FeatureDrift> results = new ArrayList<>();
		for (FeatureDefinition feature : registry.features()) {
			if (feature.type() == FeatureDefinition.Type.TIME) {
				// first_seen, last_seen: moments move on every day; their drift says nothing.
				continue;
			}
			List<String> now = current.get(feature.name());
			List<String> before = reference.get(feature.name());
			if (now == null || before == null) {
				log.info("Feature {} has no {} values for {}; skipped", feature.name(), now == null ? "current" : "reference", day);
				continue;
			}
			Double threshold = properties.getThresholds().get(feature.name());
			results.add(feature.type() == FeatureDefinition.Type.TEXT
					? DriftStatistics.categorical(feature.name(), before, now, threshold)
					: DriftStatistics.numeric(feature.name(), numbers(before), numbers(now), threshold));
		}
		boolean datasetDrifted = DriftStatistics.datasetDrifted(results, properties.getDatasetDriftShare());
		store(day, from, to, results, datasetDrifted);
		long drifted = results.stream().filter(FeatureDrift::drifted).count();
		log.info("Drift of {} against {}..{}: {} of {} features drifted{}", day, from, to, drifted, results.size(),
				datasetDrifted ? "; the dataset drifted" : "");
		return new Report(day, from, to, results, datasetDrifted);
	}

	private Map<String, List<String>> values(LocalDate from, LocalDate to) {
		Map<String, List<String>> values = new LinkedHashMap<>();
		jdbc.query("SELECT feature, value FROM feature_snapshot WHERE logical_date BETWEEN ? AND ?",
				row -> {
					values.computeIfAbsent(row.getString("feature"), feature -> new ArrayList<>()).add(row.getString("value"));
				}, Date.valueOf(from), Date.valueOf(to));
		return values;
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

	private static double[] numbers(List<String> values) {
		return values.stream().mapToDouble(Double::parseDouble).toArray();
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
