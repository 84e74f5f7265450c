package io.onramp.admin.rule;

import java.time.Instant;
import java.util.List;

/**
 * A rule in the list: its latest version and the one that is live.
 *
 * @param id the rule's id
 * @param name the latest version's name
 * @param latestVersion the latest version's number
 * @param latestStatus the latest version's status
 * @param liveVersion the version in the active release, or {@code null} when it is not in it
 * @param tags the latest version's tags
 * @param features the features the latest version reads
 * @param updatedBy who saved the latest version
 * @param updatedAt when
 */
public record RuleSummary(String id, String name, int latestVersion, VersionStatus latestStatus, Integer liveVersion,
		List<String> tags, List<String> features, String updatedBy, Instant updatedAt) {
}
