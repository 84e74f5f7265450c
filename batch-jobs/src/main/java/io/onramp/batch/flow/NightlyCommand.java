package io.onramp.batch.flow;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeEvent;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;

import io.onramp.batch.DriftJobProperties;

/**
 * The app's command line: {@code --logical-date=2026-11-26} runs that date; {@code --backfill-from=...
 * --backfill-to=...} backfills a range; with neither, yesterday (UTC). {@code --job=featureSnapshot} or
 * {@code --job=driftMonitor} runs one part of the flow (a Data Flow composed task's steps); the default is
 * {@code nightly}. The properties {@code onramp.batch.job} and {@code onramp.batch.logical-date} do the same
 * where a platform passes properties rather than arguments. With
 * {@code onramp.batch.schedule-enabled} the app stays up and runs yesterday at {@code schedule-cron}
 * instead. Restarts asked for in rules-admin's Jobs page are carried out first. The exit code is 1 when a
 * run did not complete, for Data Flow and Kubernetes to see; Spring Cloud Task records it with the run's
 * task execution ({@code TASK_EXECUTION}, linked to the job executions in {@code TASK_TASK_BATCH}).
 */
public class NightlyCommand implements ExitCodeGenerator {

	private static final Logger log = LoggerFactory.getLogger(NightlyCommand.class);

	private final NightlyRuns runs;

	private final RestartRequests restarts;

	private final DriftJobProperties properties;

	private final Clock clock;

	private volatile int exitCode;

	private final ApplicationEventPublisher events;

	public NightlyCommand(NightlyRuns runs, RestartRequests restarts, DriftJobProperties properties, Clock clock,
			ApplicationEventPublisher events) {
		this.events = events;
		this.runs = runs;
		this.restarts = restarts;
		this.properties = properties;
		this.clock = clock;
	}

	/** What the app does when it has started (unless {@code onramp.batch.run-on-startup} is off). */
	public ApplicationRunner onStartup() {
		return args -> {
			if (properties.isRunOnStartup()) {
				execute(args);
			}
		};
	}

	/** Does what the arguments say; sets the exit code. */
	public void execute(ApplicationArguments args) throws Exception {
		restarts.handlePending();
		String job = args.containsOption("job") ? args.getOptionValues("job").get(0) : properties.getJob();
		List<NightlyRuns.Outcome> outcomes;
		if (args.containsOption("backfill-from")) {
			outcomes = runs.backfill(job, date(args, "backfill-from"), date(args, "backfill-to"));
		}
		else if (args.containsOption("logical-date")) {
			outcomes = List.of(runs.run(job, date(args, "logical-date")));
		}
		else if (properties.getLogicalDate() != null) {
			outcomes = List.of(runs.run(job, properties.getLogicalDate()));
		}
		else if (properties.isScheduleEnabled()) {
			log.info("Running {} every day at '{}' (UTC)", NightlyRuns.JOB, properties.getScheduleCron());
			return;
		}
		else {
			outcomes = List.of(runs.run(job, yesterday()));
		}
		outcomes.forEach(outcome -> log.info("{}: {} {}", outcome.day(), outcome.action(), outcome.status()));
		exitCode = outcomes.stream().allMatch(outcome -> outcome.status() == BatchStatus.COMPLETED) ? 0 : 1;
		if (exitCode != 0) {
			// Spring Cloud Task records the run's exit code from this event (Data Flow shows it).
			events.publishEvent(new ExitCodeEvent(this, exitCode));
		}
	}

	@Scheduled(cron = "${onramp.batch.schedule-cron:0 30 2 * * *}", zone = "UTC")
	void scheduled() throws Exception {
		if (properties.isScheduleEnabled()) {
			runs.run(yesterday());
		}
	}

	/** Restarts asked for in rules-admin, within a minute, when the app runs on its schedule. */
	@Scheduled(fixedDelay = 60_000, initialDelay = 60_000)
	void restartsAskedFor() {
		if (properties.isScheduleEnabled()) {
			restarts.handlePending();
		}
	}

	@Override
	public int getExitCode() {
		return exitCode;
	}

	private LocalDate yesterday() {
		return LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(1);
	}

	private static LocalDate date(ApplicationArguments args, String option) {
		List<String> values = args.getOptionValues(option);
		if (values == null || values.isEmpty()) {
			throw new IllegalArgumentException("--" + option + "=YYYY-MM-DD is needed");
		}
		return LocalDate.parse(values.get(0));
	}

}
