package io.onramp.rules;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.onramp.contracts.Experience;
import io.onramp.contracts.ExperienceDecision.FiredRule;
import io.onramp.rules.CompiledRuleset.Evaluation;

import static org.assertj.core.api.Assertions.assertThat;

class CompiledRulesetTest {

	private final CompiledRuleset starter = CompiledRuleset.compile(RulesetJson.readResource("onramp/rulesets/starter.json"));

	@Test
	void aDesktopUserGetsTheDefaults() {
		Evaluation evaluation = starter.evaluate(view(Map.of("device_type", "desktop")));
		assertThat(evaluation.experience().layout()).isEqualTo("standard");
		assertThat(evaluation.experience().density()).isEqualTo("high");
		assertThat(evaluation.experience().hint().id()).isEqualTo("step-1");
		assertThat(evaluation.firedRules()).isEmpty();
	}

	@Test
	void aMobileUserGetsACompactLowDensityExperience() {
		Experience experience = starter.evaluate(view(Map.of("device_type", "mobile"))).experience();
		assertThat(experience.layout()).isEqualTo("compact");
		assertThat(experience.density()).isEqualTo("low");
		assertThat(experience.features()).containsEntry("quick_actions", true).containsEntry("bulk_import", false);
		assertThat(experience.checklist()).containsExactly("profile", "invite_team", "connect_data");
	}

	@Test
	void completingAStepShowsTheHintForTheNextOne() {
		assertThat(starter.evaluate(view(Map.of("max_step_completed", 2L))).experience().hint().id()).isEqualTo("step-3");
		assertThat(starter.evaluate(view(Map.of("max_step_completed", 4.0))).experience().hint().id()).isEqualTo("step-5");
	}

	@Test
	void theHighestPriorityFiringRuleWinsEachSlotAndTiesGoToTheSmallerId() {
		Ruleset ruleset = RulesetJson.read("""
				{"release":"r1","defaults":{"layout":"standard","density":"high"},
				 "rules":[
				  {"id":"b-low","priority":1,"when":{"all":[]},"then":[{"setDensity":"low"},{"setLayout":"compact"}]},
				  {"id":"a-medium","priority":5,"when":{"all":[]},"then":[{"setDensity":"medium"}]},
				  {"id":"c-tie","priority":5,"when":{"all":[]},"then":[{"setDensity":"high"}]},
				  {"id":"off","priority":99,"enabled":false,"when":{"all":[]},"then":[{"setLayout":"standard"}]}]}
				""");
		Evaluation evaluation = CompiledRuleset.compile(ruleset).evaluate(view(Map.of()));
		assertThat(evaluation.experience().density()).isEqualTo("medium");
		assertThat(evaluation.experience().layout()).isEqualTo("compact");
		assertThat(evaluation.firedRules()).containsExactly(new FiredRule("a-medium", 1, java.util.List.of("density")),
				new FiredRule("c-tie", 1, java.util.List.of()), new FiredRule("b-low", 1, java.util.List.of("layout")));
	}

	@Test
	void operatorsCompareNumbersNumericallyAndNeverMatchAnAbsentFeature() {
		Map<String, Object> features = new HashMap<>(Map.of("score", 0.75, "clicks", 3L, "path", "/onboarding/2"));
		assertThat(fires("{\"feature\":\"score\",\"op\":\"gt\",\"value\":0.7}", features)).isTrue();
		assertThat(fires("{\"feature\":\"clicks\",\"op\":\"between\",\"value\":[1,3]}", features)).isTrue();
		assertThat(fires("{\"feature\":\"clicks\",\"op\":\"in\",\"value\":[1,2]}", features)).isFalse();
		assertThat(fires("{\"feature\":\"clicks\",\"op\":\"not_in\",\"value\":[1,2]}", features)).isTrue();
		assertThat(fires("{\"feature\":\"path\",\"op\":\"starts_with\",\"value\":\"/onboarding\"}", features)).isTrue();
		assertThat(fires("{\"feature\":\"path\",\"op\":\"contains\",\"value\":\"ing/2\"}", features)).isTrue();
		assertThat(fires("{\"feature\":\"missing\",\"op\":\"lt\",\"value\":5}", features)).isFalse();
		assertThat(fires("{\"feature\":\"missing\",\"op\":\"exists\",\"value\":false}", features)).isTrue();
		assertThat(fires("{\"not\":{\"feature\":\"clicks\",\"op\":\"gte\",\"value\":3}}", features)).isFalse();
		assertThat(fires("{\"any\":[{\"feature\":\"clicks\",\"op\":\"eq\",\"value\":9},{\"feature\":\"event.type\",\"op\":\"eq\",\"value\":\"click\"}]}",
				features)).isTrue();
	}

	@Test
	void changedToFiresOnlyInTheUpdateThatMadeTheChange() {
		String condition = "{\"feature\":\"device_type\",\"op\":\"changed_to\",\"value\":\"mobile\"}";
		Ruleset ruleset = RulesetJson.read(rulesetWith(condition));
		CompiledRuleset compiled = CompiledRuleset.compile(ruleset);
		assertThat(compiled.evaluate(new FeatureView(Map.of("device_type", "mobile"), Set.of("device_type"), "device_changed"))
			.firedRules()).hasSize(1);
		assertThat(compiled.evaluate(new FeatureView(Map.of("device_type", "mobile"), Set.of("events_total"), "click"))
			.firedRules()).isEmpty();
	}

	private boolean fires(String condition, Map<String, Object> features) {
		CompiledRuleset compiled = CompiledRuleset.compile(RulesetJson.read(rulesetWith(condition)));
		return !compiled.evaluate(new FeatureView(features, Set.of(), "click")).firedRules().isEmpty();
	}

	private static String rulesetWith(String condition) {
		return """
				{"release":"t","defaults":{"layout":"standard","density":"high"},
				 "rules":[{"id":"r","when":%s,"then":[{"setLayout":"compact"}]}]}
				""".formatted(condition);
	}

	private static FeatureView view(Map<String, Object> features) {
		return new FeatureView(features, Set.of(), "click");
	}

}
