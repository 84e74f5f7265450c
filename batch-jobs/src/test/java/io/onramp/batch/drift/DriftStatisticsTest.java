package io.onramp.batch.drift;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/**
 * Drift found on shifted samples and not on unshifted ones, numeric and categorical, below and above
 * Evidently's 1,000-value switch from tests to distances; the distances against values computed by hand
 * (and by SciPy's {@code wasserstein_distance} and {@code jensenshannon}).
 */
class DriftStatisticsTest {

	private final Random random = new Random(20261127);

	@Test
	void numericUpToAThousandValuesIsDecidedByKolmogorovSmirnov() {
		double[] reference = normal(800, 10, 2);
		FeatureDrift same = DriftStatistics.numeric("engagement_score", reference, normal(800, 10, 2), null);
		FeatureDrift shifted = DriftStatistics.numeric("engagement_score", reference, normal(800, 11, 2), null);

		assertThat(same.method()).isEqualTo(DriftMethod.KOLMOGOROV_SMIRNOV);
		assertThat(same.score()).isGreaterThan(0.05);
		assertThat(same.drifted()).isFalse();
		assertThat(shifted.score()).isLessThan(1e-6);
		assertThat(shifted.drifted()).isTrue();
		assertThat(shifted.psi()).isGreaterThan(same.psi());
	}

	@Test
	void numericAboveAThousandValuesIsDecidedByTheNormalizedWassersteinDistance() {
		double[] reference = normal(5_000, 10, 2);
		FeatureDrift same = DriftStatistics.numeric("session_duration_s", reference, normal(5_000, 10, 2), null);
		FeatureDrift shifted = DriftStatistics.numeric("session_duration_s", reference, normal(5_000, 11, 2), null);

		assertThat(same.method()).isEqualTo(DriftMethod.WASSERSTEIN_NORMED);
		assertThat(same.score()).isLessThan(0.1);
		assertThat(same.drifted()).isFalse();
		// A shift of half a standard deviation moves every value by 1: distance 1, over the spread 2.
		assertThat(shifted.score()).isCloseTo(0.5, within(0.05));
		assertThat(shifted.drifted()).isTrue();
	}

	@Test
	void theWassersteinDistanceMatchesAHandComputedOne() {
		// scipy.stats.wasserstein_distance([0, 1, 3], [5, 6, 8]) == 5.0; the reference's population std is sqrt(14/9).
		assertThat(DriftStatistics.wassersteinNormed(new double[] { 0, 1, 3 }, new double[] { 5, 6, 8 }))
			.isCloseTo(5.0 / Math.sqrt(14.0 / 9), within(1e-9));
		// Unequal sizes: [0, 10] against [0, 0, 10, 10, 10]: the CDFs differ by 1/2 - 2/5 over [0, 10).
		assertThat(DriftStatistics.wassersteinNormed(new double[] { 0, 10 }, new double[] { 0, 0, 10, 10, 10 }) * 5)
			.isCloseTo(1.0, within(1e-9));
	}

	@Test
	void categoricalUpToAThousandValuesIsDecidedByChiSquared() {
		List<String> reference = devices(900, 0.6, 0.3);
		FeatureDrift same = DriftStatistics.categorical("device_type", reference, devices(900, 0.6, 0.3), null);
		FeatureDrift shifted = DriftStatistics.categorical("device_type", reference, devices(900, 0.4, 0.5), null);

		assertThat(same.method()).isEqualTo(DriftMethod.CHI_SQUARED);
		assertThat(same.drifted()).isFalse();
		assertThat(shifted.drifted()).isTrue();
		assertThat(shifted.score()).isLessThan(1e-6);
	}

	@Test
	void categoricalAboveAThousandValuesIsDecidedByJensenShannon() {
		List<String> reference = devices(4_000, 0.6, 0.3);
		FeatureDrift same = DriftStatistics.categorical("device_type", reference, devices(4_000, 0.6, 0.3), null);
		FeatureDrift shifted = DriftStatistics.categorical("device_type", reference, devices(4_000, 0.3, 0.6), null);

		assertThat(same.method()).isEqualTo(DriftMethod.JENSEN_SHANNON);
		assertThat(same.drifted()).isFalse();
		assertThat(shifted.drifted()).isTrue();
		// A category the reference never saw counts too.
		List<String> newcomer = new ArrayList<>(devices(4_000, 0.6, 0.3));
		newcomer.replaceAll(device -> "tablet".equals(device) ? "tv" : device);
		assertThat(DriftStatistics.categorical("device_type", reference, newcomer, null).drifted()).isTrue();
	}

	@Test
	void theJensenShannonDistanceAndThePsiMatchHandComputedOnes() {
		// scipy.spatial.distance.jensenshannon([1, 0], [0, 1]) == sqrt(ln 2), up to the smoothing of empty bins.
		assertThat(DriftStatistics.jensenShannon(new double[] { 1, 0 }, new double[] { 0, 1 })).isCloseTo(Math.sqrt(Math.log(2)),
				within(1e-3));
		assertThat(DriftStatistics.jensenShannon(new double[] { 0.5, 0.5 }, new double[] { 0.5, 0.5 })).isCloseTo(0, within(1e-12));
		// (0.25 - 0.5) ln(0.25/0.5) + (0.75 - 0.5) ln(0.75/0.5)
		assertThat(DriftStatistics.psi(new double[] { 0.5, 0.5 }, new double[] { 0.25, 0.75 }))
			.isCloseTo(0.25 * Math.log(2) + 0.25 * Math.log(1.5), within(1e-12));
	}

	@Test
	void thresholdsAreConfigurablePerFeatureAndTheDatasetDriftsWhenHalfItsFeaturesDo() {
		double[] reference = normal(5_000, 10, 2);
		double[] slightlyShifted = normal(5_000, 10.3, 2);
		assertThat(DriftStatistics.numeric("steps_completed", reference, slightlyShifted, null).drifted()).isTrue();
		assertThat(DriftStatistics.numeric("steps_completed", reference, slightlyShifted, 0.25).drifted())
			.as("a looser threshold for a noisy feature").isFalse();

		FeatureDrift drifted = DriftStatistics.numeric("a", reference, normal(5_000, 12, 2), null);
		FeatureDrift stable = DriftStatistics.numeric("b", reference, normal(5_000, 10, 2), null);
		assertThat(DriftStatistics.datasetDrifted(List.of(drifted, stable), 0.5)).isTrue();
		assertThat(DriftStatistics.datasetDrifted(List.of(drifted, stable, stable), 0.5)).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> DriftStatistics.numeric("empty", new double[0], reference, null))
			.withMessageContaining("'empty' needs reference and current values");
	}

	private double[] normal(int n, double mean, double sd) {
		double[] values = new double[n];
		for (int i = 0; i < n; i++) {
			values[i] = mean + sd * random.nextGaussian();
		}
		return values;
	}

	private List<String> devices(int n, double desktop, double mobile) {
		List<String> values = new ArrayList<>(n);
		for (int i = 0; i < n; i++) {
			double u = random.nextDouble();
			values.add(u < desktop ? "desktop" : u < desktop + mobile ? "mobile" : "tablet");
		}
		return values;
	}

}
