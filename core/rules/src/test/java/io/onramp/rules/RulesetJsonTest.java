package io.onramp.rules;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RulesetJsonTest {

	@Test
	void refusesAnUnknownOperatorNamingWhereItIs() {
		assertRefused("{\"all\":[{\"feature\":\"x\",\"op\":\"matches\",\"value\":\"y\"}]}",
				"rules[0].when.all[0].op", "unknown operator 'matches'");
	}

	@Test
	void refusesValuesThatDoNotFitTheOperator() {
		assertRefused("{\"feature\":\"x\",\"op\":\"between\",\"value\":[1]}", "rules[0].when.value", "two numbers");
		assertRefused("{\"feature\":\"x\",\"op\":\"in\",\"value\":3}", "rules[0].when.value", "list");
		assertRefused("{\"feature\":\"x\",\"op\":\"eq\"}", "rules[0].when.value", "needs a value");
		assertRefused("{\"feature\":\"x\",\"op\":\"exists\",\"value\":\"yes\"}", "rules[0].when.value", "true or false");
	}

	@Test
	void refusesExpressionTextWhereAConditionBelongs() {
		assertRefused("\"T(java.lang.Runtime).getRuntime().exec('id')\"", "rules[0].when", "must be an object");
	}

	@Test
	void refusesUnknownActionsCapsAndDates() {
		assertThatThrownBy(() -> RulesetJson.read(Rulesets.oneRule("{\"all\":[]}").replace("{\"setLayout\":\"compact\"}",
				"{\"setLayout\":\"huge\"}")))
			.isInstanceOf(RuleDefinitionException.class)
			.hasMessageContaining("rules[0].then[0].setLayout")
			.hasMessageContaining("[compact, standard]");
		assertThatThrownBy(() -> RulesetJson.read(Rulesets.oneRule("{\"all\":[]}").replace("{\"setLayout\":\"compact\"}",
				"{\"runScript\":\"x\"}")))
			.isInstanceOf(RuleDefinitionException.class)
			.hasMessageContaining("unknown action 'runScript'");
		assertThatThrownBy(() -> RulesetJson.read(Rulesets.oneRule("{\"all\":[]}", "\"frequencyCap\":\"twice\",")))
			.hasMessageContaining("'twice' is not a cap");
		assertThatThrownBy(() -> RulesetJson.read(Rulesets.oneRule("{\"all\":[]}", "\"frequencyCap\":{\"cooldown\":\"10 minutes\"},")))
			.hasMessageContaining("not a duration");
		assertThatThrownBy(() -> RulesetJson.read(Rulesets.oneRule("{\"all\":[]}", "\"activeFrom\":\"next monday\",")))
			.hasMessageContaining("rules[0].activeFrom");
	}

	@Test
	void refusesDuplicateRuleIds() {
		assertThatThrownBy(() -> RulesetJson.read("""
				{"defaults":{},"rules":[
				  {"id":"same","when":{"all":[]},"then":[{"setLayout":"compact"}]},
				  {"id":"same","when":{"all":[]},"then":[{"setDensity":"low"}]}]}
				""")).isInstanceOf(RuleDefinitionException.class).hasMessageContaining("rules[1].id");
	}

	@Test
	void aReleaseReadsBackEqualToWhatWasWritten() {
		Ruleset ruleset = RulesetJson.read("""
				{"defaults":{"layout":"standard","density":"high","features":{"a":true},"hint":{"id":"h","text":"Hi"},"checklist":["x","y"]},
				 "rules":[{"id":"r","version":3,"name":"R","description":"d","priority":7,"enabled":false,
				   "activeFrom":"2026-12-01T00:00:00Z","activeTo":"2027-01-01T00:00:00Z",
				   "audience":{"percentage":12.5,"include":["a"],"exclude":["b"]},
				   "frequencyCap":{"cooldown":"PT10M"},"tags":["t1"],
				   "when":{"any":[{"not":{"feature":"x","op":"in","value":[1,"two"]}},{"feature":"y","op":"between","value":[1,2.5]}]},
				   "then":[{"setLayout":"compact"},{"setDensity":"low"},{"enableFeature":"f"},{"disableFeature":"g"},
				           {"showHint":{"id":"h2","text":"Next"}},{"reorderChecklist":["y","x"]}]},
				  {"id":"s","frequencyCap":"once_per_session","when":{"all":[]},"then":[{"setLayout":"compact"}]},
				  {"id":"t","frequencyCap":"once_per_user","when":{"all":[]},"then":[{"setLayout":"compact"}]}]}
				""");
		RulesetRelease release = new RulesetRelease(42, Instant.parse("2026-11-27T10:00:00Z"), "pat", ruleset);

		assertThat(RulesetJson.readRelease(RulesetJson.write(release))).isEqualTo(release);
		assertThat(RulesetJson.read(RulesetJson.write(ruleset))).isEqualTo(ruleset);
	}

	private static void assertRefused(String condition, String path, String reason) {
		assertThatThrownBy(() -> RulesetJson.read(Rulesets.oneRule(condition))).isInstanceOf(RuleDefinitionException.class)
			.hasMessageContaining(path)
			.hasMessageContaining(reason);
	}

}
