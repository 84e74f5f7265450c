package io.onramp.features;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.onramp.features.FeatureDefinition.Aggregation;
import io.onramp.features.FeatureDefinition.Window;

/**
 * The Redis Lua script that applies events to their users' features, generated from a
 * {@link FeatureRegistry} once at startup. One call applies one or more events, in order.
 *
 * <p>The script runs atomically. For each event it looks for the event's applied mark; if the mark exists
 * the event's result is the user's current features unchanged (a redelivery); else it advances the user's
 * event-time watermark and session, updates every feature, bumps the version, moves the user's expiry
 * deadline on when it is due and writes the mark (once, with the change record: nothing else runs in
 * between, not even the call's next event).
 * Every key it touches is passed in {@code KEYS} and carries its user's hash tag, so on Redis Cluster a call
 * whose events' users share a hash slot runs on the node that owns it.
 *
 * <p>Call contract: {@code KEYS} holds, per event, {@code [features hash, applied mark, aux keys...]} with
 * the aux keys named by {@link #auxKeys()} in order ({@link #keysPerEvent()} keys); {@code ARGV = [mark TTL
 * s, feature TTL s]} followed, per event, by {@code [event type, occurredAt ms (an integer's decimal text,
 * stored as it comes), eventId, field values...]} with the fields named by {@link #fields()} in order,
 * {@code ''} when absent ({@link #argsPerEvent()} arguments). It returns, per event in order, {@code
 * {duplicate 0|1, values, late 0|1, change record}}, the values being those of the hash fields named by
 * {@link #reply()}, in that order, in one text: tab-separated, escaped as in the change record ({@link
 * ChangeRecord#unescape}), {@link #ABSENT} where the hash has none. They are the features, the version and
 * what {@link StoredFeatures} needs to tell a feature past its TTL. What the event changed is the change
 * record's fields (for a duplicate: nothing). Hash fields starting with {@code _} are the script's own
 * bookkeeping, not features. The values come without their names, since turning a name into a reply string
 * cost Redis as much as the value, and as one text, since one reply string per value cost more than
 * joining them (1.7 % of the script).
 * Many events per call save Redis the cost of a call per event (parsing, script lookup, the reply's
 * framing), which on this project's machine was as large as the Lua that computes the features. What the
 * script costs Redis per event, and each feature's share, is counted by the {@code script-cost} benchmark.
 *
 * <p>The change record ({@link ChangeRecord}) says at which version the event was applied and what it
 * changed to which values. It is kept as the value of the applied mark, so a redelivery gets the same
 * record back and whatever is written from it (the offline history) is written exactly once in effect.
 */
public final class FeatureScript {

	/**
	 * The hash field holding when the deadline of the user's keys last moved (Redis server time, ms). The one
	 * stored field not derived from the events: the same events applied at another time leave another value.
	 */
	public static final String EXPIRY_FIELD = "_ttl_at";

	/**
	 * What the reply holds for a field the user's hash has none of. No stored value reads so: a value's own
	 * backslash comes doubled.
	 */
	public static final String ABSENT = "\\N";

	private final String lua;

	private final List<String> fields;

	private final List<String> auxKeys;

	private final List<String> reply;

	/** Takes the script with its per-event strides still as placeholders, which it fills in. */
	private FeatureScript(String lua, List<String> fields, List<String> auxKeys, List<String> reply) {
		this.fields = List.copyOf(fields);
		this.auxKeys = List.copyOf(auxKeys);
		this.reply = List.copyOf(reply);
		this.lua = lua.replace("$KEYS_PER_EVENT", Integer.toString(keysPerEvent()))
			.replace("$ARGS_PER_EVENT", Integer.toString(argsPerEvent()));
	}

	/** The script's text. */
	public String lua() {
		return lua;
	}

	/** The event fields to pass after the fixed arguments, in order. */
	public List<String> fields() {
		return fields;
	}

	/** The auxiliary per-user keys (sets, windows) to pass after the fixed keys, by suffix, in order. */
	public List<String> auxKeys() {
		return auxKeys;
	}

	/**
	 * The hash fields whose values an event's reply holds, in order: every feature, the version, and what
	 * {@link StoredFeatures} needs to leave out features past their TTL (the watermark, when each was changed).
	 */
	public List<String> reply() {
		return reply;
	}

	/** How many {@code KEYS} each event takes: the features hash, the applied mark and the aux keys. */
	public int keysPerEvent() {
		return 2 + auxKeys.size();
	}

	/** How many {@code ARGV} each event takes after the two TTLs: type, time, eventId and the fields. */
	public int argsPerEvent() {
		return 3 + fields.size();
	}

	public static FeatureScript generate(FeatureRegistry registry) {
		Map<String, Integer> fieldArgs = new LinkedHashMap<>();
		List<String> aux = new ArrayList<>();
		StringBuilder body = new StringBuilder();
		StringBuilder sessionReset = new StringBuilder();
		StringBuilder constants = new StringBuilder();
		List<String> rawText = new ArrayList<>();
		for (FeatureDefinition feature : registry.features()) {
			String name = quote(feature.name());
			if (feature.aggregation() == Aggregation.LAST) {
				rawText.add(name);
			}
			String filter = filter(feature, fieldArgs);
			boolean eventTime = "occurredAt".equals(feature.field())
					&& (feature.aggregation() == Aggregation.MIN || feature.aggregation() == Aggregation.MAX);
			String value = feature.field() == null || eventTime ? null : "a" + arg(feature.field(), fieldArgs);
			boolean windowed = feature.window().kind() != Window.Kind.LIFETIME;
			// Late events count in lifetime features only.
			String when = windowed ? "(" + filter + ") and not late" : filter;
			String auxKey = null;
			if (feature.aggregation() == Aggregation.DISTINCT_COUNT || feature.window().kind() == Window.Kind.SLIDING) {
				aux.add(feature.name());
				auxKey = "KEYS[k + " + (2 + aux.size()) + "]";
			}
			if (feature.window().kind() == Window.Kind.SESSION) {
				sessionReset.append("  hdel(").append(name).append(")\n");
				if (auxKey != null) {
					sessionReset.append("  call('DEL', ").append(auxKey).append(")\n");
				}
			}
			// A feature with a TTL records when it last changed in a field of its own, named here once.
			String stamp = feature.ttl() == null ? "nil" : quote("_changed:" + feature.name());
			body.append("-- ").append(feature.name()).append(": ").append(feature.aggregation().name().toLowerCase())
				.append('\n');
			body.append(switch (feature.aggregation()) {
				case COUNT -> feature.window().kind() == Window.Kind.SLIDING
						? sliding(name, auxKey, when, "eventId", feature.window().length().toMillis(), false)
						: "if " + when + " then incr(" + name + ", 1, " + stamp + ") end\n";
				case SUM -> feature.window().kind() == Window.Kind.SLIDING
						? sliding(name, auxKey, when + " and tonumber(" + value + ")", "eventId .. '|' .. " + value,
								feature.window().length().toMillis(), true)
						: "if " + when + " and tonumber(" + value + ") then add(" + name + ", tonumber(" + value + "), " + stamp
								+ ") end\n";
				case LAST -> "if " + when + " and " + value + " ~= '' then\n"
						+ "  local at = num(" + quote("_at:" + feature.name()) + ")\n"
						+ "  if at == nil or t >= at then put(" + name + ", " + value + ", " + stamp + "); hraw("
						+ quote("_at:" + feature.name()) + ", ts) end\nend\n";
				case DISTINCT_COUNT -> "if " + when + " and " + value + " ~= '' then\n"
						+ "  if call('SADD', " + auxKey + ", " + value + ") == 1 then\n"
						+ "    local n = call('SCARD', " + auxKey + ")\n    created(" + auxKey + ", n); put(" + name + ", n, " + stamp
						+ ")\n  end\nend\n";
				// The event's time compares as t and is stored as sent (ts), neither read nor formatted again.
				case MIN, MAX -> eventTime ? "if " + when + " then\n"
						+ "  local cur = num(" + name + ")\n"
						+ "  if cur == nil or t " + (feature.aggregation() == Aggregation.MIN ? "<" : ">") + " cur then praw(" + name
						+ ", ts, " + stamp + ") end\nend\n"
						: "if " + when + " and tonumber(" + value + ") then\n"
						+ "  local x, cur = tonumber(" + value + "), num(" + name + ")\n"
						+ "  if cur == nil or x " + (feature.aggregation() == Aggregation.MIN ? "<" : ">") + " cur then put(" + name
						+ ", x, " + stamp + ") end\nend\n";
				case CHANGES -> "if " + when + " and " + value + " ~= '' and inOrder then\n"
						+ "  local prev = H[" + quote("_prev:" + feature.name()) + "]\n"
						+ "  if prev and prev ~= " + value + " then incr(" + name + ", 1, " + stamp + ") end\n"
						+ "  hraw(" + quote("_prev:" + feature.name()) + ", " + value + ")\nend\n";
				case RATIO -> "do\n  local n = num(" + quote(feature.numerator()) + ") or 0\n"
						+ "  local d = " + (feature.denominator() instanceof Double number ? fmtNumber(number)
								: "num(" + quote((String) feature.denominator()) + ") or 0")
						+ "\n  if d ~= 0 then put(" + name + ", n / d, " + stamp + ") end\nend\n";
				case DECAYED_SCORE -> decayed(feature, name, when, stamp, constants);
				case IDLE_SECONDS -> "if previous == nil then put(" + name + ", 0, " + stamp + ") elseif inOrder then put(" + name
						+ ", floor((t - previous) / 1000), " + stamp + ") end\n";
				case SESSION_COUNT -> "if newSession then incr(" + name + ", 1, " + stamp + ") end\n";
				case SESSION_DURATION -> "put(" + name + ", floor((wm - num('_session_start')) / 1000), " + stamp + ")\n";
			});
		}
		List<String> reply = reply(registry);
		String lua = PRELUDE.replace("$EXPIRY_FIELD", EXPIRY_FIELD)
			.replace("$SESSION_MS", Long.toString(registry.sessionTimeout().toMillis()))
			.replace("$LATENESS_MS", Long.toString(registry.allowedLateness().toMillis()))
			.replace("$FIELDS", fieldArgs.entrySet().stream()
				.map(entry -> "  local a" + entry.getValue() + " = ARGV[a + " + (3 + entry.getValue()) + "] -- " + entry.getKey())
				.collect(Collectors.joining("\n")))
			.replace("$REPLY", reply.stream().map(FeatureScript::quote).collect(Collectors.joining(", ")))
			.replace("$ABSENT", quote(ABSENT))
			.replace("$RAW_TEXT", rawText.stream().map(name -> "[" + name + "] = true").collect(Collectors.joining(", ")))
			.replace("$CONSTANTS", constants.toString())
			.replace("$SESSION_RESET", sessionReset.toString())
			.replace("$FEATURES", body.toString());
		return new FeatureScript(lua, new ArrayList<>(fieldArgs.keySet()), aux, reply);
	}

	/** What {@link #reply()} names, from the registry. */
	private static List<String> reply(FeatureRegistry registry) {
		List<String> reply = new ArrayList<>();
		for (FeatureDefinition feature : registry.features()) {
			reply.add(feature.name());
			if (feature.ttl() != null) {
				reply.add("_changed:" + feature.name());
			}
		}
		reply.add("version");
		reply.add("_watermark");
		return reply;
	}

	private static String sliding(String name, String key, String when, String member, long lengthMillis, boolean sum) {
		String value = sum ? "local members, total = call('ZRANGE', " + key + ", 0, -1), 0\n    created(" + key
				+ ", #members)\n    for _, m in ipairs(members) do total = total + tonumber(string.match(m, '|(.*)$')) end\n    put("
				+ name + ", total, nil)\n"
				: "local n = call('ZCARD', " + key + ")\n    created(" + key + ", n); put(" + name + ", n, nil)\n";
		// The window's value changes only when a member comes in or goes out: otherwise it is not read again.
		return "do\n  local moved = 0\n"
				+ "  if " + when + " then moved = call('ZADD', " + key + ", ts, " + member + ") end\n"
				+ "  moved = moved + call('ZREMRANGEBYSCORE', " + key + ", '-inf', '(' .. (wm - " + lengthMillis + "))\n"
				+ "  if moved > 0 or H[" + name + "] == nil then\n    " + value + "  end\nend\n";
	}

	/** The decayed score's update; its weights table goes in {@code constants}, built once per call. */
	private static String decayed(FeatureDefinition feature, String name, String when, String stamp, StringBuilder constants) {
		String weights = feature.weights().entrySet().stream()
			.map(entry -> "[" + quote(entry.getKey()) + "] = " + fmtNumber(entry.getValue()))
			.collect(Collectors.joining(", ", "{", "}"));
		String table = "W" + (constants.chars().filter(c -> c == '\n').count() + 1);
		constants.append("local ").append(table).append(" = ").append(weights).append(" -- ").append(feature.name()).append('\n');
		double halfLife = feature.halfLife().toMillis();
		String raw = quote("_raw:" + feature.name());
		String rawAt = quote("_rawat:" + feature.name());
		return "do\n  local weight = " + table + "[etype]\n"
				+ "  if weight and " + when + " then\n"
				+ "    local raw, at = num(" + raw + ") or 0, num(" + rawAt + ") or t\n"
				+ "    if t >= at then raw = raw * pow(2, -(t - at) / " + fmtNumber(halfLife) + ") + weight; hraw(" + rawAt
				+ ", ts)\n"
				+ "    else raw = raw + weight * pow(2, -(at - t) / " + fmtNumber(halfLife) + ") end\n"
				+ "    hset(" + raw + ", raw)\n"
				+ "    put(" + name + ", raw / (raw + " + fmtNumber(feature.scale()) + "), " + stamp + ")\n"
				+ "  end\nend\n";
	}

	private static String filter(FeatureDefinition feature, Map<String, Integer> fieldArgs) {
		if (feature.filter().isEmpty()) {
			return "true";
		}
		return feature.filter().entrySet().stream().map(entry -> {
			String variable = entry.getKey().equals("type") ? "etype" : "a" + arg(entry.getKey(), fieldArgs);
			return "(" + entry.getValue().stream().map(value -> variable + " == " + quote(value))
				.collect(Collectors.joining(" or ")) + ")";
		}).collect(Collectors.joining(" and "));
	}

	private static int arg(String field, Map<String, Integer> fieldArgs) {
		return fieldArgs.computeIfAbsent(field, key -> fieldArgs.size() + 1);
	}

	/** A Lua string literal; registry values are trusted configuration, but quoting stays exact. */
	static String quote(String text) {
		StringBuilder quoted = new StringBuilder("'");
		for (char c : text.toCharArray()) {
			switch (c) {
				case '\\' -> quoted.append("\\\\");
				case '\'' -> quoted.append("\\'");
				case '\n' -> quoted.append("\\n");
				case '\r' -> quoted.append("\\r");
				default -> quoted.append(c);
			}
		}
		return quoted.append('\'').toString();
	}

	private static String fmtNumber(double number) {
		return number == Math.rint(number) ? Long.toString((long) number) : Double.toString(number);
	}

	private static final String PRELUDE = """
			-- Generated from the feature registry by FeatureScript; see its Javadoc for the call contract.
			-- The library functions used, as locals: a global (string.format, redis.call) is a table lookup at
			-- every use, a local a register.
			local call, format, floor, abs, pow, concat = redis.call, string.format, math.floor, math.abs, math.pow, table.concat
			local tonumber, type, pairs, ipairs, unpack, gsub = tonumber, type, pairs, ipairs, unpack, string.gsub
			local markTtl, featureTtl = ARGV[1], ARGV[2]
			local REPLY = {$REPLY}
			-- Features holding an event's text as it came ('last'): in the change record a backslash and a tab
			-- in their values are escaped (ChangeRecord.decode), since a tab separates the record's parts.
			local RAW_TEXT = {$RAW_TEXT}
			local ESCAPES = {['\\\\'] = '\\\\\\\\', ['\\t'] = '\\\\t'}
			-- The reply carries the REPLY fields' values as one text, tab-separated, escaped as in the change record,
			-- NIL where a field has none (a value's own backslash is doubled, so none reads as NIL): one bulk
			-- string costs Redis's reply less than one per field.
			local NIL = $ABSENT
			local function joined(source, byName)
			  local values = {}
			  for i, f in ipairs(REPLY) do
			    local v
			    if byName then v = source[f] else v = source[i] end
			    if not v then v = NIL elseif RAW_TEXT[f] then v = gsub(v, '[\\\\\\t]', ESCAPES) end
			    values[i] = v
			  end
			  return concat(values, '\\t')
			end
			$CONSTANTS\
			-- The event being applied: its user's hash, read once into H, worked on in Lua and written back with
			-- one HSET (and one HDEL) at the end, since a Redis call costs more than the Lua around it.
			local H, dirty, changed, seen, t, ts
			-- TTLs: all of a user's keys expire at one deadline, the hash's _ttl_at (server time, ms) + the feature TTL
			-- + a slack (an eighth of the TTL, at most an hour). It moves on only once the slack has passed since
			-- _ttl_at, so most events make no expiry call, and a quiet user's keys go between the TTL and the TTL +
			-- slack after their last event.
			local clock = call('TIME')
			local now = tonumber(clock[1]) * 1000 + floor(tonumber(clock[2]) / 1000)
			local ttlMs = tonumber(featureTtl) * 1000
			local slack = floor(ttlMs / 8)
			if slack > 3600000 then slack = 3600000 end
			local refresh, deadline
			-- A key an event created (its first member) between two refreshes gets the deadline the others have.
			local function created(key, n) if n == 1 and not refresh then call('PEXPIREAT', key, deadline) end end
			local function fmt(v)
			  if type(v) ~= 'number' then return v end
			  if v == floor(v) and v < 9007199254740992 and v > -9007199254740992 then return format('%d', v) end
			  return format('%.6g', v)
			end
			local function hset(f, v) H[f] = fmt(v); dirty[f] = true end
			-- A value that is already the text to store (the event's time as sent, an event field).
			local function hraw(f, s) H[f] = s; dirty[f] = true end
			local function hdel(f) H[f] = nil; dirty[f] = true end
			local function num(f) local v = H[f]; if v then return tonumber(v) end; return nil end
			-- stamp: for a feature with a TTL, the field recording when it last changed (the event's time); else nil.
			local function mark(f, stamp)
			  if not seen[f] then seen[f] = true; changed[#changed + 1] = f end
			  if stamp then H[stamp] = ts; dirty[stamp] = true end
			end
			-- Sets a feature to a value, marking it changed if it is. praw takes the text to store as it is; put
			-- formats a number first (inline rather than calling praw: one more Lua call per put measured +0.4 %).
			local function put(f, v, stamp)
			  v = fmt(v)
			  if H[f] ~= v then H[f] = v; dirty[f] = true; mark(f, stamp) end
			end
			local function praw(f, s, stamp)
			  if H[f] ~= s then H[f] = s; dirty[f] = true; mark(f, stamp) end
			end
			local function incr(f, by, stamp) hset(f, (num(f) or 0) + by); mark(f, stamp) end
			-- Running sums keep 17 significant digits, as HINCRBYFLOAT would, not fmt's 6.
			local function add(f, by, stamp)
			  local v = (num(f) or 0) + by
			  if v == floor(v) and abs(v) < 9007199254740992 then hset(f, v)
			  else H[f] = format('%.17g', v); dirty[f] = true end
			  mark(f, stamp)
			end

			-- Applies the event whose keys follow KEYS[k] and whose arguments follow ARGV[a].
			local function apply(k, a)
			  local F, M = KEYS[k + 1], KEYS[k + 2]
			  -- The script runs as one step, so the mark needs no SET NX up front: it is written once, at the end,
			  -- with the change record; a later event with the same id, in this call or any other, finds it.
			  local applied = call('GET', M)
			  if applied then
			    return {1, joined(call('HMGET', F, unpack(REPLY)), false), 0, applied}
			  end
			  local etype, eventId = ARGV[a + 1], ARGV[a + 3]
			  ts = ARGV[a + 2]
			  t = tonumber(ts)
			$FIELDS
			  H, dirty, changed, seen = {}, {}, {}, {}
			  do
			    local raw = call('HGETALL', F)
			    for i = 1, #raw, 2 do H[raw[i]] = raw[i + 1] end
			  end
			  local ttlAt = num('$EXPIRY_FIELD')
			  refresh = ttlAt == nil or now - ttlAt >= slack or now < ttlAt
			  if refresh then ttlAt = now; hset('$EXPIRY_FIELD', now) end
			  deadline = ttlAt + ttlMs + slack

			  -- Event time: the watermark is the latest event time seen; an event more than the allowed
			  -- lateness behind it is late. A session ends after the session timeout without events.
			  local previous = num('_watermark')
			  local late = previous ~= nil and t < previous - $LATENESS_MS
			  local inOrder = previous == nil or t >= previous
			  local newSession = previous == nil or t - previous > $SESSION_MS
			  local wm = previous
			  if wm == nil or t > wm then wm = t; hraw('_watermark', ts) end
			  if newSession then
			    hraw('_session_start', ts)
			$SESSION_RESET\
			  end

			$FEATURES
			  local version = (num('version') or 0) + 1
			  hset('version', version)
			  local sets, dels = {}, {}
			  for f in pairs(dirty) do
			    if H[f] then sets[#sets + 1] = f; sets[#sets + 1] = H[f] else dels[#dels + 1] = f end
			  end
			  call('HSET', F, unpack(sets))
			  if #dels > 0 then call('HDEL', F, unpack(dels)) end
			  if refresh then
			    call('PEXPIREAT', F, deadline)
			    for i = 3, $KEYS_PER_EVENT do call('PEXPIREAT', KEYS[k + i], deadline) end
			  end
			  local record = {H.version} -- as hset formatted it
			  for _, f in ipairs(changed) do
			    record[#record + 1] = f
			    local v = H[f] or ''
			    if RAW_TEXT[f] then v = gsub(v, '[\\\\\\t]', ESCAPES) end
			    record[#record + 1] = v
			  end
			  local change = concat(record, '\t')
			  call('SET', M, change, 'EX', markTtl)
			  -- The reply holds what a reader of the features needs (StoredFeatures), not the other bookkeeping.
			  return {0, joined(H, true), late and 1 or 0, change}
			end

			local results = {}
			for e = 0, #KEYS / $KEYS_PER_EVENT - 1 do
			  results[e + 1] = apply(e * $KEYS_PER_EVENT, 2 + e * $ARGS_PER_EVENT)
			end
			return results
			""";

}
