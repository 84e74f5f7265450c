package io.onramp.rules;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.onramp.contracts.Experience;
import io.onramp.contracts.ExperienceDecision.FiredRule;
import io.onramp.rules.CompiledRuleset.Evaluation;

import static org.assertj.core.api.Assertions.assertThat;

class CompiledRulesetTest {

	private final CompiledRuleset starter = Rulesets.starter();

	@Test
	void aDesktopUserGetsTheDefaults() {
		Evaluation evaluation = starter.evaluate(Rulesets.input(Map.of("device_type", "desktop")));
		assertThat(evaluation.experience().layout()).isEqualTo("standard");
		assertThat(evaluation.experience().density()).isEqualTo("high");
		assertThat(evaluation.experience().hint().id()).isEqualTo("step-1");
		assertThat(evaluation.firedRules()).isEmpty();
	}

	@Test
	void aMobileUserGetsACompactLowDensityExperience() {
		Experience experience = starter.evaluate(Rulesets.input(Map.of("device_type", "mobile"))).experience();
		assertThat(experience.layout()).isEqualTo("compact");
		assertThat(experience.density()).isEqualTo("low");
		assertThat(experience.features()).containsEntry("quick_actions", true).containsEntry("bulk_import", false);
		assertThat(experience.checklist()).containsExactly("profile", "invite_team", "connect_data");
	}

	@Test
	void completingAStepShowsTheHintForTheNextOne() {
		assertThat(starter.evaluate(Rulesets.input(Map.of("max_step_completed", 2L))).experience().hint().id()).isEqualTo("step-3");
		assertThat(starter.evaluate(Rulesets.input(Map.of("max_step_completed", 4L))).experience().hint().id()).isEqualTo("step-5");
	}

	@Test
	void theHighestPriorityFiringRuleWinsEachSlotAndTiesGoToTheSmallerId() {
		CompiledRuleset ruleset = Rulesets.compile("""
				{"defaults":{"layout":"standard","density":"high"},
				 "rules":[
				  {"id":"b-low","priority":1,"when":{"all":[]},"then":[{"setDensity":"low"},{"setLayout":"compact"}]},
				  {"id":"c-tie","priority":5,"when":{"all":[]},"then":[{"setDensity":"high"}]},
				  {"id":"a-medium","priority":5,"when":{"all":[]},"then":[{"setDensity":"medium"}]},
				  {"id":"not-firing","priority":50,"when":{"any":[]},"then":[{"setDensity":"low"}]},
				  {"id":"off","priority":99,"enabled":false,"when":{"all":[]},"then":[{"setLayout":"standard"}]}]}
				""");
		Evaluation evaluation = ruleset.evaluate(Rulesets.input(Map.of()));

		assertThat(evaluation.experience().density()).isEqualTo("medium");
		assertThat(evaluation.experience().layout()).isEqualTo("compact");
		assertThat(evaluation.firedRules()).containsExactly(new FiredRule("a-medium", 1, List.of("density")),
				new FiredRule("c-tie", 1, List.of()), new FiredRule("b-low", 1, List.of("layout")));
	}

	@Test
	void featureSlotsAreDecidedPerFeature() {
		CompiledRuleset ruleset = Rulesets.compile("""
				{"defaults":{"layout":"standard","density":"high","features":{"a":false,"b":false}},
				 "rules":[
				  {"id":"high","priority":10,"when":{"all":[]},"then":[{"enableFeature":"a"}]},
				  {"id":"low","priority":1,"when":{"all":[]},"then":[{"disableFeature":"a"},{"enableFeature":"b"}]}]}
				""");
		Evaluation evaluation = ruleset.evaluate(Rulesets.input(Map.of()));
		assertThat(evaluation.experience().features()).containsEntry("a", true).containsEntry("b", true);
		assertThat(evaluation.firedRules().get(1).slotsWon()).containsExactly("feature:b");
	}

	@Test
	void evaluationIsTheSameOnEveryThread() throws Exception {
		EvaluationInput mobile = Rulesets.input(Map.of("device_type", "mobile", "max_step_completed", 1L));
		Experience expected = starter.evaluate(mobile).experience();
		List<Thread> threads = new java.util.ArrayList<>();
		java.util.concurrent.atomic.AtomicInteger wrong = new java.util.concurrent.atomic.AtomicInteger();
		for (int t = 0; t < 4; t++) {
			threads.add(new Thread(() -> {
				for (int i = 0; i < 2_000; i++) {
					if (!starter.evaluate(mobile).experience().equals(expected)) {
						wrong.incrementAndGet();
					}
				}
			}));
		}
		threads.forEach(Thread::start);
		for (Thread thread : threads) {
			thread.join();
		}
		assertThat(wrong).hasValue(0);
	}

}
