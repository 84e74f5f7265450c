package io.onramp.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ApplicationContext;
import org.springframework.core.io.ClassPathResource;

import io.onramp.admin.release.ReleaseService;
import io.onramp.admin.rule.RuleService;
import io.onramp.admin.rule.RuleVersion;
import io.onramp.contracts.OnrampJson;

/**
 * The sandbox's demo rules: the evaluator's starter ruleset, entered into an empty rules-admin the way
 * people would (created by the editor ed, submitted, approved by ann, published by ann), so the rules page
 * lists the rules that run and the next release builds on them.
 */
final class StarterRules {

	private static final Logger log = LoggerFactory.getLogger(StarterRules.class);

	private static final String STARTER = "onramp/rulesets/starter.json";

	private StarterRules() {
	}

	static void importInto(ApplicationContext rulesAdmin) {
		RuleService rules = rulesAdmin.getBean(RuleService.class);
		if (!rules.list(null, null, null, null).isEmpty()) {
			return;
		}
		JsonNode starter;
		try (InputStream json = new ClassPathResource(STARTER).getInputStream()) {
			starter = OnrampJson.mapper().readTree(json);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + STARTER, ex);
		}
		int imported = 0;
		for (JsonNode rule : starter.get("rules")) {
			RuleVersion draft = rules.create(RuleService.parse(rule.toString()), "The sandbox's starter rule", "ed");
			rules.submit(draft.ruleId(), draft.version(), "ed");
			rules.approve(draft.ruleId(), draft.version(), "ann", "Demo rules, approved by the sandbox");
			imported++;
		}
		rulesAdmin.getBean(ReleaseService.class).publish("ann", "The starter rules, entered by the sandbox");
		log.info("rules-admin: {} starter rules created, approved and published", imported);
	}

}
