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
 * process's CPU time per request is measured over each, and the JIT compiler threads' share of it; the
 * warm-up ends when, twice in a row, the CPU per request changed by less than {@value #SETTLED_PERCENT} % from
 * one slice to the next and the compilers used at most {@value #SETTLED_JIT_PERCENT} % of it, within a minimum
 * and a maximum, and each slice's figures are printed. (The CPU per request alone settled while the compilers
 * still took 10-27 % of the process's CPU: the end-to-end pipeline after 70 s, one day, with some 25 methods
 * a second still being compiled; five minutes later its CPU per event had fallen by a third.)
 */
final class JitWarmup {

	static final int SLICE_SECONDS = 15;

	/** CPU per request within this many percent of the slice before: warm. */
	static final int SETTLED_PERCENT = 10;

	/** The JIT compilers using at most this many percent of the process's CPU in a slice: warm. */
	static final int SETTLED_JIT_PERCENT = 5;

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
	 * @param jitPercent the JIT compilers' share of the process's CPU in the last slice
	 * @param settled whether the last two slices were settled (the class's Javadoc)
	 */
	record Result(int seconds, double cpuPerRequest, double jitPercent, boolean settled) {

		String describe() {
			return String.format("%d s of warm-up, %.2f ms of CPU per request at its end, %.0f %% of it the JIT's%s", seconds,
					cpuPerRequest, jitPercent, settled ? "" : "; not settled: raise the maximum");
		}

	}

	/**
	 * Runs {@code load} in slices until process {@code pid}'s CPU per request settles and its JIT is done, for at least
	 * {@code minSeconds} and at most {@code maxSeconds}.
	 */
	static Result run(String what, long pid, int minSeconds, int maxSeconds, Load load) throws Exception {
		Path stat = Path.of("/proc", Long.toString(pid), "stat");
		int elapsed = 0;
		long offset = 0;
		double previous = Double.NaN;
		double current = Double.NaN;
		double jitPercent = Double.NaN;
		int settledSlices = 0;
		while (elapsed < maxSeconds && (elapsed < minSeconds || settledSlices < 2)) {
			int slice = Math.min(SLICE_SECONDS, maxSeconds - elapsed);
			long cpuBefore = cpuNanos(stat);
			long jitBefore = ThreadCpu.jitNanos(pid);
			long started = System.nanoTime();
			long requests = load.run(offset, slice);
			long cpu = cpuNanos(stat) - cpuBefore;
			long jit = ThreadCpu.jitNanos(pid) - jitBefore;
			// A fixed-rate load takes longer than its slice when the server falls behind, and a little less when it
			// keeps up (its last request is due before the slice's end): the warm-up counts at least the slice, so a
			// short last slice cannot leave it where it was.
			double took = (System.nanoTime() - started) / 1e9;
			offset += requests;
			elapsed += Math.max(slice, (int) Math.round(took));
			previous = current;
			current = cpu / 1e6 / Math.max(1, requests);
			jitPercent = 100.0 * jit / Math.max(1, cpu);
			boolean settled = Math.abs(current - previous) <= previous * SETTLED_PERCENT / 100 && jitPercent <= SETTLED_JIT_PERCENT;
			settledSlices = settled ? settledSlices + 1 : 0;
			System.out.printf("[warm-up] %s: %d s, %,.0f requests/s, %.2f ms of CPU per request, %.0f %% of it the JIT's%n", what,
					elapsed, requests / took, current, jitPercent);
		}
		return new Result(elapsed, current, jitPercent, settledSlices >= 2);
	}

	private static long cpuNanos(Path stat) {
		return ProcStat.read(stat).map(ProcStat::cpuNanos)
			.orElseThrow(() -> new IllegalStateException("cannot read " + stat));
	}

}
