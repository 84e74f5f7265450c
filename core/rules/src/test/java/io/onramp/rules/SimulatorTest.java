package io.onramp.rules;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.onramp.rules.Simulator.RuleTrace;
import io.onramp.rules.Simulator.Simulation;

import static org.assertj.core.api.Assertions.assertThat;

class SimulatorTest {

	private final RulesetRelease release = Rulesets.release("""
			{"defaults":{"layout":"standard","density":"high"},
			 "rules":[
			  {"id":"mobile","name":"Phones","priority":10,
			   "when":{"all":[{"feature":"device_type","op":"eq","value":"mobile"},{"feature":"steps_completed","op":"gte","value":2}]},
			   "then":[{"setLayout":"compact"}]},
			  {"id":"half","priority":5,"audience":{"percentage":50,"exclude":["u-1"]},"when":{"all":[]},"then":[{"setDensity":"low"}]}]}
			""");

	@Test
	void explainsWhichConditionsHeldAndWhichDidNot() {
		Simulation simulation = Simulator.simulate(release,
				Rulesets.input("u-1", Map.of("device_type", "mobile", "steps_completed", 1L), Set.of(), null));

		RuleTrace mobile = simulation.rules().get(0);
		assertThat(mobile.ruleId()).isEqualTo("mobile");
		assertThat(mobile.fired()).isFalse();
		assertThat(mobile.condition().text()).isEqualTo("(device_type is 'mobile') and (steps_completed is at least 2)");
		assertThat(mobile.condition().parts()).extracting(Simulator.ConditionTrace::held).containsExactly(true, false);
		assertThat(mobile.condition().parts().get(1).actual()).isEqualTo("1");

		RuleTrace half = simulation.rules().get(1);
		assertThat(half.fired()).isFalse();
		assertThat(half.checks()).anySatisfy(check -> {
			assertThat(check.what()).isEqualTo("audience");
			assertThat(check.held()).isFalse();
			assertThat(check.detail()).isEqualTo("the user is excluded");
		});
	}

	@Test
	void theExplanationAgreesWithTheDecision() {
		for (long steps = 0; steps < 4; steps++) {
			for (String user : new String[] { "u-1", "u-2", "u-3", "u-4" }) {
				Simulation simulation = Simulator.simulate(release,
						Rulesets.input(user, Map.of("device_type", "mobile", "steps_completed", steps), Set.of(), null));
				assertThat(simulation.rules().stream().filter(RuleTrace::fired).map(RuleTrace::ruleId).toList())
					.isEqualTo(simulation.evaluation().firedRules().stream().map(f -> f.ruleId()).toList());
			}
		}
	}

	@Test
	void describesARuleInPlainWords() {
		Rule rule = RulesetJson.readRule("""
				{"id":"r","priority":1,"audience":{"percentage":25},"frequencyCap":{"cooldown":"PT10M"},
				 "when":{"any":[{"feature":"device_type","op":"eq","value":"mobile"},{"feature":"clicks","op":"between","value":[1,5]}]},
				 "then":[{"setLayout":"compact"},{"disableFeature":"bulk_import"},{"showHint":{"id":"h","text":"Swipe to continue"}}]}
				""");
		assertThat(RuleText.describe(rule)).isEqualTo("When (device_type is 'mobile') or (clicks is between 1 and 5): "
				+ "use the compact layout, hide bulk_import, show the hint \"Swipe to continue\"; for 25% of users; "
				+ "at most once every 10m.");
	}

}
