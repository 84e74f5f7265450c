package io.onramp.admin.rule;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.transaction.annotation.Transactional;

import io.onramp.admin.audit.AuditLog;
import io.onramp.admin.web.ConflictException;
import io.onramp.admin.web.InvalidRuleException;
import io.onramp.admin.web.NotFoundException;
import io.onramp.rules.Rule;
import io.onramp.rules.RuleDefinitionException;
import io.onramp.rules.RuleProblem;
import io.onramp.rules.RulesetJson;
import io.onramp.rules.RulesetValidator;

/**
 * Writing and reviewing rules. Every save is a new immutable version; a save names the version it started
 * from, and of two editors saving from the same version the second gets a conflict and nothing is
 * overwritten. Review moves a version DRAFT → IN_REVIEW → APPROVED (or REJECTED); the approver is not the
 * author unless {@code onramp.admin.self-approval} allows it. Every step is audited in the same
 * transaction.
 */
@Transactional
public class RuleService {

	/** Path segments of the rule pages that an id would hide. */
	private static final java.util.Set<String> RESERVED_IDS = java.util.Set.of("new", "describe");

	private final RuleRepository rules;

	private final RulesetValidator validator;

	private final AuditLog audit;

	private final Clock clock;

	private final boolean selfApproval;

	public RuleService(RuleRepository rules, RulesetValidator validator, AuditLog audit, Clock clock, boolean selfApproval) {
		this.rules = rules;
		this.validator = validator;
		this.audit = audit;
		this.clock = clock;
		this.selfApproval = selfApproval;
	}

	/** Reads a rule as JSON (the format of {@link RulesetJson}), or refuses it with the reason. */
	public static Rule parse(String json) {
		try {
			return RulesetJson.readRule(json);
		}
		catch (RuleDefinitionException ex) {
			throw new InvalidRuleException(List.of(new RuleProblem(ex.path(), ex.getMessage())));
		}
	}

	/** Creates a rule with its first version, a draft. */
	public RuleVersion create(Rule rule, String changeNote, String author) {
		validate(rule);
		Instant now = clock.instant();
		if (!rules.insertRule(rule.id(), author, now)) {
			throw new ConflictException("There is already a rule with the id '" + rule.id() + "'. Choose another id.");
		}
		RuleVersion created = saveVersion(rule, 0, changeNote, author, now);
		audit.record(author, "rule.created", target(rule.id()), Map.of("version", created.version(), "note", created.changeNote()));
		return created;
	}

	/**
	 * Saves a new version of the rule, started from version {@code baseVersion}. Conflict when a newer
	 * version was saved meanwhile.
	 */
	public RuleVersion save(String ruleId, int baseVersion, Rule rule, String changeNote, String author) {
		if (!ruleId.equals(rule.id())) {
			throw new InvalidRuleException(List.of(new RuleProblem("rule.id",
					"The rule's id is '" + ruleId + "' and cannot change; copy the rule to give it another id.")));
		}
		validate(rule);
		RuleVersion saved = saveVersion(rule, baseVersion, changeNote, author, clock.instant());
		audit.record(author, "rule.saved", target(ruleId),
				Map.of("version", saved.version(), "from", baseVersion, "note", saved.changeNote()));
		return saved;
	}

	/** A new rule from the latest version of another, under a new id. */
	public RuleVersion copy(String ruleId, String newId, String author) {
		RuleVersion source = latest(ruleId);
		Rule copy = source.rule().withId(newId);
		RuleVersion created = create(copy, "Copied from " + ruleId + " version " + source.version(), author);
		audit.record(author, "rule.copied", target(newId), Map.of("from", ruleId, "fromVersion", source.version()));
		return created;
	}

	public RuleVersion submit(String ruleId, int version, String actor) {
		return move(ruleId, version, VersionStatus.DRAFT, VersionStatus.IN_REVIEW, actor, null, null, "rule.submitted");
	}

	public RuleVersion approve(String ruleId, int version, String approver, String comment) {
		RuleVersion current = version(ruleId, version);
		if (!selfApproval && current.author().equals(approver)) {
			throw new AccessDeniedException("You wrote version " + version + " of '" + ruleId
					+ "'; another approver must approve it.");
		}
		return move(ruleId, version, VersionStatus.IN_REVIEW, VersionStatus.APPROVED, approver, approver, comment,
				"rule.approved");
	}

	public RuleVersion reject(String ruleId, int version, String approver, String comment) {
		if (comment == null || comment.isBlank()) {
			throw new InvalidRuleException(List.of(new RuleProblem("comment", "Say why the version is rejected.")));
		}
		return move(ruleId, version, VersionStatus.IN_REVIEW, VersionStatus.REJECTED, approver, approver, comment,
				"rule.rejected");
	}

	@Transactional(readOnly = true)
	public List<RuleSummary> list(String text, VersionStatus status, String feature, String tag) {
		return rules.list(text, status, feature, tag);
	}

	@Transactional(readOnly = true)
	public List<RuleVersion> versions(String ruleId) {
		List<RuleVersion> versions = rules.versions(ruleId);
		if (versions.isEmpty()) {
			throw new NotFoundException("There is no rule '" + ruleId + "'.");
		}
		return versions;
	}

	@Transactional(readOnly = true)
	public RuleVersion version(String ruleId, int version) {
		return rules.version(ruleId, version)
			.orElseThrow(() -> new NotFoundException("Rule '" + ruleId + "' has no version " + version + "."));
	}

	@Transactional(readOnly = true)
	public RuleVersion latest(String ruleId) {
		int latest = rules.latestVersion(ruleId).orElseThrow(() -> new NotFoundException("There is no rule '" + ruleId + "'."));
		return version(ruleId, latest);
	}

	private RuleVersion move(String ruleId, int version, VersionStatus from, VersionStatus to, String actor, String reviewer,
			String comment, String action) {
		RuleVersion current = version(ruleId, version);
		if (!rules.changeStatus(ruleId, version, from, to, reviewer, comment, clock.instant())) {
			throw new ConflictException("Version " + version + " of '" + ruleId + "' is " + current.status() + ", not " + from
					+ "; it cannot become " + to + ".");
		}
		audit.record(actor, action, target(ruleId), comment == null ? Map.of("version", version)
				: Map.of("version", version, "comment", comment));
		return version(ruleId, version);
	}

	private RuleVersion saveVersion(Rule rule, int baseVersion, String changeNote, String author, Instant now) {
		if (!rules.claimNextVersion(rule.id(), baseVersion)) {
			int latest = rules.latestVersion(rule.id())
				.orElseThrow(() -> new NotFoundException("There is no rule '" + rule.id() + "'."));
			RuleVersion newer = version(rule.id(), latest);
			throw new ConflictException("Rule '" + rule.id() + "' was changed by " + newer.author() + " at " + newer.createdAt()
					+ " (version " + latest + ") after you opened version " + baseVersion
					+ ". Nothing was saved: open the latest version and make your change again.");
		}
		RuleVersion version = new RuleVersion(rule.id(), baseVersion + 1, rule.withVersion(baseVersion + 1), rule.tags(),
				new ArrayList<>(rule.condition().features()), VersionStatus.DRAFT, changeNote == null ? "" : changeNote.strip(),
				author, now, null, null, null);
		rules.insertVersion(version);
		return version;
	}

	/** What keeps the rule from saving, in business words; empty when it would save. */
	@Transactional(readOnly = true)
	public List<RuleProblem> problems(Rule rule) {
		List<RuleProblem> problems = new ArrayList<>();
		if (rule.id() == null || !rule.id().matches("[a-z0-9][a-z0-9-]{0,99}")) {
			problems.add(new RuleProblem("rule.id",
					"The id must be lowercase letters, digits and dashes, starting with a letter or digit, at most 100."));
		}
		else if (RESERVED_IDS.contains(rule.id())) {
			problems.add(new RuleProblem("rule.id", "'" + rule.id() + "' is a word the pages use; choose another id."));
		}
		problems.addAll(validator.validate(rule, "rule"));
		return problems;
	}

	private void validate(Rule rule) {
		List<RuleProblem> problems = problems(rule);
		if (!problems.isEmpty()) {
			throw new InvalidRuleException(problems);
		}
	}

	static String target(String ruleId) {
		return "rule:" + ruleId;
	}

}
