package io.onramp.benchmarks;

import java.nio.file.Path;

/**
 * A warm-up that lasts until the JVM under load has stopped getting cheaper, rather than for a fixed time.
 *
 * <p>On two cores the JIT compilers share the CPU with the threads they compile for: with the server's
 * request threads all busy, the compilers get a small slice and the code runs interpreted or half-optimized
 * for minutes. A fixed, short warm-up then measures the interpreter (the capture benchmark, batches of 100,
 * one day: 1,260 events/s after 5 s of warm-up, 2,593 after 30 s, 7,427 after 60 s, 13,147 after 240 s).
 * The compile queue is no guide: it was empty after 30 s, because tiered compilation drops tasks that wait
 * too long and queues them again later. So the load runs in slices of {@value #SLICE_SECONDS} s and the
 * process's CPU time per request is measured over each; the warm-up ends when it changed by less than
 * {@value #SETTLED_PERCENT} % from one slice to the next twice in a row, within a minimum and a maximum, and
 * each slice's figures are printed.
 */
final class JitWarmup {

	static final int SLICE_SECONDS = 15;

	/** CPU per request within this many percent of the slice before: warm. */
	static final int SETTLED_PERCENT = 10;

	private JitWarmup() {
	}

	/** The load, run for {@code seconds} from its request number {@code offset} on; returns the requests sent. */
	@FunctionalInterface
	interface Load {

		long run(long offset, int seconds) throws Exception;

	}

	/**
	 * What the warm-up took.
	 *
	 * @param seconds how long the load ran
	 * @param cpuPerRequest the process's CPU per request in the last slice, ms
	 * @param settled whether it changed by less than {@value #SETTLED_PERCENT} % over the last two slices
	 */
	record Result(int seconds, double cpuPerRequest, boolean settled) {

		String describe() {
			return String.format("%d s of warm-up, %.2f ms of CPU per request at its end%s", seconds, cpuPerRequest,
					settled ? "" : ", still falling: raise the maximum");
		}

	}

	/**
	 * Runs {@code load} in slices until process {@code pid}'s CPU per request settles, for at least
	 * {@code minSeconds} and at most {@code maxSeconds}.
	 */
	static Result run(String what, long pid, int minSeconds, int maxSeconds, Load load) throws Exception {
		Path stat = Path.of("/proc", Long.toString(pid), "stat");
		int elapsed = 0;
		long offset = 0;
		double previous = Double.NaN;
		double current = Double.NaN;
		int settledSlices = 0;
		while (elapsed < maxSeconds && (elapsed < minSeconds || settledSlices < 2)) {
			int slice = Math.min(SLICE_SECONDS, maxSeconds - elapsed);
			long cpuBefore = cpuNanos(stat);
			long started = System.nanoTime();
			long requests = load.run(offset, slice);
			long cpu = cpuNanos(stat) - cpuBefore;
			// A fixed-rate load takes longer than its slice when the server falls behind.
			double took = (System.nanoTime() - started) / 1e9;
			offset += requests;
			elapsed += (int) Math.round(took);
			previous = current;
			current = cpu / 1e6 / Math.max(1, requests);
			settledSlices = Math.abs(current - previous) <= previous * SETTLED_PERCENT / 100 ? settledSlices + 1 : 0;
			System.out.printf("[warm-up] %s: %d s, %,.0f requests/s, %.2f ms of CPU per request%n", what, elapsed,
					requests / took, current);
		}
		return new Result(elapsed, current, settledSlices >= 2);
	}

	private static long cpuNanos(Path stat) {
		return ProcStat.read(stat).map(ProcStat::cpuNanos)
			.orElseThrow(() -> new IllegalStateException("cannot read " + stat));
	}

}
