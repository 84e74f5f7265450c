package io.onramp.batch.drift;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.hipparchus.stat.descriptive.moment.StandardDeviation;
import org.hipparchus.stat.inference.ChiSquareTest;
import org.hipparchus.stat.inference.KolmogorovSmirnovTest;

/**
 * Drift of one feature between a reference sample and a current one, the way Evidently decides it by
 * default: numeric features by the Kolmogorov-Smirnov test up to 1,000 current values and by the
 * normalized Wasserstein distance above; categorical features by chi-squared up to 1,000 and by the
 * Jensen-Shannon distance above. The population stability index is computed for every feature beside the
 * decision. The tests come from Hipparchus; the distances are a few lines over sorted samples and
 * histograms.
 */
public final class DriftStatistics {

	/** Up to this many current values, a statistical test decides; above it, a distance (Evidently's rule). */
	public static final int TEST_LIMIT = 1_000;

	/** Numeric values are put in this many reference-quantile bins for the PSI. */
	private static final int PSI_BINS = 10;

	/** Stands in for an empty bin in the PSI and Jensen-Shannon, so that logarithms stay finite (as Evidently does). */
	private static final double EMPTY = 1e-4;

	private DriftStatistics() {
	}

	/**
	 * @param threshold the threshold for the method that applies, or {@code null} for its default
	 */
	public static FeatureDrift numeric(String feature, double[] reference, double[] current, Double threshold) {
		requireValues(feature, reference.length, current.length);
		DriftMethod method = current.length <= TEST_LIMIT ? DriftMethod.KOLMOGOROV_SMIRNOV : DriftMethod.WASSERSTEIN_NORMED;
		double score = method == DriftMethod.KOLMOGOROV_SMIRNOV ? new KolmogorovSmirnovTest().kolmogorovSmirnovTest(reference, current)
				: wassersteinNormed(reference, current);
		return decide(feature, method, score, threshold, psiNumeric(reference, current), reference.length, current.length);
	}

	public static FeatureDrift categorical(String feature, Collection<String> reference, Collection<String> current,
			Double threshold) {
		requireValues(feature, reference.size(), current.size());
		TreeSet<String> categories = new TreeSet<>(reference);
		categories.addAll(current);
		double[] referenceShares = shares(counts(reference, categories), reference.size());
		long[] currentCounts = counts(current, categories);
		double[] currentShares = shares(currentCounts, current.size());
		DriftMethod method = current.size() <= TEST_LIMIT ? DriftMethod.CHI_SQUARED : DriftMethod.JENSEN_SHANNON;
		double score;
		if (method == DriftMethod.CHI_SQUARED) {
			// Expected counts from the reference's shares; a category the reference never had gets a sliver.
			double[] expected = Arrays.stream(referenceShares).map(share -> Math.max(share, EMPTY) * current.size()).toArray();
			score = categories.size() < 2 ? 1.0 : new ChiSquareTest().chiSquareTest(expected, currentCounts);
		}
		else {
			score = jensenShannon(referenceShares, currentShares);
		}
		return decide(feature, method, score, threshold, psi(referenceShares, currentShares), reference.size(), current.size());
	}

	/** Whether the dataset drifted: at least {@code share} (Evidently: half) of the features did. */
	public static boolean datasetDrifted(List<FeatureDrift> features, double share) {
		long drifted = features.stream().filter(FeatureDrift::drifted).count();
		return !features.isEmpty() && drifted >= share * features.size();
	}

	/** The first Wasserstein distance between the two empirical distributions, over the reference's standard deviation. */
	static double wassersteinNormed(double[] reference, double[] current) {
		double[] a = reference.clone();
		double[] b = current.clone();
		Arrays.sort(a);
		Arrays.sort(b);
		// The area between the two step CDFs, walked over the merged sorted values.
		double distance = 0;
		int i = 0;
		int j = 0;
		double previous = Math.min(a[0], b[0]);
		while (i < a.length || j < b.length) {
			double next = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j];
			distance += Math.abs((double) i / a.length - (double) j / b.length) * (next - previous);
			while (i < a.length && a[i] == next) {
				i++;
			}
			while (j < b.length && b[j] == next) {
				j++;
			}
			previous = next;
		}
		double spread = new StandardDeviation(false).evaluate(reference);
		return distance / Math.max(spread, 0.001);
	}

	/** Jensen-Shannon distance (the square root of the divergence, natural logarithm) between two share vectors. */
	static double jensenShannon(double[] p, double[] q) {
		double[] pp = smoothed(p);
		double[] qq = smoothed(q);
		double divergence = 0;
		for (int k = 0; k < pp.length; k++) {
			double m = (pp[k] + qq[k]) / 2;
			divergence += 0.5 * pp[k] * Math.log(pp[k] / m) + 0.5 * qq[k] * Math.log(qq[k] / m);
		}
		return Math.sqrt(Math.max(divergence, 0));
	}

	/** Population stability index: Σ (current − reference) · ln(current / reference) over the bins. */
	static double psi(double[] referenceShares, double[] currentShares) {
		double psi = 0;
		for (int k = 0; k < referenceShares.length; k++) {
			double r = Math.max(referenceShares[k], EMPTY);
			double c = Math.max(currentShares[k], EMPTY);
			psi += (c - r) * Math.log(c / r);
		}
		return psi;
	}

	/** PSI over the reference's deciles (fewer bins when values repeat). */
	static double psiNumeric(double[] reference, double[] current) {
		double[] sorted = reference.clone();
		Arrays.sort(sorted);
		TreeSet<Double> edges = new TreeSet<>();
		for (int k = 1; k < PSI_BINS; k++) {
			edges.add(sorted[(int) Math.floor((double) k * sorted.length / PSI_BINS)]);
		}
		double[] cut = edges.stream().mapToDouble(Double::doubleValue).toArray();
		return psi(shares(binned(reference, cut), reference.length), shares(binned(current, cut), current.length));
	}

	private static long[] binned(double[] values, double[] cut) {
		long[] counts = new long[cut.length + 1];
		for (double value : values) {
			int bin = Arrays.binarySearch(cut, value);
			counts[bin >= 0 ? bin + 1 : -bin - 1]++;
		}
		return counts;
	}

	private static long[] counts(Collection<String> values, TreeSet<String> categories) {
		Map<String, Integer> index = new LinkedHashMap<>();
		categories.forEach(category -> index.put(category, index.size()));
		long[] counts = new long[categories.size()];
		values.forEach(value -> counts[index.get(value)]++);
		return counts;
	}

	private static double[] shares(long[] counts, int total) {
		return Arrays.stream(counts).mapToDouble(count -> (double) count / total).toArray();
	}

	private static double[] smoothed(double[] shares) {
		double[] smoothed = Arrays.stream(shares).map(share -> Math.max(share, EMPTY)).toArray();
		double sum = Arrays.stream(smoothed).sum();
		return Arrays.stream(smoothed).map(share -> share / sum).toArray();
	}

	private static FeatureDrift decide(String feature, DriftMethod method, double score, Double threshold, double psi,
			int referenceSize, int currentSize) {
		double limit = threshold == null ? method.defaultThreshold() : threshold;
		boolean drifted = method.isPValue() ? score < limit : score >= limit;
		return new FeatureDrift(feature, method, score, limit, drifted, psi, referenceSize, currentSize);
	}

	private static void requireValues(String feature, int reference, int current) {
		if (reference == 0 || current == 0) {
			throw new IllegalArgumentException("Feature '" + feature + "' needs reference and current values (has " + reference
					+ " and " + current + ")");
		}
	}

}
