package io.onramp.admin.drift;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What batch-jobs' drift monitor found, read from its tables in the same database ({@code drift_run},
 * {@code drift_result}, {@code user_snapshot}), for the drift pages and the rules that need review.
 * Before batch-jobs has ever run there are no such tables, and no runs.
 */
public class DriftReports {

	/** Bars per numeric chart. */
	private static final int BINS = 20;

	/** Categories shown per categorical chart (the most frequent in the reference). */
	private static final int CATEGORIES = 12;

	/** At most about this many users per day feed a chart: beyond it a sample of user buckets (of 1,024). */
	private static final int CHART_USERS = 20_000;

	private final JdbcClient jdbc;

	public DriftReports(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Every run, newest first. */
	public List<Run> runs() {
		if (!available()) {
			return List.of();
		}
		return jdbc.sql("SELECT * FROM drift_run ORDER BY logical_date DESC").query((row, n) -> run(row)).list();
	}

	public Optional<Run> run(LocalDate day) {
		if (!available()) {
			return Optional.empty();
		}
		return jdbc.sql("SELECT * FROM drift_run WHERE logical_date = ?").param(Date.valueOf(day)).query((row, n) -> run(row)).optional();
	}

	/** Each feature's result on the day, drifted first. */
	public List<Result> results(LocalDate day) {
		return jdbc.sql("SELECT * FROM drift_result WHERE logical_date = ? ORDER BY drifted DESC, feature")
			.param(Date.valueOf(day))
			.query((row, n) -> new Result(row.getString("feature"), row.getString("method"), row.getDouble("score"),
					row.getDouble("threshold"), row.getBoolean("drifted"), row.getDouble("psi"), row.getInt("reference_size"),
					row.getInt("current_size")))
			.list();
	}

	/** The features that drifted in the latest run, which the rules using them should be reviewed for. */
	public Map<String, LocalDate> latestDriftedFeatures() {
		Map<String, LocalDate> drifted = new LinkedHashMap<>();
		if (!available()) {
			return drifted;
		}
		jdbc.sql("""
				SELECT feature, logical_date FROM drift_result
				WHERE drifted AND logical_date = (SELECT max(logical_date) FROM drift_run)
				""").query((row, n) -> drifted.put(row.getString("feature"), row.getDate("logical_date").toLocalDate())).list();
		return drifted;
	}

	/** The feature's distribution on the day and over the reference period, as shares per bar. */
	public Chart chart(Run run, Result result) {
		List<String> reference = values(result.feature(), run.referenceFrom(), run.referenceTo());
		List<String> current = values(result.feature(), run.day(), run.day());
		boolean numeric = !result.method().equals("CHI_SQUARED") && !result.method().equals("JENSEN_SHANNON");
		return numeric ? numericChart(result.feature(), reference, current) : categoricalChart(result.feature(), reference, current);
	}

	private Chart numericChart(String feature, List<String> reference, List<String> current) {
		double[] ref = reference.stream().mapToDouble(Double::parseDouble).toArray();
		double[] cur = current.stream().mapToDouble(Double::parseDouble).toArray();
		double min = Math.min(min(ref), min(cur));
		double max = Math.max(max(ref), max(cur));
		double width = max > min ? (max - min) / BINS : 1;
		List<String> labels = new ArrayList<>();
		for (int b = 0; b < BINS; b++) {
			labels.add(String.format("%.3g", min + b * width));
		}
		return new Chart(feature, labels, shares(ref, min, width), shares(cur, min, width));
	}

	private Chart categoricalChart(String feature, List<String> reference, List<String> current) {
		Map<String, Long> counts = new TreeMap<>();
		reference.forEach(value -> counts.merge(value, 1L, Long::sum));
		List<String> labels = counts.entrySet().stream()
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.limit(CATEGORIES)
			.map(Map.Entry::getKey)
			.collect(Collectors.toCollection(ArrayList::new));
		current.stream().distinct().filter(value -> !labels.contains(value) && labels.size() < CATEGORIES).forEach(labels::add);
		return new Chart(feature, labels, categoryShares(reference, labels), categoryShares(current, labels));
	}

	private List<String> values(String feature, LocalDate from, LocalDate to) {
		Long users = jdbc.sql("SELECT max(users) FROM snapshot_run WHERE logical_date BETWEEN ? AND ?")
			.params(Date.valueOf(from), Date.valueOf(to))
			.query(Long.class)
			.single();
		int buckets = users == null || users <= CHART_USERS ? 1024 : (int) Math.ceil(1024.0 * CHART_USERS / users);
		return jdbc.sql("""
				SELECT features ->> ? FROM user_snapshot
				WHERE logical_date BETWEEN ? AND ? AND user_bucket < ? AND features ->> ? IS NOT NULL
				""")
			.params(feature, Date.valueOf(from), Date.valueOf(to), buckets, feature)
			.query(String.class)
			.list();
	}

	private boolean available() {
		return jdbc.sql("SELECT to_regclass('drift_run') IS NOT NULL").query(Boolean.class).single();
	}

	private static Run run(ResultSet row) throws SQLException {
		return new Run(row.getDate("logical_date").toLocalDate(), row.getDate("reference_from").toLocalDate(),
				row.getDate("reference_to").toLocalDate(), row.getInt("features"), row.getInt("drifted"), row.getBoolean("dataset_drifted"));
	}

	private static double[] shares(double[] values, double min, double width) {
		double[] shares = new double[BINS];
		for (double value : values) {
			shares[Math.min(BINS - 1, (int) ((value - min) / width))] += 1.0 / values.length;
		}
		return shares;
	}

	private static double[] categoryShares(List<String> values, List<String> labels) {
		double[] shares = new double[labels.size()];
		for (String value : values) {
			int index = labels.indexOf(value);
			if (index >= 0) {
				shares[index] += 1.0 / values.size();
			}
		}
		return shares;
	}

	private static double min(double[] values) {
		return Arrays.stream(values).min().orElse(0);
	}

	private static double max(double[] values) {
		return Arrays.stream(values).max().orElse(0);
	}

	/**
	 * @param day the logical date
	 * @param referenceFrom the reference period's first day
	 * @param referenceTo its last day
	 * @param features how many features were compared
	 * @param drifted how many drifted
	 * @param datasetDrifted whether the dataset drifted
	 */
	public record Run(LocalDate day, LocalDate referenceFrom, LocalDate referenceTo, int features, int drifted,
			boolean datasetDrifted) {
	}

	/**
	 * One feature's result; see batch-jobs' {@code FeatureDrift}.
	 */
	public record Result(String feature, String method, double score, double threshold, boolean drifted, double psi,
			int referenceSize, int currentSize) {
	}

	/**
	 * A feature's distribution, reference beside current, as shares (0..1) per bar.
	 */
	public record Chart(String feature, List<String> labels, double[] reference, double[] current) {

		/** The tallest bar, for scaling. */
		public double peak() {
			double peak = 0.0001;
			for (double share : reference) {
				peak = Math.max(peak, share);
			}
			for (double share : current) {
				peak = Math.max(peak, share);
			}
			return peak;
		}

	}

}
