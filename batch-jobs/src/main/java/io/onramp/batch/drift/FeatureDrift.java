package io.onramp.batch.drift;

/**
 * One feature's drift between a reference period and the current one.
 *
 * @param feature the feature
 * @param method the test or distance that decided
 * @param score its p-value or distance
 * @param threshold the threshold it was held against
 * @param drifted whether the feature drifted
 * @param psi the population stability index, reported beside (0.1 and above is a notable shift, 0.25 a major one)
 * @param referenceSize how many reference values
 * @param currentSize how many current values
 */
public record FeatureDrift(String feature, DriftMethod method, double score, double threshold, boolean drifted, double psi,
		int referenceSize, int currentSize) {
}
