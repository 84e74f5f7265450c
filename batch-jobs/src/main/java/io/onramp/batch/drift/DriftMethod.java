package io.onramp.batch.drift;

/** How a feature's drift was decided, with Evidently's defaults for which applies when. */
public enum DriftMethod {

	/** Numeric, up to 1,000 values: two-sample Kolmogorov-Smirnov test; drift when p < threshold (0.05). */
	KOLMOGOROV_SMIRNOV(true),

	/** Numeric, more values: Wasserstein distance over the reference's standard deviation; drift when ≥ threshold (0.1). */
	WASSERSTEIN_NORMED(false),

	/** Categorical, up to 1,000 values: chi-squared goodness of fit against the reference; drift when p < threshold (0.05). */
	CHI_SQUARED(true),

	/** Categorical, more values: Jensen-Shannon distance (natural log); drift when ≥ threshold (0.1). */
	JENSEN_SHANNON(false);

	private final boolean pValue;

	DriftMethod(boolean pValue) {
		this.pValue = pValue;
	}

	/** Whether the score is a p-value (drift below the threshold) rather than a distance (drift at or above it). */
	public boolean isPValue() {
		return pValue;
	}

	/** Evidently's default threshold. */
	public double defaultThreshold() {
		return pValue ? 0.05 : 0.1;
	}

}
