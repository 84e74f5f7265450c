package io.onramp.admin;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.onramp.contracts.OnrampJson;
import io.onramp.contracts.RedisKeys;
import io.onramp.rules.RulesetJson;
import io.onramp.rules.RulesetRelease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

/**
 * The REST API end to end, on real Postgres (rules, versions, releases, audit) and real Redis (where the
 * release goes for the evaluators), signed in as real users.
 */
@SpringBootTest
@AutoConfigureMockMvc
class RulesAdminApiTest {

	private static String redisPrefix;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		redisPrefix = AdminTestUsers.register(registry, "admin_api");
	}

	@Autowired
	MockMvc mvc;

	@Autowired
	StringRedisTemplate redis;

	@Test
	void aRuleIsWrittenReviewedPublishedAndRolledBack() throws Exception {
		// An editor writes a rule; its first version is a draft.
		JsonNode created = json(call(post("/api/rules"), AdminTestUsers.EDITOR, change(null, "first cut", rule("Compact on phones", 120)), 201));
		assertThat(created.get("version").asInt()).isEqualTo(1);
		assertThat(created.get("status").asString()).isEqualTo("DRAFT");
		assertThat(created.get("features").get(0).asString()).isEqualTo("device_type");
		assertThat(created.get("text").asString()).isEqualTo("When device_type is 'mobile': use the compact layout, show low content density.");

		// Two editors start from version 1: the first saves, the second gets a conflict, and nothing of hers is kept.
		call(put("/api/rules/phones-compact"), AdminTestUsers.EDITOR, change(1, "higher priority", rule("Compact on phones", 130)), 200);
		JsonNode conflict = json(call(put("/api/rules/phones-compact"), AdminTestUsers.OTHER_EDITOR,
				change(1, "rename", rule("Phones get compact", 120)), 409));
		assertThat(conflict.get("detail").asString()).contains("was changed by ed").contains("version 2").contains("Nothing was saved");
		assertThat(json(call(get("/api/rules/phones-compact"), AdminTestUsers.VIEWER, null, 200)).get("name").asString())
			.isEqualTo("Compact on phones");

		// Submitted; the author cannot approve it himself, an approver can.
		call(post("/api/rules/phones-compact/versions/2/submit"), AdminTestUsers.EDITOR, null, 200);
		call(post("/api/rules/phones-compact/versions/2/approve"), AdminTestUsers.APPROVER, "{\"comment\":\"ok\"}", 200);
		JsonNode approvedAgain = json(call(post("/api/rules/phones-compact/versions/2/approve"), AdminTestUsers.ADMIN, "{}", 409));
		assertThat(approvedAgain.get("detail").asString()).contains("is APPROVED, not IN_REVIEW");

		// Published: the release is in Redis, active, and announced to the evaluators.
		JsonNode first = json(call(post("/api/releases"), AdminTestUsers.APPROVER, "{\"note\":\"phones\"}", 201));
		long firstNumber = first.get("number").asLong();
		assertThat(first.get("rules").get("phones-compact").asInt()).isEqualTo(2);
		RedisKeys keys = new RedisKeys(redisPrefix);
		assertThat(redis.opsForValue().get(keys.activeRelease())).isEqualTo(Long.toString(firstNumber));
		RulesetRelease live = RulesetJson.readRelease(redis.opsForValue().get(keys.rulesetRelease(firstNumber)));
		assertThat(live.publishedBy()).isEqualTo("ann");
		assertThat(live.ruleset().rules()).singleElement().satisfies(r -> {
			assertThat(r.id()).isEqualTo("phones-compact");
			assertThat(r.version()).isEqualTo(2);
			assertThat(r.priority()).isEqualTo(130);
		});
		assertThat(json(call(get("/api/rules/phones-compact/versions/2"), AdminTestUsers.VIEWER, null, 200)).get("status").asString())
			.isEqualTo("PUBLISHED");
		assertThat(json(call(post("/api/releases"), AdminTestUsers.APPROVER, "{}", 409)).get("detail").asString())
			.contains("already has every approved version");

		// Version 3 goes out, then the release before it comes back as a new release.
		call(put("/api/rules/phones-compact"), AdminTestUsers.OTHER_EDITOR, change(2, "lower", rule("Compact on phones", 90)), 200);
		call(post("/api/rules/phones-compact/versions/3/submit"), AdminTestUsers.OTHER_EDITOR, null, 200);
		call(post("/api/rules/phones-compact/versions/3/approve"), AdminTestUsers.APPROVER, "{}", 200);
		long second = json(call(post("/api/releases"), AdminTestUsers.APPROVER, "{}", 201)).get("number").asLong();
		JsonNode rolledBack = json(call(post("/api/releases/" + firstNumber + "/rollback"), AdminTestUsers.APPROVER, "{}", 201));
		long third = rolledBack.get("number").asLong();
		assertThat(third).isGreaterThan(second);
		assertThat(rolledBack.get("rollbackOf").asLong()).isEqualTo(firstNumber);
		assertThat(rolledBack.get("rules").get("phones-compact").asInt()).isEqualTo(2);
		assertThat(redis.opsForValue().get(keys.activeRelease())).isEqualTo(Long.toString(third));
		assertThat(RulesetJson.readRelease(redis.opsForValue().get(keys.rulesetRelease(third))).ruleset().rules().get(0).version())
			.isEqualTo(2);
		assertThat(json(call(get("/api/rules?status=PUBLISHED"), AdminTestUsers.VIEWER, null, 200)).get(0).get("liveVersion").asInt())
			.as("the rollback stays until something new is approved").isEqualTo(2);

		// Everything was audited, and the log exports as CSV.
		JsonNode audit = json(call(get("/api/audit?target=rule:phones-compact"), AdminTestUsers.ADMIN, null, 200));
		assertThat(audit.valueStream().map(entry -> entry.get("action").asString()).toList()).containsExactly("rule.approved",
				"rule.submitted", "rule.saved", "rule.approved", "rule.submitted", "rule.saved", "rule.created");
		String csv = call(get("/api/audit/export?action=release.rolled_back"), AdminTestUsers.ADMIN, null, 200).getResponse()
			.getContentAsString();
		assertThat(csv.lines().toList()).hasSize(2);
		assertThat(csv.lines().toList().get(0)).isEqualTo("id,at,actor,action,target,details");
		assertThat(csv.lines().toList().get(1)).contains(",ann,release.rolled_back,release:" + third + ",");
	}

	@Test
	void aRuleThatWillNotSaveSaysWhyInBusinessWords() throws Exception {
		String misspelled = """
				{"id": "misspelled", "name": "Engaged users", "priority": 10,
				 "when": {"all": [{"feature": "engagment_score", "op": "gt", "value": 5}]},
				 "then": [{"setDensity": "low"}]}""";
		JsonNode problem = json(call(post("/api/rules"), AdminTestUsers.EDITOR, "{\"rule\":" + misspelled + "}", 400));
		assertThat(problem.get("title").asString()).isEqualTo("The rule will not save");
		JsonNode first = problem.get("problems").get(0);
		assertThat(first.get("message").asString()).contains("engagment_score").contains("Did you mean 'engagement_score'");
		assertThat(first.get("field").asString()).startsWith("rule.");

		JsonNode badId = json(call(post("/api/rules"), AdminTestUsers.EDITOR,
				"{\"rule\":" + misspelled.replace("\"misspelled\"", "\"Bad Id!\"").replace("engagment", "engagement") + "}", 400));
		assertThat(badId.get("problems").get(0).get("field").asString()).isEqualTo("rule.id");
		assertThat(json(call(post("/api/rules"), AdminTestUsers.EDITOR, "not json", 400)).get("problems").get(0).get("message")
			.asString()).isEqualTo("The body is not JSON.");
		assertThat(json(call(get("/api/rules?q=misspelled"), AdminTestUsers.VIEWER, null, 200))).isEmpty();
	}

	private MvcResult call(MockHttpServletRequestBuilder request, AdminTestUsers user, String body, int expectedStatus)
			throws Exception {
		if (body != null) {
			request.contentType(MediaType.APPLICATION_JSON).content(body);
		}
		MvcResult result = mvc.perform(request.with(user.basic())).andReturn();
		assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(expectedStatus);
		return result;
	}

	private static JsonNode json(MvcResult result) throws Exception {
		return OnrampJson.mapper().readTree(result.getResponse().getContentAsString());
	}

	private static String change(Integer baseVersion, String note, String rule) {
		return OnrampJson.mapper().writeValueAsString(Map.of("note", note, "rule", OnrampJson.mapper().readTree(rule)))
			.replaceFirst("^\\{", baseVersion == null ? "{" : "{\"baseVersion\":" + baseVersion + ",");
	}

	private static String rule(String name, int priority) {
		return """
				{"id": "phones-compact", "name": "%s", "priority": %d, "tags": ["mobile"],
				 "when": {"all": [{"feature": "device_type", "op": "eq", "value": "mobile"}]},
				 "then": [{"setLayout": "compact"}, {"setDensity": "low"}]}""".formatted(name, priority);
	}


}
