package io.onramp.evaluator;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.onramp.rules.CompiledRuleset;
import io.onramp.rules.FeatureCatalog;
import io.onramp.rules.RuleDefinitionException;
import io.onramp.rules.RuleProblem;
import io.onramp.rules.RulesetJson;
import io.onramp.rules.RulesetRelease;
import io.onramp.rules.RulesetValidator;
import io.onramp.rules.store.RulesetStore;

/**
 * The ruleset release this evaluator runs, switched atomically when a new one is published.
 *
 * <p>Each evaluation takes {@link #current()} once and runs on it to the end, so an evaluation never sees
 * a half-loaded ruleset and in-flight evaluations finish on the release they started with. A release that
 * does not parse or fails validation is refused: the evaluator keeps running the previous one and reports
 * the refusal.
 */
class ActiveRuleset {

	private static final Logger log = LoggerFactory.getLogger(ActiveRuleset.class);

	private final RulesetStore store;

	private final RulesetValidator validator;

	private final String instanceId;

	private final AtomicReference<Loaded> loaded = new AtomicReference<>();

	private volatile Refusal lastRefusal;

	private volatile Consumer<CompiledRuleset> onReplaced = ruleset -> {
	};

	ActiveRuleset(RulesetStore store, FeatureCatalog catalog, String instanceId) {
		this.store = store;
		this.validator = new RulesetValidator(catalog);
		this.instanceId = instanceId;
	}

	/** The release to evaluate on; never null once {@link #reload()} succeeded once. */
	CompiledRuleset current() {
		Loaded current = loaded.get();
		if (current == null) {
			throw new IllegalStateException("No ruleset release is loaded yet");
		}
		return current.ruleset();
	}

	/** This evaluator instance's id, as it reports the release it runs. */
	String instanceId() {
		return instanceId;
	}

	/** Called (on the reloading thread) each time a newly published release replaces the running one. */
	void onReplaced(Consumer<CompiledRuleset> listener) {
		this.onReplaced = listener;
	}

	Optional<Loaded> loaded() {
		return Optional.ofNullable(loaded.get());
	}

	Optional<Refusal> lastRefusal() {
		return Optional.ofNullable(lastRefusal);
	}

	/** Loads the active release from Redis if it is not the one running. Safe to call from any thread. */
	synchronized void reload() {
		Optional<Long> active = store.activeNumber();
		if (active.isEmpty()) {
			return;
		}
		long number = active.get();
		Loaded current = loaded.get();
		if (current != null && current.ruleset().releaseNumber() == number) {
			store.reportRunning(instanceId, number);
			return;
		}
		if (lastRefusal != null && lastRefusal.release() == number) {
			return;
		}
		Optional<String> json = store.releaseJson(number);
		if (json.isEmpty()) {
			refuse(number, List.of(new RuleProblem("(release)", "release " + number + " is active but not stored")));
			return;
		}
		RulesetRelease release;
		try {
			release = RulesetJson.readRelease(json.get());
		}
		catch (RuleDefinitionException ex) {
			refuse(number, List.of(new RuleProblem(ex.path(), ex.getMessage())));
			return;
		}
		List<RuleProblem> problems = validator.validate(release.ruleset());
		if (!problems.isEmpty()) {
			refuse(number, problems);
			return;
		}
		CompiledRuleset compiled = CompiledRuleset.compile(release);
		Loaded previous = loaded.getAndSet(new Loaded(compiled, Instant.now()));
		store.reportRunning(instanceId, number);
		if (previous != null) {
			onReplaced.accept(compiled);
		}
		log.info("Evaluating ruleset release {} ({} rules, published by {} at {})", number,
				release.ruleset().rules().size(), release.publishedBy(), release.publishedAt());
	}

	private void refuse(long number, List<RuleProblem> problems) {
		lastRefusal = new Refusal(number, problems, Instant.now());
		Loaded current = loaded.get();
		log.error("Refused ruleset release {}; still evaluating release {}. Problems: {}", number,
				current == null ? "none" : current.ruleset().releaseNumber(), problems);
	}

	/**
	 * @param ruleset the compiled release
	 * @param loadedAt when this evaluator switched to it
	 */
	record Loaded(CompiledRuleset ruleset, Instant loadedAt) {
	}

	/**
	 * @param release the refused release number
	 * @param problems why it was refused
	 * @param at when
	 */
	record Refusal(long release, List<RuleProblem> problems, Instant at) {
	}

}
