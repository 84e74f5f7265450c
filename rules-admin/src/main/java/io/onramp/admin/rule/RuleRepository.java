package io.onramp.admin.rule;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;

import io.onramp.rules.Rule;
import io.onramp.rules.RulesetJson;

/** Rules and their versions in Postgres. */
public class RuleRepository {

	private static final String VERSION_COLUMNS = "v.rule_id, v.version, v.definition::text AS definition, v.tags, v.features, "
			+ "v.status, v.change_note, v.author, v.created_at, v.reviewed_by, v.reviewed_at, v.review_comment";

	private final JdbcClient jdbc;

	public RuleRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Rules matching the filter, by id.
	 *
	 * @param text part of the id or name, any case, or {@code null}
	 * @param status the latest version's status, or {@code null}
	 * @param feature a feature the latest version reads, or {@code null}
	 * @param tag one of the latest version's tags, or {@code null}
	 */
	public List<RuleSummary> list(String text, VersionStatus status, String feature, String tag) {
		StringBuilder sql = new StringBuilder("""
				SELECT r.id, v.name, r.latest_version, v.status, v.tags, v.features, v.author, v.created_at,
				       (SELECT rr.version FROM release_rule rr WHERE rr.rule_id = r.id
				        AND rr.release_number = (SELECT max(number) FROM ruleset_release)) AS live_version
				FROM rule r JOIN rule_version v ON v.rule_id = r.id AND v.version = r.latest_version
				WHERE NOT r.archived""");
		List<Object> params = new ArrayList<>();
		if (text != null && !text.isBlank()) {
			sql.append(" AND (r.id ILIKE ? OR v.name ILIKE ?)");
			String like = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
			params.add(like);
			params.add(like);
		}
		if (status != null) {
			sql.append(" AND v.status = ?");
			params.add(status.name());
		}
		if (feature != null && !feature.isBlank()) {
			sql.append(" AND ? = ANY (v.features)");
			params.add(feature);
		}
		if (tag != null && !tag.isBlank()) {
			sql.append(" AND ? = ANY (v.tags)");
			params.add(tag);
		}
		sql.append(" ORDER BY r.id");
		return jdbc.sql(sql.toString())
			.params(params)
			.query((row, n) -> new RuleSummary(row.getString("id"), row.getString("name"), row.getInt("latest_version"),
					VersionStatus.valueOf(row.getString("status")), (Integer) row.getObject("live_version"), strings(row.getArray("tags")),
					strings(row.getArray("features")), row.getString("author"), row.getTimestamp("created_at").toInstant()))
			.list();
	}

	public Optional<Integer> latestVersion(String ruleId) {
		return jdbc.sql("SELECT latest_version FROM rule WHERE id = ? AND NOT archived").param(ruleId).query(Integer.class).optional();
	}

	public Optional<RuleVersion> version(String ruleId, int version) {
		return jdbc.sql("SELECT " + VERSION_COLUMNS + " FROM rule_version v WHERE v.rule_id = ? AND v.version = ?")
			.params(ruleId, version)
			.query(RuleRepository::version)
			.optional();
	}

	/** Every version of a rule, newest first. */
	public List<RuleVersion> versions(String ruleId) {
		return jdbc.sql("SELECT " + VERSION_COLUMNS + " FROM rule_version v WHERE v.rule_id = ? ORDER BY v.version DESC")
			.param(ruleId)
			.query(RuleRepository::version)
			.list();
	}

	/** Creates the rule with its first version; false when the id is taken. */
	public boolean insertRule(String ruleId, String by, Instant at) {
		return jdbc.sql("INSERT INTO rule (id, latest_version, created_at, created_by) VALUES (?, 0, ?, ?) ON CONFLICT (id) DO NOTHING")
			.params(ruleId, Timestamp.from(at), by)
			.update() == 1;
	}

	/**
	 * Moves the rule's latest version from {@code expected} to {@code expected + 1}: the optimistic lock.
	 * False when someone else saved a version since {@code expected}.
	 */
	public boolean claimNextVersion(String ruleId, int expected) {
		return jdbc.sql("UPDATE rule SET latest_version = latest_version + 1 WHERE id = ? AND latest_version = ? AND NOT archived")
			.params(ruleId, expected)
			.update() == 1;
	}

	public void insertVersion(RuleVersion version) {
		jdbc.sql("""
				INSERT INTO rule_version (rule_id, version, name, definition, tags, features, status, change_note, author, created_at)
				VALUES (?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?)
				""")
			.params(version.ruleId(), version.version(), version.rule().name(), RulesetJson.write(version.rule()),
					version.tags().toArray(String[]::new), version.features().toArray(String[]::new), version.status().name(),
					version.changeNote(), version.author(), Timestamp.from(version.createdAt()))
			.update();
	}

	/** Moves a version from one status to another; false when it was not in {@code from}. */
	public boolean changeStatus(String ruleId, int version, VersionStatus from, VersionStatus to, String reviewer,
			String comment, Instant at) {
		return jdbc.sql("""
				UPDATE rule_version SET status = ?,
				       reviewed_by = coalesce(?, reviewed_by), reviewed_at = coalesce(?, reviewed_at),
				       review_comment = coalesce(?, review_comment)
				WHERE rule_id = ? AND version = ? AND status = ?
				""")
			.params(to.name(), reviewer, reviewer == null ? null : Timestamp.from(at), comment, ruleId, version, from.name())
			.update() == 1;
	}

	/**
	 * What the next release would hold, per rule: its newest approved version when that is newer than the
	 * version in the latest release, else the version in the latest release (so a rollback stays rolled
	 * back until something new is approved).
	 */
	public List<RuleVersion> nextReleaseVersions() {
		return jdbc.sql("""
				WITH released AS (
				    SELECT rule_id, version FROM release_rule
				    WHERE release_number = (SELECT max(number) FROM ruleset_release)
				), approved AS (
				    SELECT rule_id, max(version) AS version FROM rule_version WHERE status = 'APPROVED' GROUP BY rule_id
				), chosen AS (
				    SELECT coalesce(a.rule_id, r.rule_id) AS rule_id,
				           CASE WHEN a.version IS NOT NULL AND (r.version IS NULL OR a.version > r.version) THEN a.version
				                ELSE r.version END AS version
				    FROM approved a FULL JOIN released r ON a.rule_id = r.rule_id
				)
				SELECT %s FROM chosen c JOIN rule_version v ON v.rule_id = c.rule_id AND v.version = c.version
				JOIN rule ON rule.id = c.rule_id AND NOT rule.archived
				ORDER BY v.rule_id
				""".formatted(VERSION_COLUMNS))
			.query(RuleRepository::version)
			.list();
	}

	private static RuleVersion version(ResultSet row, int n) throws SQLException {
		Timestamp reviewedAt = row.getTimestamp("reviewed_at");
		return new RuleVersion(row.getString("rule_id"), row.getInt("version"), RulesetJson.readRule(row.getString("definition")),
				strings(row.getArray("tags")), strings(row.getArray("features")), VersionStatus.valueOf(row.getString("status")),
				row.getString("change_note"), row.getString("author"), row.getTimestamp("created_at").toInstant(),
				row.getString("reviewed_by"), reviewedAt == null ? null : reviewedAt.toInstant(), row.getString("review_comment"));
	}

	private static List<String> strings(Array array) throws SQLException {
		return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
	}

}
