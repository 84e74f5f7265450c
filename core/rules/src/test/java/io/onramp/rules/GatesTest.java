package io.onramp.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.onramp.rules.FrequencyCap.Firing;

import static org.assertj.core.api.Assertions.assertThat;

/** Active windows, audiences (percentage rollouts, include and exclude lists) and frequency caps. */
class GatesTest {

	private static final String ALWAYS = "{\"all\":[]}";

	@Test
	void aRuleFiresOnlyWithinItsActiveWindow() {
		CompiledRuleset ruleset = Rulesets.compile(Rulesets.oneRule(ALWAYS,
				"\"activeFrom\":\"2026-12-01T00:00:00Z\",\"activeTo\":\"2026-12-24T00:00:00Z\","));
		assertThat(fires(ruleset, "u-1", Instant.parse("2026-11-30T23:59:59Z"))).isFalse();
		assertThat(fires(ruleset, "u-1", Instant.parse("2026-12-01T00:00:00Z"))).isTrue();
		assertThat(fires(ruleset, "u-1", Instant.parse("2026-12-23T23:59:59Z"))).isTrue();
		assertThat(fires(ruleset, "u-1", Instant.parse("2026-12-24T00:00:00Z"))).isFalse();
	}

	@Test
	void aPercentageRolloutReachesAboutThatShareOfUsers() {
		CompiledRuleset ruleset = Rulesets.compile(Rulesets.oneRule(ALWAYS, "\"audience\":{\"percentage\":30},"));
		long reached = IntStream.range(0, 10_000).filter(i -> fires(ruleset, "user-" + i, Rulesets.NOW)).count();
		assertThat(reached).isBetween(2_800L, 3_200L);
	}

	@Test
	void aUsersRolloutBucketIsStableAndRaisingThePercentageOnlyAddsUsers() {
		CompiledRuleset ten = Rulesets.compile(Rulesets.oneRule(ALWAYS, "\"audience\":{\"percentage\":10},"));
		CompiledRuleset tenAgain = Rulesets.compile(Rulesets.oneRule(ALWAYS, "\"audience\":{\"percentage\":10},"));
		CompiledRuleset fifty = Rulesets.compile(Rulesets.oneRule(ALWAYS, "\"audience\":{\"percentage\":50},"));
		for (int i = 0; i < 2_000; i++) {
			String user = "user-" + i;
			boolean inTen = fires(ten, user, Rulesets.NOW);
			assertThat(fires(tenAgain, user, Rulesets.NOW)).isEqualTo(inTen);
			if (inTen) {
				assertThat(fires(fifty, user, Rulesets.NOW)).as(user).isTrue();
			}
		}
		// A known user's bucket never moves, on any machine or day.
		assertThat(Audience.bucket("r", "user-42")).isEqualTo(Audience.bucket("r", "user-42"));
	}

	@Test
	void rolloutsOfDifferentRulesPickDifferentUsers() {
		long both = IntStream.range(0, 10_000)
			.filter(i -> Audience.bucket("rule-a", "user-" + i) < 5_000 && Audience.bucket("rule-b", "user-" + i) < 5_000)
			.count();
		assertThat(both).isBetween(2_300L, 2_700L);
	}

	@Test
	void excludedUsersNeverAndIncludedUsersAlwaysGetTheRule() {
		CompiledRuleset ruleset = Rulesets.compile(Rulesets.oneRule(ALWAYS,
				"\"audience\":{\"percentage\":0,\"include\":[\"vip\",\"both\"],\"exclude\":[\"both\"]},"));
		assertThat(fires(ruleset, "vip", Rulesets.NOW)).isTrue();
		assertThat(fires(ruleset, "both", Rulesets.NOW)).isFalse();
		assertThat(fires(ruleset, "anyone", Rulesets.NOW)).isFalse();
		CompiledRuleset everyoneBut = Rulesets.compile(Rulesets.oneRule(ALWAYS, "\"audience\":{\"exclude\":[\"u-9\"]},"));
		assertThat(fires(everyoneBut, "u-9", Rulesets.NOW)).isFalse();
		assertThat(fires(everyoneBut, "u-8", Rulesets.NOW)).isTrue();
	}

	@Test
	void oncePerUserFiresOnlyTheFirstTime() {
		CompiledRuleset ruleset = Rulesets.compile(Rulesets.oneRule(ALWAYS, "\"frequencyCap\":\"once_per_user\","));
		assertThat(ruleset.evaluate(withFiring(null, "s-1", Rulesets.NOW)).cappedRulesFired()).containsExactly("r");
		assertThat(fires(ruleset, withFiring(new Firing(Rulesets.NOW, "s-1"), "s-2", Rulesets.NOW.plus(Duration.ofDays(30)))))
			.isFalse();
	}

	@Test
	void oncePerSessionFiresAgainInANewSession() {
		CompiledRuleset ruleset = Rulesets.compile(Rulesets.oneRule(ALWAYS, "\"frequencyCap\":\"once_per_session\","));
		Firing fired = new Firing(Rulesets.NOW, "s-1");
		assertThat(fires(ruleset, withFiring(fired, "s-1", Rulesets.NOW.plusSeconds(60)))).isFalse();
		assertThat(fires(ruleset, withFiring(fired, "s-2", Rulesets.NOW.plusSeconds(60)))).isTrue();
	}

	@Test
	void aCooldownFiresAgainOnlyAfterItPassed() {
		CompiledRuleset ruleset = Rulesets.compile(Rulesets.oneRule(ALWAYS, "\"frequencyCap\":{\"cooldown\":\"PT10M\"},"));
		Firing fired = new Firing(Rulesets.NOW, "s-1");
		assertThat(fires(ruleset, withFiring(fired, "s-1", Rulesets.NOW.plus(Duration.ofMinutes(9))))).isFalse();
		assertThat(fires(ruleset, withFiring(fired, "s-1", Rulesets.NOW.plus(Duration.ofMinutes(10))))).isTrue();
	}

	@Test
	void aCappedRuleThatMayNotFireLeavesItsSlotsToLowerPriorityRules() {
		CompiledRuleset ruleset = Rulesets.compile("""
				{"defaults":{"layout":"standard","density":"high"},
				 "rules":[
				  {"id":"welcome","priority":10,"frequencyCap":"once_per_user","when":{"all":[]},
				   "then":[{"showHint":{"id":"welcome","text":"Welcome!"}}]},
				  {"id":"tour","priority":1,"when":{"all":[]},"then":[{"showHint":{"id":"tour","text":"Take the tour"}}]}]}
				""");
		EvaluationInput again = new EvaluationInput("u-1", Map.of(), Set.of(), Rulesets.event("click", "s-1", Rulesets.NOW),
				Map.of("welcome", new Firing(Rulesets.NOW.minusSeconds(5), "s-1")));
		assertThat(ruleset.evaluate(again).experience().hint().id()).isEqualTo("tour");
		assertThat(ruleset.evaluate(again).cappedRulesFired()).isEmpty();
	}

	private static EvaluationInput withFiring(Firing firing, String sessionId, Instant at) {
		return new EvaluationInput("u-1", Map.of(), Set.of(), Rulesets.event("click", sessionId, at),
				firing == null ? Map.of() : Map.of("r", firing));
	}

	private static boolean fires(CompiledRuleset ruleset, String userId, Instant at) {
		return fires(ruleset, new EvaluationInput(userId, Map.of(), Set.of(), Rulesets.event("click", "s-1", at), Map.of()));
	}

	private static boolean fires(CompiledRuleset ruleset, EvaluationInput input) {
		return !ruleset.evaluate(input).firedRules().isEmpty();
	}

}
