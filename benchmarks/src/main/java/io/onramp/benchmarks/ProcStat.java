package io.onramp.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One line of Linux's {@code /proc/<pid>/stat} (or {@code /proc/<pid>/task/<tid>/stat}): the process's or
 * thread's name and the CPU it used, user and system time, which Linux counts in clock ticks of 10 ms.
 *
 * @param name the process's or thread's name (at most 15 characters)
 * @param cpuNanos user and system CPU time, ns
 */
record ProcStat(String name, long cpuNanos) {

	/** The stat file's figures; empty when it cannot be read (the process or thread ended meanwhile). */
	static Optional<ProcStat> read(Path stat) {
		try {
			String line = Files.readString(stat);
			int nameEnd = line.lastIndexOf(')');
			String[] fields = line.substring(nameEnd + 2).split(" ");
			long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
			return Optional.of(new ProcStat(line.substring(line.indexOf('(') + 1, nameEnd), ticks * 10_000_000L));
		}
		catch (IOException | RuntimeException ex) {
			return Optional.empty();
		}
	}

}
