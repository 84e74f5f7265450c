package io.onramp.admin.rule;

import java.time.Instant;
import java.util.List;

import io.onramp.rules.Rule;

/**
 * One saved version of a rule: its content never changes.
 *
 * @param ruleId the rule's id
 * @param version 1, 2, ... per rule
 * @param rule the rule as saved
 * @param tags the rule's tags
 * @param features the features its condition reads
 * @param status where it is in review
 * @param changeNote what the author said changed
 * @param author who saved it
 * @param createdAt when
 * @param reviewedBy who approved or rejected it, or {@code null}
 * @param reviewedAt when, or {@code null}
 * @param reviewComment the reviewer's comment, or {@code null}
 */
public record RuleVersion(String ruleId, int version, Rule rule, List<String> tags, List<String> features,
		VersionStatus status, String changeNote, String author, Instant createdAt, String reviewedBy, Instant reviewedAt,
		String reviewComment) {
}
