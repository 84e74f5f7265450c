package io.onramp.admin.simulation;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

import tools.jackson.core.type.TypeReference;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;

import io.onramp.admin.release.ReleaseService;
import io.onramp.admin.rule.RuleService;
import io.onramp.admin.rule.RuleVersion;
import io.onramp.admin.web.NotFoundException;
import io.onramp.contracts.Event;
import io.onramp.contracts.OnrampJson;
import io.onramp.features.FeatureClient;
import io.onramp.features.FeatureRegistry;
import io.onramp.features.StoredFeatures;
import io.onramp.rules.EvaluationInput;
import io.onramp.rules.Rule;
import io.onramp.rules.RuleMatch;
import io.onramp.rules.Ruleset;
import io.onramp.rules.RulesetRelease;
import io.onramp.rules.Simulator;

/**
 * Trying a rule version before it is published: on a real user's current features (the online store) or
 * on a typed feature vector, together with the live release's other rules, showing which rules fire and
 * why; and a backtest over the offline feature history, counting per day the users it would have fired
 * for.
 */
public class SimulationService {

	private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
	};

	private final RuleService rules;

	private final ReleaseService releases;

	private final FeatureClient features;

	private final JdbcTemplate history;

	private final String historyTable;

	private final StoredFeatures stored;

	private final Clock clock;

	/**
	 * @param history reads the offline history; its fetch size makes the backtest stream rows
	 * @param historyTable the aggregator's {@code feature_changes} table, schema-qualified if need be
	 */
	public SimulationService(RuleService rules, ReleaseService releases, FeatureClient features, JdbcTemplate history,
			String historyTable, FeatureRegistry registry, Clock clock) {
		if (!historyTable.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?")) {
			throw new IllegalArgumentException("onramp.admin.feature-history-table must be a table name, not " + historyTable);
		}
		this.rules = rules;
		this.releases = releases;
		this.features = features;
		this.history = history;
		this.historyTable = historyTable;
		this.stored = new StoredFeatures(registry);
		this.clock = clock;
	}

	/**
	 * The decision for one user with this version of the rule in place of the live one.
	 *
	 * @param userId a real user, whose current features are read; or {@code null} to use {@code typed}
	 * @param typed a feature vector, by feature name
	 */
	public Result simulate(String ruleId, Integer version, String userId, Map<String, Object> typed) {
		RuleVersion tried = version == null ? rules.latest(ruleId) : rules.version(ruleId, version);
		Map<String, Object> input;
		if (userId != null && !userId.isBlank()) {
			input = features.find(userId)
				.orElseThrow(() -> new NotFoundException("There are no features for user '" + userId + "' (unknown, erased or expired)."))
				.features();
		}
		else {
			input = typed == null ? Map.of() : typed;
		}
		Ruleset live = releases.liveRuleset();
		List<Rule> withTried = new ArrayList<>(live.rules().stream().filter(rule -> !rule.id().equals(ruleId)).toList());
		withTried.add(tried.rule());
		RulesetRelease release = new RulesetRelease(0, clock.instant(), "simulation", new Ruleset(live.defaults(), withTried));
		String who = userId == null || userId.isBlank() ? "simulated-user" : userId;
		return new Result(tried, input, Simulator.simulate(release, new EvaluationInput(who, input, Set.of(), null, Map.of())));
	}

	/**
	 * For each of the last {@code days} days (UTC, today included): how many users had feature changes, and
	 * for how many of them this version of the rule would have fired after at least one change. Each user's
	 * features are replayed from the history in event-time order. Conditions on event fields never hold
	 * here: the history keeps features, not events.
	 */
	@Transactional(readOnly = true)
	public Backtest backtest(String ruleId, int version, int days) {
		if (days < 1 || days > 90) {
			throw new IllegalArgumentException("A backtest covers 1 to 90 days, not " + days + ".");
		}
		RuleVersion tried = rules.version(ruleId, version);
		Predicate<EvaluationInput> fires = RuleMatch.of(tried.rule());
		Instant end = clock.instant();
		LocalDate firstDay = end.atZone(ZoneOffset.UTC).toLocalDate().minusDays(days - 1L);
		Instant start = firstDay.atStartOfDay(ZoneOffset.UTC).toInstant();
		Map<LocalDate, Set<String>> active = new TreeMap<>();
		Map<LocalDate, Set<String>> fired = new TreeMap<>();
		for (int d = 0; d < days; d++) {
			active.put(firstDay.plusDays(d), new TreeSet<>());
			fired.put(firstDay.plusDays(d), new TreeSet<>());
		}
		Map<String, String> state = new HashMap<>();
		String[] current = { null };
		history.query("SELECT user_id, event_id, event_time, changes::text AS changes FROM " + historyTable
				+ " WHERE event_time < ? ORDER BY user_id, event_time, version", row -> {
					String user = row.getString("user_id");
					if (!user.equals(current[0])) {
						current[0] = user;
						state.clear();
					}
					Map<String, String> changes = OnrampJson.mapper().readValue(row.getString("changes"), STRING_MAP);
					state.putAll(changes);
					Instant at = row.getTimestamp("event_time").toInstant();
					if (at.isBefore(start)) {
						return;
					}
					LocalDate day = at.atZone(ZoneOffset.UTC).toLocalDate();
					active.get(day).add(user);
					Event event = new Event(row.getString("event_id"), null, user, null, null, at, at, null, Map.of(), null);
					if (fires.test(new EvaluationInput(user, stored.decode(state), changes.keySet(), event, Map.of()))) {
						fired.get(day).add(user);
					}
				}, Timestamp.from(end));
		List<Day> result = active.keySet()
			.stream()
			.map(day -> new Day(day, active.get(day).size(), fired.get(day).size()))
			.toList();
		return new Backtest(tried.ruleId(), tried.version(), result);
	}

	/**
	 * @param version the version tried
	 * @param features the feature vector it was tried on
	 * @param simulation the decision and, per rule, why it fired or not
	 */
	public record Result(RuleVersion version, Map<String, Object> features, Simulator.Simulation simulation) {
	}

	/**
	 * @param ruleId the rule
	 * @param version the version tested
	 * @param days one entry per day, oldest first
	 */
	public record Backtest(String ruleId, int version, List<Day> days) {
	}

	/**
	 * @param day the day (UTC)
	 * @param activeUsers users with at least one feature change that day
	 * @param firedFor of those, users for whom the rule would have fired
	 */
	public record Day(LocalDate day, int activeUsers, int firedFor) {
	}

}
