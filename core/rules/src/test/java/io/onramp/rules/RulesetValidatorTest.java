package io.onramp.rules;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RulesetValidatorTest {

	private final RulesetValidator validator = new RulesetValidator(FeatureCatalog.defaults());

	@Test
	void theStarterRulesetIsValid() {
		assertThat(validator.validate(RulesetJson.readResource("onramp/rulesets/starter.json"))).isEmpty();
	}

	@Test
	void anUnknownFeatureIsNamedWithTheLikelyIntendedOne() {
		assertThat(problems("{\"feature\":\"device_typ\",\"op\":\"eq\",\"value\":\"mobile\"}"))
			.containsExactly(new RuleProblem("rules[0].when.feature", "Feature 'device_typ' does not exist. Did you mean 'device_type'?"));
		assertThat(problems("{\"all\":[{\"feature\":\"max_step_complete\",\"op\":\"gte\",\"value\":2}]}"))
			.containsExactly(new RuleProblem("rules[0].when.all[0].feature",
					"Feature 'max_step_complete' does not exist. Did you mean 'max_step_completed'?"));
		assertThat(problems("{\"feature\":\"happiness\",\"op\":\"gt\",\"value\":3}"))
			.containsExactly(new RuleProblem("rules[0].when.feature", "Feature 'happiness' does not exist."));
	}

	@Test
	void aValueMustFitTheFeature() {
		assertThat(problems("{\"feature\":\"steps_completed\",\"op\":\"eq\",\"value\":\"two\"}")).singleElement()
			.extracting(RuleProblem::message)
			.isEqualTo("Feature 'steps_completed' is a number, so compare it with a number, not 'two'.");
		assertThat(problems("{\"feature\":\"device_type\",\"op\":\"in\",\"value\":[\"mobile\",\"phone\"]}")).singleElement()
			.extracting(RuleProblem::message)
			.isEqualTo("Feature 'device_type' is never 'phone'; it is one of desktop, tablet, mobile.");
		assertThat(problems("{\"feature\":\"device_type\",\"op\":\"gt\",\"value\":\"mobile\"}")).singleElement()
			.extracting(RuleProblem::message).asString().startsWith("'is greater than' compares numbers, but Feature 'device_type' is a text");
		assertThat(problems("{\"feature\":\"steps_completed\",\"op\":\"contains\",\"value\":\"2\"}")).singleElement()
			.extracting(RuleProblem::message).asString().contains("works on text");
		assertThat(problems("{\"feature\":\"event.type\",\"op\":\"eq\",\"value\":\"tap\"}")).singleElement()
			.extracting(RuleProblem::message).asString().contains("is never 'tap'");
	}

	@Test
	void eventPropertiesMayBeAnything() {
		assertThat(problems("{\"feature\":\"event.properties.plan\",\"op\":\"eq\",\"value\":\"pro\"}")).isEmpty();
	}

	@Test
	void windowsAudiencesAndCapsMustMakeSense() {
		assertThat(problems("{\"all\":[]}", "\"activeFrom\":\"2026-12-24T00:00:00Z\",\"activeTo\":\"2026-12-01T00:00:00Z\","))
			.extracting(RuleProblem::path).containsExactly("rules[0].activeTo");
		assertThat(problems("{\"all\":[]}", "\"audience\":{\"percentage\":150},"))
			.extracting(RuleProblem::message).containsExactly("The audience share must be between 0 and 100 percent, not 150.0.");
		assertThat(problems("{\"all\":[]}", "\"audience\":{\"include\":[\"u-1\"],\"exclude\":[\"u-1\"]},"))
			.extracting(RuleProblem::message).containsExactly("User 'u-1' is both included and excluded; remove one.");
		assertThat(problems("{\"all\":[]}", "\"frequencyCap\":{\"cooldown\":\"PT0S\"},"))
			.extracting(RuleProblem::message).containsExactly("A cooldown must be longer than zero.");
		assertThat(problems("{\"any\":[]}")).extracting(RuleProblem::path).containsExactly("rules[0].when.any");
	}

	private List<RuleProblem> problems(String condition) {
		return problems(condition, "");
	}

	private List<RuleProblem> problems(String condition, String extraFields) {
		return validator.validate(RulesetJson.read(Rulesets.oneRule(condition, extraFields)));
	}

}
