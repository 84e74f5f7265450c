package io.onramp.admin.audit;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;

import io.onramp.contracts.OnrampJson;

/**
 * Every change, review, publication and sign-in, in Postgres, in the same transaction as the change it
 * records. Entries are only ever added.
 */
public class AuditLog {

	private final JdbcClient jdbc;

	private final Clock clock;

	public AuditLog(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	public void record(String actor, String action, String target, Map<String, ?> details) {
		jdbc.sql("INSERT INTO audit_event (at, actor, action, target, details) VALUES (?, ?, ?, ?, ?::jsonb)")
			.params(Timestamp.from(clock.instant()), actor, action, target,
					OnrampJson.mapper().writeValueAsString(details))
			.update();
	}

	/** Entries matching the filter, newest first, at most {@code limit}. */
	public List<Entry> find(Filter filter, int limit) {
		StringBuilder sql = new StringBuilder("SELECT id, at, actor, action, target, details::text AS details FROM audit_event WHERE true");
		List<Object> params = new ArrayList<>();
		if (filter.actor() != null && !filter.actor().isBlank()) {
			sql.append(" AND actor = ?");
			params.add(filter.actor());
		}
		if (filter.action() != null && !filter.action().isBlank()) {
			sql.append(" AND action = ?");
			params.add(filter.action());
		}
		if (filter.target() != null && !filter.target().isBlank()) {
			sql.append(" AND target = ?");
			params.add(filter.target());
		}
		if (filter.from() != null) {
			sql.append(" AND at >= ?");
			params.add(Timestamp.from(filter.from()));
		}
		if (filter.to() != null) {
			sql.append(" AND at < ?");
			params.add(Timestamp.from(filter.to()));
		}
		sql.append(" ORDER BY at DESC, id DESC LIMIT ?");
		params.add(limit);
		return jdbc.sql(sql.toString())
			.params(params)
			.query((row, n) -> new Entry(row.getLong("id"), row.getTimestamp("at").toInstant(), row.getString("actor"),
					row.getString("action"), row.getString("target"), row.getString("details")))
			.list();
	}

	/**
	 * What to look for; every part is optional.
	 *
	 * @param actor who did it
	 * @param action what was done, for example {@code rule.saved}
	 * @param target what it was done to, for example {@code rule:mobile-compact}
	 * @param from from this time on
	 * @param to before this time
	 */
	public record Filter(String actor, String action, String target, Instant from, Instant to) {
	}

	/**
	 * @param details JSON object
	 */
	public record Entry(long id, Instant at, String actor, String action, String target, String details) {
	}

}
