package io.onramp.rules;

import org.junit.jupiter.api.Test;

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
	}

	@Test
	void refusesExpressionTextWhereAConditionBelongs() {
		assertRefused("\"T(java.lang.Runtime).getRuntime().exec('id')\"", "rules[0].when", "must be an object");
	}

	@Test
	void refusesUnknownActionsAndValues() {
		assertThatThrownBy(() -> RulesetJson.read("""
				{"release":"r","defaults":{},"rules":[{"id":"r","when":{"all":[]},"then":[{"setLayout":"huge"}]}]}
				""")).isInstanceOf(RuleDefinitionException.class)
			.hasMessageContaining("rules[0].then[0].setLayout").hasMessageContaining("[compact, standard]");
		assertThatThrownBy(() -> RulesetJson.read("""
				{"release":"r","defaults":{},"rules":[{"id":"r","when":{"all":[]},"then":[{"runScript":"x"}]}]}
				""")).isInstanceOf(RuleDefinitionException.class).hasMessageContaining("unknown action 'runScript'");
	}

	@Test
	void refusesDuplicateRuleIds() {
		assertThatThrownBy(() -> RulesetJson.read("""
				{"release":"r","defaults":{},"rules":[
				  {"id":"same","when":{"all":[]},"then":[{"setLayout":"compact"}]},
				  {"id":"same","when":{"all":[]},"then":[{"setDensity":"low"}]}]}
				""")).isInstanceOf(RuleDefinitionException.class).hasMessageContaining("rules[1].id");
	}

	private static void assertRefused(String condition, String path, String reason) {
		String json = """
				{"release":"r","defaults":{},"rules":[{"id":"r","when":%s,"then":[{"setLayout":"compact"}]}]}
				""".formatted(condition);
		assertThatThrownBy(() -> RulesetJson.read(json)).isInstanceOf(RuleDefinitionException.class)
			.hasMessageContaining(path)
			.hasMessageContaining(reason);
	}

}
