package io.onramp.admin;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.onramp.contracts.OnrampJson;
import io.onramp.contracts.RedisKeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Trying a rule before publishing it: on a real user's features in Redis, on a typed vector, and as a
 * backtest over the offline history in Postgres (written by the aggregator's own migrations).
 */
@SpringBootTest
@AutoConfigureMockMvc
class SimulationTest {

	private static String redisPrefix;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		redisPrefix = AdminTestUsers.register(registry, "admin_simulation");
	}

	@Autowired
	MockMvc mvc;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	DataSource dataSource;

	@BeforeEach
	void tabletRule() throws Exception {
		if (status(get("/api/rules/tablet-medium"), AdminTestUsers.VIEWER) == 404) {
			String rule = """
					{"rule": {"id": "tablet-medium", "name": "Medium density for tablets past step one", "priority": 60,
					 "when": {"all": [{"feature": "device_type", "op": "eq", "value": "tablet"},
					                  {"feature": "steps_completed", "op": "gte", "value": 1}]},
					 "then": [{"setDensity": "medium"}]}}""";
			assertThat(status(post("/api/rules").contentType(MediaType.APPLICATION_JSON).content(rule), AdminTestUsers.EDITOR))
				.isEqualTo(201);
		}
	}

	@Test
	void simulatesOnARealUserAndOnTypedFeatures() throws Exception {
		RedisKeys keys = new RedisKeys(redisPrefix);
		redis.opsForHash().putAll(keys.features("u-tab"), Map.of("device_type", "tablet", "steps_completed", "2", "_version", "3"));

		JsonNode onUser = simulate("{\"userId\": \"u-tab\"}", 200);
		assertThat(onUser.at("/simulation/evaluation/experience/density").asString()).isEqualTo("medium");
		JsonNode trace = rule(onUser, "tablet-medium");
		assertThat(trace.get("fired").asBoolean()).isTrue();
		assertThat(trace.get("slotsWon").get(0).asString()).isEqualTo("density");

		JsonNode onVector = simulate("{\"features\": {\"device_type\": \"mobile\", \"steps_completed\": 4}}", 200);
		JsonNode notFired = rule(onVector, "tablet-medium");
		assertThat(notFired.get("fired").asBoolean()).isFalse();
		assertThat(notFired.at("/condition/parts/0/held").asBoolean()).isFalse();
		assertThat(notFired.at("/condition/parts/0/actual").asString()).isEqualTo("mobile");
		assertThat(notFired.at("/condition/parts/1/held").asBoolean()).isTrue();

		assertThat(simulate("{\"userId\": \"nobody\"}", 404).get("detail").asString()).contains("no features for user 'nobody'");
	}

	@Test
	void aBacktestCountsPerDayTheUsersTheRuleWouldHaveFiredFor() throws Exception {
		// The aggregator's migrations, as its own app properties run them, into the schema rules-admin also uses.
		Flyway.configure()
			.dataSource(dataSource)
			.locations("classpath:db/migration")
			.baselineOnMigrate(true)
			.baselineVersion("0")
			.load()
			.migrate();
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		Instant now = Instant.now();
		Instant today = now.minus(1, ChronoUnit.MINUTES);
		Instant startOfToday = LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
		if (today.isBefore(startOfToday)) {
			today = startOfToday;
		}
		Instant yesterday = startOfToday.minus(14, ChronoUnit.HOURS);
		Instant earlier = startOfToday.minus(3, ChronoUnit.DAYS);
		// u1 becomes eligible yesterday; u2 is on a phone; u3 was a tablet user before the window and acts today.
		change(jdbc, "u1", 1, yesterday, "{\"device_type\": \"tablet\", \"steps_completed\": \"0\"}");
		change(jdbc, "u1", 2, yesterday.plusSeconds(60), "{\"steps_completed\": \"1\"}");
		change(jdbc, "u2", 1, yesterday, "{\"device_type\": \"mobile\", \"steps_completed\": \"1\"}");
		change(jdbc, "u2", 2, today, "{\"steps_completed\": \"3\"}");
		change(jdbc, "u3", 1, earlier, "{\"device_type\": \"tablet\", \"steps_completed\": \"1\"}");
		change(jdbc, "u3", 2, today, "{\"steps_completed\": \"2\"}");

		MvcResult result = mvc.perform(get("/api/rules/tablet-medium/versions/1/backtest?days=2").with(AdminTestUsers.VIEWER.basic()))
			.andReturn();
		assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(200);
		JsonNode days = OnrampJson.mapper().readTree(result.getResponse().getContentAsString()).get("days");
		assertThat(days).hasSize(2);
		assertThat(days.get(0).get("day").asString()).isEqualTo(yesterday.atZone(ZoneOffset.UTC).toLocalDate().toString());
		assertThat(days.get(0).get("activeUsers").asInt()).isEqualTo(2);
		assertThat(days.get(0).get("firedFor").asInt()).isEqualTo(1);
		assertThat(days.get(1).get("activeUsers").asInt()).isEqualTo(2);
		assertThat(days.get(1).get("firedFor").asInt()).as("u3, from a state set before the window").isEqualTo(1);
	}

	private static void change(JdbcTemplate jdbc, String user, long version, Instant at, String changes) {
		jdbc.update("INSERT INTO feature_changes (user_id, version, event_time, event_id, changes) VALUES (?, ?, ?, ?, ?::jsonb)", user,
				version, Timestamp.from(at), user + "-" + version, changes);
	}

	private JsonNode simulate(String body, int expected) throws Exception {
		MvcResult result = mvc.perform(post("/api/rules/tablet-medium/simulate").with(AdminTestUsers.VIEWER.basic())
			.contentType(MediaType.APPLICATION_JSON)
			.content(body)).andReturn();
		assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(expected);
		return OnrampJson.mapper().readTree(result.getResponse().getContentAsString());
	}

	private static JsonNode rule(JsonNode simulation, String ruleId) {
		for (JsonNode trace : simulation.at("/simulation/rules")) {
			if (trace.get("ruleId").asString().equals(ruleId)) {
				return trace;
			}
		}
		throw new AssertionError("No trace of " + ruleId + " in " + simulation);
	}

	private int status(MockHttpServletRequestBuilder request, AdminTestUsers user)
			throws Exception {
		return mvc.perform(request.with(user.basic())).andReturn().getResponse().getStatus();
	}

}
