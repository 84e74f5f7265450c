package io.onramp.admin.rule;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import io.onramp.admin.web.ConflictException;
import io.onramp.admin.web.InvalidRuleException;
import io.onramp.admin.web.NotFoundException;
import io.onramp.contracts.OnrampJson;
import io.onramp.rules.Rule;
import io.onramp.rules.RuleProblem;
import io.onramp.rules.RulesetJson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

/** The rules API controller alone: how it reads a change and how each failure reaches the client. */
@WebMvcTest(RuleApiController.class)
class RuleApiControllerTest {

	private static final String RULE = """
			{"id": "r", "name": "R", "priority": 1, "when": {"all": [{"feature": "device_type", "op": "eq", "value": "mobile"}]},
			 "then": [{"setDensity": "low"}]}""";

	@Autowired
	MockMvc mvc;

	@MockitoBean
	RuleService rules;

	@Test
	void aSaveIsReadFromTheChangeAndAnsweredWithTheVersionInPlainWords() throws Exception {
		given(rules.save(eq("r"), eq(4), any(), eq("why"), eq("ed"))).willAnswer(call -> new RuleVersion("r", 5,
				call.getArgument(2, Rule.class).withVersion(5), List.of(), List.of("device_type"), VersionStatus.DRAFT,
				"why", "ed", Instant.parse("2026-11-27T10:00:00Z"), null, null, null));
		JsonNode saved = json(save("{\"baseVersion\": 4, \"note\": \"why\", \"rule\": " + RULE + "}", 200));
		assertThat(saved.get("version").asInt()).isEqualTo(5);
		assertThat(saved.get("text").asString()).isEqualTo("When device_type is 'mobile': show low content density.");
		assertThat(RulesetJson.readRule(saved.get("rule").toString()).version()).isEqualTo(5);
	}

	@Test
	void eachFailureIsAProblemDetailWithItsReason() throws Exception {
		assertThat(json(save("{\"note\": \"no base\", \"rule\": " + RULE + "}", 400)).at("/problems/0/field").asString())
			.isEqualTo("baseVersion");
		assertThat(json(save("{\"baseVersion\": 1}", 400)).at("/problems/0/field").asString()).isEqualTo("rule");

		willThrow(new ConflictException("Rule 'r' was changed by eve")).given(rules)
			.save(anyString(), anyInt(), any(), anyString(), anyString());
		JsonNode conflict = json(save("{\"baseVersion\": 1, \"rule\": " + RULE + "}", 409));
		assertThat(conflict.get("title").asString()).isEqualTo("Conflict: nothing was changed");
		assertThat(conflict.get("detail").asString()).isEqualTo("Rule 'r' was changed by eve");

		willThrow(new InvalidRuleException(List.of(new RuleProblem("rule.name", "Give the rule a name.")))).given(rules)
			.save(anyString(), anyInt(), any(), anyString(), anyString());
		assertThat(json(save("{\"baseVersion\": 1, \"rule\": " + RULE + "}", 400)).at("/problems/0/message").asString())
			.isEqualTo("Give the rule a name.");

		given(rules.latest("gone")).willThrow(new NotFoundException("There is no rule 'gone'."));
		MvcResult missing = mvc.perform(get("/api/rules/gone").with(user("vera").roles("VIEWER"))).andReturn();
		assertThat(missing.getResponse().getStatus()).isEqualTo(404);
		assertThat(json(missing).get("detail").asString()).isEqualTo("There is no rule 'gone'.");
	}

	private MvcResult save(String body, int expected) throws Exception {
		MvcResult result = mvc.perform(put("/api/rules/r").with(user("ed").roles("EDITOR"))
			.with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content(body)).andReturn();
		assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(expected);
		return result;
	}

	private static JsonNode json(MvcResult result) throws Exception {
		return OnrampJson.mapper().readTree(result.getResponse().getContentAsString());
	}

}
