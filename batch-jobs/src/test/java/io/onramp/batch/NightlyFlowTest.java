package io.onramp.batch;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.stream.binder.test.OutputDestination;
import org.springframework.cloud.stream.binder.test.TestChannelBinderConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.messaging.Message;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

import io.onramp.batch.flow.NightlyCommand;
import io.onramp.batch.flow.NightlyRuns;
import io.onramp.batch.flow.RestartRequests;
import io.onramp.contracts.OnrampJson;
import io.onramp.batch.snapshot.FeatureSnapshots;
import io.onramp.testsupport.OnrampTestProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The nightly DAG (snapshot → drift → alert) by logical date, as a backfill over {@link SyntheticHistory}
 * on real Postgres: each date runs once and in order, a second backfill skips them all (the job repository
 * decides), a drift alert goes out for the shifted day only, and a date that fails stops the backfill and is
 * restarted by the next one.
 */
@SpringBootTest(properties = { "onramp.batch.snapshot-slices=4", "onramp.batch.run-on-startup=false" })
@Import(TestChannelBinderConfiguration.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NightlyFlowTest {

	private static final String ALERTS = "onramp.drift-alerts";

	/** Stands in for a chat or incident webhook: what it was sent. */
	private static final List<String> webhookCalls = new CopyOnWriteArrayList<>();

	private static HttpServer webhook;

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) throws IOException {
		OnrampTestProperties.postgres(registry, "batch_nightly");
		webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		webhook.createContext("/hooks/drift", exchange -> {
			webhookCalls.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		webhook.start();
		registry.add("onramp.batch.alert-webhook", () -> "http://127.0.0.1:" + webhook.getAddress().getPort() + "/hooks/drift");
	}

	@AfterAll
	static void stopWebhook() {
		webhook.stop(0);
	}

	@Autowired
	NightlyRuns runs;

	@Autowired
	JobRepository repository;

	@Autowired
	OutputDestination output;

	@Autowired
	NightlyCommand command;

	@Autowired
	RestartRequests restarts;

	@Autowired
	DataSource dataSource;

	@MockitoSpyBean
	FeatureSnapshots snapshots;

	@BeforeAll
	void history() {
		SyntheticHistory.write(dataSource);
	}

	@Test
	void aBackfillRunsEachDateOnceInOrderAndAlertsOnTheShiftedDay() throws Exception {
		List<NightlyRuns.Outcome> first = runs.backfill(SyntheticHistory.FIRST, SyntheticHistory.D2);
		assertThat(first).hasSize(9).allSatisfy(outcome -> {
			assertThat(outcome.action()).isEqualTo(NightlyRuns.Outcome.Action.STARTED);
			assertThat(outcome.status()).isEqualTo(BatchStatus.COMPLETED);
		});
		assertThat(first).extracting(NightlyRuns.Outcome::day).isSorted();

		List<JsonNode> alerts = new ArrayList<>();
		for (Message<byte[]> alert = output.receive(500, ALERTS); alert != null; alert = output.receive(500, ALERTS)) {
			alerts.add(OnrampJson.mapper().readTree(alert.getPayload()));
		}
		assertThat(alerts).extracting(alert -> alert.get("logicalDate").asString()).contains(SyntheticHistory.D2.toString())
			.doesNotContain(SyntheticHistory.D1.toString());
		JsonNode shifted = alerts.stream()
			.filter(alert -> alert.get("logicalDate").asString().equals(SyntheticHistory.D2.toString()))
			.findFirst()
			.orElseThrow();
		assertThat(shifted.get("datasetDrifted").asBoolean()).isTrue();
		assertThat(shifted.get("driftedFeatures").toString()).isEqualTo("[\"device_type\",\"engagement_score\"]");
		assertThat(webhookCalls).as("each alert also POSTed to the webhook").hasSize(alerts.size());
		assertThat(webhookCalls).anySatisfy(call -> assertThat(OnrampJson.mapper().readTree(call).get("logicalDate").asString())
			.isEqualTo(SyntheticHistory.D2.toString()));

		List<NightlyRuns.Outcome> again = runs.backfill(SyntheticHistory.FIRST, SyntheticHistory.D2);
		assertThat(again).hasSize(9).allSatisfy(outcome -> assertThat(outcome.action()).isEqualTo(NightlyRuns.Outcome.Action.SKIPPED));
		assertThat(repository.getJobInstanceCount(NightlyRuns.JOB)).isGreaterThanOrEqualTo(9);
		assertThat(output.receive(500, ALERTS)).as("nothing ran again").isNull();
	}

	@Test
	void theCommandLineRunsOnePartOfTheFlowForADate() throws Exception {
		LocalDate day = SyntheticHistory.FIRST.plusDays(4);
		command.execute(new DefaultApplicationArguments("--job=featureSnapshot", "--logical-date=" + day));
		assertThat(command.getExitCode()).isZero();
		assertThat(repository.getLastJobExecution("featureSnapshot",
				new JobParametersBuilder().addLocalDate("logicalDate", day).toJobParameters()).getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(new JdbcTemplate(dataSource).queryForObject("SELECT count(*) FROM user_snapshot WHERE logical_date = ?",
				Long.class, Date.valueOf(day))).isEqualTo(SyntheticHistory.USERS);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> command.execute(new DefaultApplicationArguments("--job=everything", "--logical-date=" + day)))
			.withMessageContaining("There is no job 'everything'");
	}

	@Test
	void aDateThatFailsStopsTheBackfillAndTheNextBackfillRestartsIt() throws Exception {
		LocalDate day = SyntheticHistory.D2.plusDays(1);
		SyntheticHistory.failOnce(snapshots, 256);

		List<NightlyRuns.Outcome> first = runs.backfill(day, day.plusDays(1));
		assertThat(first).singleElement().satisfies(outcome -> {
			assertThat(outcome.day()).isEqualTo(day);
			assertThat(outcome.status()).isEqualTo(BatchStatus.FAILED);
		});

		List<NightlyRuns.Outcome> second = runs.backfill(day, day.plusDays(1));
		assertThat(second).extracting(outcome -> outcome.day() + " " + outcome.action() + " " + outcome.status())
			.containsExactly(day + " RESTARTED COMPLETED", day.plusDays(1) + " STARTED COMPLETED");
	}

	@Test
	void aRestartAskedForInRulesAdminIsCarriedOut() throws Exception {
		LocalDate day = SyntheticHistory.D2.plusDays(5);
		SyntheticHistory.failOnce(snapshots, 512);
		assertThat(runs.run(day).status()).isEqualTo(BatchStatus.FAILED);
		JobParameters parameters = new JobParametersBuilder().addLocalDate("logicalDate", day).toJobParameters();
		long failedExecution = repository.getLastJobExecution(NightlyRuns.JOB, parameters).getId();

		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		jdbc.update("INSERT INTO job_restart_request (execution_id, requested_by) VALUES (?, 'ann')", failedExecution);
		jdbc.update("INSERT INTO job_restart_request (execution_id, requested_by) VALUES (?, 'ann')", 999_999L);
		assertThat(restarts.handlePending()).isEqualTo(2);

		assertThat(repository.getLastJobExecution(NightlyRuns.JOB, parameters).getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(jdbc.queryForObject("SELECT outcome FROM job_restart_request WHERE execution_id = ?", String.class, failedExecution))
			.startsWith("restarted as execution ").endsWith(": COMPLETED");
		assertThat(jdbc.queryForObject("SELECT outcome FROM job_restart_request WHERE execution_id = 999999", String.class))
			.isEqualTo("there is no execution 999999");
		assertThat(restarts.handlePending()).as("each request is handled once").isZero();
	}

}
