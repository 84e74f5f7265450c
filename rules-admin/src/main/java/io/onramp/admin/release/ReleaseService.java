package io.onramp.admin.release;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;

import io.onramp.admin.audit.AuditLog;
import io.onramp.admin.rule.RuleRepository;
import io.onramp.admin.rule.RuleVersion;
import io.onramp.admin.rule.VersionStatus;
import io.onramp.admin.web.ConflictException;
import io.onramp.admin.web.InvalidRuleException;
import io.onramp.admin.web.NotFoundException;
import io.onramp.contracts.Experience;
import io.onramp.rules.RuleProblem;
import io.onramp.rules.Ruleset;
import io.onramp.rules.RulesetJson;
import io.onramp.rules.RulesetValidator;
import io.onramp.rules.store.RulesetStore;

/**
 * Publishing: builds an immutable ruleset release from each rule's newest approved version (or the version
 * already live), writes it to Redis where the evaluators read it and announces it ({@link RulesetStore}),
 * records it here, and audits it. A rollback publishes an earlier release's ruleset again as a new release.
 * Publications are serialized by a Postgres advisory lock.
 */
@Transactional
public class ReleaseService {

	private static final Logger log = LoggerFactory.getLogger(ReleaseService.class);

	/** Any constant, the same in every instance: serializes publications. */
	private static final long PUBLISH_LOCK = 0x6f6e72616d70L;

	private final JdbcClient jdbc;

	private final RuleRepository rules;

	private final RulesetStore store;

	private final RulesetValidator validator;

	private final AuditLog audit;

	private final Experience starterDefaults;

	private final Clock clock;

	public ReleaseService(JdbcClient jdbc, RuleRepository rules, RulesetStore store, RulesetValidator validator, AuditLog audit,
			Experience starterDefaults, Clock clock) {
		this.jdbc = jdbc;
		this.rules = rules;
		this.store = store;
		this.validator = validator;
		this.audit = audit;
		this.starterDefaults = starterDefaults;
		this.clock = clock;
	}

	/** Publishes what is approved as the next release. */
	public Release publish(String publisher, String note) {
		lock();
		List<RuleVersion> versions = rules.nextReleaseVersions();
		Optional<Release> latest = latest();
		Map<String, Integer> chosen = new LinkedHashMap<>();
		versions.forEach(version -> chosen.put(version.ruleId(), version.version()));
		if (versions.isEmpty() && latest.isEmpty()) {
			throw new ConflictException("No rule version is approved yet; there is nothing to publish.");
		}
		if (latest.isPresent() && latest.get().rules().equals(chosen)) {
			throw new ConflictException("Release " + latest.get().number()
					+ " already has every approved version; approve a change before publishing.");
		}
		Ruleset ruleset = new Ruleset(defaults(latest), versions.stream().map(RuleVersion::rule).toList());
		List<RuleProblem> problems = validator.validate(ruleset);
		if (!problems.isEmpty()) {
			throw new InvalidRuleException(problems);
		}
		String json = RulesetJson.write(ruleset);
		long number = store.publish(json, publisher);
		Release release = record(number, json, publisher, note, null, chosen);
		versions.stream()
			.filter(version -> version.status() == VersionStatus.APPROVED)
			.forEach(version -> rules.changeStatus(version.ruleId(), version.version(), VersionStatus.APPROVED,
					VersionStatus.PUBLISHED, null, null, release.publishedAt()));
		audit.record(publisher, "release.published", target(number), Map.of("rules", chosen, "note", release.note()));
		log.info("{} published release {} with {}", publisher, number, chosen);
		return release;
	}

	/** Publishes the ruleset of release {@code number} again, as a new release. */
	public Release rollBack(long number, String publisher, String note) {
		lock();
		Release earlier = release(number);
		String json = rulesetJson(number);
		long restored = store.publish(json, publisher);
		Release release = record(restored, json, publisher,
				note == null || note.isBlank() ? "Rollback to release " + number : note, number, earlier.rules());
		audit.record(publisher, "release.rolled_back", target(restored), Map.of("to", number, "rules", earlier.rules()));
		return release;
	}

	@Transactional(readOnly = true)
	public List<Release> releases() {
		return jdbc.sql("SELECT number FROM ruleset_release ORDER BY number DESC")
			.query(Long.class)
			.list()
			.stream()
			.map(this::release)
			.toList();
	}

	@Transactional(readOnly = true)
	public Release release(long number) {
		Map<String, Integer> rulesIn = new LinkedHashMap<>();
		jdbc.sql("SELECT rule_id, version FROM release_rule WHERE release_number = ? ORDER BY rule_id")
			.param(number)
			.query((row, n) -> rulesIn.put(row.getString("rule_id"), row.getInt("version")))
			.list();
		return jdbc.sql("SELECT number, published_by, published_at, note, rollback_of FROM ruleset_release WHERE number = ?")
			.param(number)
			.query((row, n) -> new Release(row.getLong("number"), row.getString("published_by"),
					row.getTimestamp("published_at").toInstant(), row.getString("note"), (Long) row.getObject("rollback_of"),
					rulesIn))
			.optional()
			.orElseThrow(() -> new NotFoundException("There is no release " + number + "."));
	}

	/** Which release each evaluator instance runs, as they report it, and which one is active. */
	@Transactional(readOnly = true)
	public Running running() {
		return new Running(store.activeNumber().orElse(null), store.runningReleases());
	}

	/**
	 * @param active the release evaluators are told to run, or {@code null} before the first
	 * @param instances the release each evaluator instance last reported, by instance id
	 */
	public record Running(Long active, Map<String, Long> instances) {
	}

	/** The ruleset of the latest release published from here, or the starter defaults with no rules. */
	@Transactional(readOnly = true)
	public Ruleset liveRuleset() {
		return latest().map(release -> RulesetJson.read(rulesetJson(release.number())))
			.orElseGet(() -> new Ruleset(starterDefaults, List.of()));
	}

	private String rulesetJson(long number) {
		return jdbc.sql("SELECT ruleset::text FROM ruleset_release WHERE number = ?").param(number).query(String.class).single();
	}

	private Optional<Release> latest() {
		return jdbc.sql("SELECT max(number) FROM ruleset_release").query(Long.class).optional().map(this::release);
	}

	private Experience defaults(Optional<Release> latest) {
		return latest.map(release -> RulesetJson.read(rulesetJson(release.number())).defaults()).orElse(starterDefaults);
	}

	private Release record(long number, String rulesetJson, String publisher, String note, Long rollbackOf,
			Map<String, Integer> rulesIn) {
		Instant now = clock.instant();
		jdbc.sql("INSERT INTO ruleset_release (number, ruleset, published_by, published_at, note, rollback_of) VALUES (?, ?::jsonb, ?, ?, ?, ?)")
			.params(number, rulesetJson, publisher, Timestamp.from(now), note == null ? "" : note, rollbackOf)
			.update();
		rulesIn.forEach((ruleId, version) -> jdbc.sql("INSERT INTO release_rule (release_number, rule_id, version) VALUES (?, ?, ?)")
			.params(number, ruleId, version)
			.update());
		return release(number);
	}

	private void lock() {
		jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(PUBLISH_LOCK).query().listOfRows();
	}

	static String target(long number) {
		return "release:" + number;
	}

}
