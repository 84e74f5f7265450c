package io.onramp.rules;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Every operator, each with cases that hold and cases that do not. */
class OperatorsTest {

	private static final Map<String, Object> FEATURES = new HashMap<>(Map.of("score", 0.75, "clicks", 3L, "steps", 2,
			"device_type", "mobile", "path", "/onboarding/2"));

	@ParameterizedTest(name = "{0} {1} {2} -> {3}")
	@CsvSource(delimiter = '|', textBlock = """
			clicks             | eq          | 3                    | true
			clicks             | eq          | 3.0                  | true
			steps              | eq          | 2                    | true
			device_type        | eq          | "mobile"             | true
			device_type        | eq          | "desktop"            | false
			missing            | eq          | 3                    | false
			clicks             | ne          | 4                    | true
			device_type        | ne          | "mobile"             | false
			missing            | ne          | 3                    | true
			score              | gt          | 0.7                  | true
			score              | gt          | 0.75                 | false
			clicks             | gt          | 2.5                  | true
			missing            | gt          | 0                    | false
			score              | gte         | 0.75                 | true
			clicks             | gte         | 4                    | false
			clicks             | lt          | 4                    | true
			missing            | lt          | 4                    | false
			clicks             | lte         | 3                    | true
			score              | lte         | 0.5                  | false
			clicks             | between     | [1, 3]               | true
			score              | between     | [0.8, 1]             | false
			missing            | between     | [0, 10]              | false
			device_type        | in          | ["tablet", "mobile"] | true
			clicks             | in          | [1, 2]               | false
			missing            | in          | [1, 2]               | false
			clicks             | not_in      | [1, 2]               | true
			device_type        | not_in      | ["mobile"]           | false
			path               | contains    | "boarding"           | true
			path               | contains    | "settings"           | false
			path               | starts_with | "/onboarding"        | true
			path               | starts_with | "onboarding"         | false
			missing            | starts_with | "x"                  | false
			clicks             | exists      | true                 | true
			missing            | exists      | true                 | false
			missing            | exists      | false                | true
			device_type        | changed_to  | "mobile"             | true
			clicks             | changed_to  | 3                    | false
			event.type         | eq          | "click"              | true
			event.context.device | eq        | "mobile"             | true
			event.context.page.path | starts_with | "/onboarding"   | true
			event.context.screen.width | lt  | 600                  | true
			event.properties.step | eq       | 2                    | true
			event.properties.plan | in       | ["pro", "team"]      | true
			event.properties.nope | exists   | false                | true
			event.type         | changed_to  | "click"              | true
			""")
	void comparesAsABusinessUserExpects(String feature, String op, String value, boolean expected) {
		String condition = "{\"feature\":\"%s\",\"op\":\"%s\",\"value\":%s}".formatted(feature, op, value);
		CompiledRuleset ruleset = Rulesets.compile(Rulesets.oneRule(condition));
		EvaluationInput input = Rulesets.input("u-1", FEATURES, Set.of("device_type"),
				Rulesets.event("click", "s-1", Rulesets.NOW));

		assertThat(!ruleset.evaluate(input).firedRules().isEmpty()).isEqualTo(expected);
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			{"all":[]}                                                                                           | true
			{"any":[]}                                                                                           | false
			{"all":[{"feature":"clicks","op":"eq","value":3},{"feature":"score","op":"gt","value":0.5}]}          | true
			{"all":[{"feature":"clicks","op":"eq","value":3},{"feature":"score","op":"gt","value":0.9}]}          | false
			{"any":[{"feature":"clicks","op":"eq","value":9},{"feature":"score","op":"gt","value":0.5}]}          | true
			{"not":{"feature":"clicks","op":"eq","value":3}}                                                      | false
			{"not":{"any":[{"feature":"clicks","op":"eq","value":9},{"feature":"missing","op":"exists","value":true}]}} | true
			""")
	void combinesConditions(String condition, boolean expected) {
		CompiledRuleset ruleset = Rulesets.compile(Rulesets.oneRule(condition));
		assertThat(!ruleset.evaluate(Rulesets.input(FEATURES)).firedRules().isEmpty()).isEqualTo(expected);
	}

}
