package io.onramp.benchmarks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.jeasy.rules.api.Facts;
import org.jeasy.rules.api.Rules;
import org.jeasy.rules.api.RulesEngine;
import org.jeasy.rules.core.DefaultRulesEngine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import io.onramp.contracts.Event;
import io.onramp.rules.CompiledRuleset;
import io.onramp.rules.EvaluationInput;
import io.onramp.rules.RulesetRelease;

/**
 * Time to evaluate one feature update against N rules: Onramp's compiled rules on its lean Easy Rules
 * engine and on Easy Rules' DefaultRulesEngine, and the same rules as stock Easy Rules MVEL rules on
 * DefaultRulesEngine. Each invocation evaluates one of 64 users' features.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RuleEvaluationBenchmark {

	@Param({ "10", "100", "1000" })
	public int rules;

	private CompiledRuleset onramp;

	private CompiledRuleset onrampOnDefaultEngine;

	private Rules mvelRules;

	private final RulesEngine mvelEngine = new DefaultRulesEngine();

	private EvaluationInput[] inputs;

	private List<Map<String, Object>> features;

	private int next;

	@Setup
	public void setUp() {
		RulesetRelease release = new RulesetRelease(1, Instant.now(), "benchmark", GeneratedRules.onramp(rules));
		onramp = CompiledRuleset.compile(release);
		onrampOnDefaultEngine = CompiledRuleset.compile(release, new DefaultRulesEngine());
		mvelRules = GeneratedRules.mvel(rules);
		features = new ArrayList<>();
		inputs = new EvaluationInput[64];
		for (int i = 0; i < inputs.length; i++) {
			Map<String, Object> userFeatures = GeneratedRules.features(i);
			features.add(userFeatures);
			Event event = new Event("e-" + i, "click", "u-" + i, null, "s-1", Instant.now(), Instant.now(), null, Map.of(), 1);
			inputs[i] = new EvaluationInput("u-" + i, userFeatures, Set.of(), event, Map.of());
		}
	}

	@Benchmark
	public Object onramp() {
		return onramp.evaluate(inputs[next++ & 63]);
	}

	/** The same compiled rules on Easy Rules' DefaultRulesEngine, to show what the lean engine saves. */
	@Benchmark
	public Object onrampOnDefaultEngine() {
		return onrampOnDefaultEngine.evaluate(inputs[next++ & 63]);
	}

	@Benchmark
	public Object mvel() {
		Facts facts = new Facts();
		facts.put("features", features.get(next++ & 63));
		List<String> fired = new ArrayList<>();
		facts.put("fired", fired);
		mvelEngine.fire(mvelRules, facts);
		return fired;
	}

}
