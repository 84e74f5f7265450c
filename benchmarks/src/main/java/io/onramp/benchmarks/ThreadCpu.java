package io.onramp.benchmarks;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * Where a JVM's CPU went between two points: each live thread's CPU time, grouped by the thread's name
 * with its numbers taken out (so the 10 threads of {@code http-nio-1234-exec-7} count as one group); the
 * JVM's own threads, which are not Java threads, from Linux's {@code /proc/self/task} (the JIT compilers,
 * the garbage collector and the VM thread, to 10 ms); and what none of those accounts for (threads that
 * ended in between). For the in-process pipeline this tells the broker's share from the apps' own, and
 * both from the JIT's.
 */
final class ThreadCpu {

	/** The group of the JIT compiler threads. */
	static final String JIT = "(JVM: JIT compilers)";

	/** The group of the garbage collector's threads. */
	static final String GC = "(JVM: garbage collector)";

	private static final String VM = "(JVM: VM thread)";

	private static final String ENDED = "(threads that ended)";

	private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

	private final Map<Long, Long> startCpu = new HashMap<>();

	private final Map<String, JvmThread> startJvmCpu;

	private final long startProcessCpu;

	private ThreadCpu() {
		for (long id : threads.getAllThreadIds()) {
			startCpu.put(id, threads.getThreadCpuTime(id));
		}
		this.startJvmCpu = jvmThreadsCpu("self");
		this.startProcessCpu = processCpuNanos();
	}

	/** Starts counting now. */
	static ThreadCpu start() {
		return new ThreadCpu();
	}

	/** What each group of threads used since {@link #start()}. */
	Usage stop() {
		long process = processCpuNanos() - startProcessCpu;
		Map<String, Long> groups = new HashMap<>();
		long accounted = 0;
		for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
			if (info == null) {
				continue;
			}
			long cpu = threads.getThreadCpuTime(info.getThreadId());
			if (cpu < 0) {
				continue;
			}
			long used = cpu - startCpu.getOrDefault(info.getThreadId(), 0L);
			accounted += used;
			groups.merge(group(info.getThreadName()), used, Long::sum);
		}
		for (Map.Entry<String, JvmThread> jvm : jvmThreadsCpu("self").entrySet()) {
			JvmThread before = startJvmCpu.get(jvm.getKey());
			long used = jvm.getValue().cpu() - (before == null ? 0 : before.cpu());
			accounted += used;
			groups.merge(jvm.getValue().kind(), used, Long::sum);
		}
		groups.put(ENDED, Math.max(0, process - accounted));
		return new Usage(groups, process);
	}

	/**
	 * CPU time by group of threads, ns, and of the whole process.
	 */
	record Usage(Map<String, Long> groups, long process) {

		/** CPU time of one group, ns ({@link #JIT} for the JIT compilers). */
		long nanos(String group) {
			return groups.getOrDefault(group, 0L);
		}

		/**
		 * The groups that used the most CPU, in ms per {@code per} (events), largest first, one line each,
		 * {@code top} groups and the rest summed.
		 */
		String table(long per, int top) {
			StringBuilder table = new StringBuilder();
			var sorted = groups.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).toList();
			long rest = 0;
			for (int i = 0; i < sorted.size(); i++) {
				if (i < top) {
					table.append(String.format("    %7.3f ms  %s%n", sorted.get(i).getValue() / 1e6 / per, sorted.get(i).getKey()));
				}
				else {
					rest += sorted.get(i).getValue();
				}
			}
			table.append(String.format("    %7.3f ms  (%d other groups)%n", rest / 1e6 / per, Math.max(0, sorted.size() - top)));
			table.append(String.format("    %7.3f ms  all of this JVM%n", process / 1e6 / per));
			return table.toString();
		}

	}

	private record JvmThread(String kind, long cpu) {
	}

	/** A thread's name with its numbers replaced by {@code #}. */
	static String group(String name) {
		return name.replaceAll("[0-9]+", "#");
	}

	/** CPU time so far of the JIT compiler threads of the JVM with process id {@code pid}, ns; 0 without {@code /proc}. */
	static long jitNanos(long pid) {
		return jvmThreadsCpu(Long.toString(pid)).values().stream().filter(thread -> thread.kind().equals(JIT))
			.mapToLong(JvmThread::cpu).sum();
	}

	/**
	 * The own threads of a JVM ({@code process} is its pid, or {@code self}) by their Linux thread id, with their
	 * CPU time from {@code /proc/<process>/task/<tid>/stat} (user and system time in clock ticks of 10 ms);
	 * empty where there is no {@code /proc}.
	 */
	private static Map<String, JvmThread> jvmThreadsCpu(String process) {
		Map<String, JvmThread> jvmThreads = new HashMap<>();
		File[] tasks = new File("/proc/" + process + "/task").listFiles();
		if (tasks == null) {
			return jvmThreads;
		}
		for (File task : tasks) {
			ProcStat.read(task.toPath().resolve("stat")).ifPresent(stat -> {
				String name = stat.name();
				String kind = name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler") ? JIT
						: name.startsWith("GC Thread") || name.startsWith("G1 ") ? GC
								: name.equals("VM Thread") || name.equals("VM Periodic Tas") ? VM : null;
				if (kind != null) {
					jvmThreads.put(task.getName(), new JvmThread(kind, stat.cpuNanos()));
				}
			});
		}
		return jvmThreads;
	}

	private static long processCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
	}

}
