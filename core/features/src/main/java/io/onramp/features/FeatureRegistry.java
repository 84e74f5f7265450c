package io.onramp.features;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import tools.jackson.databind.JsonNode;

import io.onramp.contracts.EventFields;
import io.onramp.contracts.OnrampJson;
import io.onramp.features.FeatureDefinition.Aggregation;
import io.onramp.features.FeatureDefinition.Type;
import io.onramp.features.FeatureDefinition.Window;

/**
 * The features Onramp computes, loaded from a registry file. The aggregator computes exactly these; rule
 * validation accepts exactly these.
 *
 * <pre>{@code
 * {"sessionTimeout": "PT30M",      // a session ends after this long without events (event time)
 *  "allowedLateness": "PT5M",      // events older than the latest event time by more are late
 *  "features": [
 *    {"name": "clicks_5m", "type": "number", "aggregation": "count",
 *     "filter": {"type": ["click"]}, "window": "PT5M", "description": "..."},
 *    {"name": "steps_completed", "type": "number", "aggregation": "distinct_count", "field": "properties.step",
 *     "filter": {"type": ["step_completed"]}},
 *    {"name": "onboarding_progress", "type": "number", "aggregation": "ratio",
 *     "numerator": "steps_completed", "denominator": 5},
 *    {"name": "engagement_score", "type": "number", "aggregation": "decayed_score", "halfLife": "PT30M",
 *     "weights": {"click": 1, "form_submit": 3}, "scale": 10},
 *    {"name": "device_type", "type": "text", "aggregation": "last", "field": "context.device",
 *     "values": ["desktop", "tablet", "mobile"], "ttl": "P7D"}]}
 * }</pre>
 *
 * Types: {@code number}, {@code text}, {@code time} (epoch milliseconds). Aggregations: see
 * {@link Aggregation}, in snake case. Windows: {@code "lifetime"} (the default), {@code "session"} (the
 * current session), or a duration for a sliding window over event time (count and sum only). Filters
 * name event fields (see {@link EventFields}) and the values that count. A ratio may only use features
 * defined above it. Late events (beyond the allowed lateness) update lifetime features only.
 */
public record FeatureRegistry(Duration sessionTimeout, Duration allowedLateness, List<FeatureDefinition> features) {

	/** The registry of the onboarding features Onramp ships with. */
	public static final String DEFAULT_RESOURCE = "onramp/features/registry.json";

	private static final EnumSet<Aggregation> NEED_FIELD = EnumSet.of(Aggregation.SUM, Aggregation.LAST,
			Aggregation.DISTINCT_COUNT, Aggregation.MIN, Aggregation.MAX, Aggregation.CHANGES);

	public FeatureRegistry {
		features = List.copyOf(features);
	}

	public static FeatureRegistry defaults() {
		return fromResource(DEFAULT_RESOURCE);
	}

	public static FeatureRegistry fromResource(String resource) {
		try (InputStream in = FeatureRegistry.class.getClassLoader().getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalArgumentException("No feature registry " + resource);
			}
			return read(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Reads and checks a registry; a mistake is refused with the path and the reason. */
	public static FeatureRegistry read(String json) {
		JsonNode root = OnrampJson.mapper().readTree(json);
		Duration sessionTimeout = duration(root.get("sessionTimeout"), "sessionTimeout", Duration.ofMinutes(30));
		Duration lateness = duration(root.get("allowedLateness"), "allowedLateness", Duration.ofMinutes(5));
		List<FeatureDefinition> features = new ArrayList<>();
		Set<String> names = new HashSet<>();
		JsonNode list = root.path("features");
		for (int i = 0; i < list.size(); i++) {
			FeatureDefinition feature = feature(list.get(i), "features[" + i + "]", names);
			names.add(feature.name());
			features.add(feature);
		}
		return new FeatureRegistry(sessionTimeout, lateness, features);
	}

	public Optional<FeatureDefinition> find(String name) {
		return features.stream().filter(feature -> feature.name().equals(name)).findFirst();
	}

	private static FeatureDefinition feature(JsonNode node, String path, Set<String> earlier) {
		String name = node.path("name").asString("");
		if (!name.matches("[a-z][a-z0-9_]{0,62}")) {
			throw invalid(path + ".name", "'" + name + "' is not a feature name (lower case letters, digits, underscores)");
		}
		if (earlier.contains(name)) {
			throw invalid(path + ".name", "another feature is already called '" + name + "'");
		}
		Type type = enumValue(Type.class, node.path("type").asString("number"), path + ".type");
		Aggregation aggregation = enumValue(Aggregation.class, node.path("aggregation").asString(""), path + ".aggregation");
		String field = node.hasNonNull("field") ? node.get("field").asString() : null;
		if (NEED_FIELD.contains(aggregation) && field == null) {
			throw invalid(path + ".field", "'" + aggregation.name().toLowerCase(Locale.ROOT) + "' needs the event field it reads");
		}
		if (field != null && !EventFields.exists(field)) {
			throw invalid(path + ".field", "events have no field '" + field + "'");
		}
		Map<String, List<String>> filter = new LinkedHashMap<>();
		JsonNode filterNode = node.path("filter");
		for (String filterField : filterNode.propertyNames()) {
			if (!EventFields.exists(filterField)) {
				throw invalid(path + ".filter." + filterField, "events have no field '" + filterField + "'");
			}
			List<String> allowed = new ArrayList<>();
			filterNode.get(filterField).forEach(value -> allowed.add(value.asString()));
			filter.put(filterField, allowed);
		}
		Window window = window(node.get("window"), path + ".window");
		if (window.kind() == Window.Kind.SLIDING && aggregation != Aggregation.COUNT && aggregation != Aggregation.SUM) {
			throw invalid(path + ".window", "a sliding window works with count and sum only");
		}
		Duration ttl = duration(node.get("ttl"), path + ".ttl", null);
		Duration halfLife = duration(node.get("halfLife"), path + ".halfLife", null);
		Map<String, Double> weights = new LinkedHashMap<>();
		node.path("weights").properties().forEach(entry -> weights.put(entry.getKey(), entry.getValue().asDouble()));
		double scale = node.path("scale").asDouble(1);
		if (aggregation == Aggregation.DECAYED_SCORE && (halfLife == null || weights.isEmpty() || scale <= 0)) {
			throw invalid(path, "a decayed score needs a halfLife, weights by event type and a positive scale");
		}
		String numerator = node.hasNonNull("numerator") ? node.get("numerator").asString() : null;
		Object denominator = null;
		if (aggregation == Aggregation.RATIO) {
			JsonNode below = node.get("denominator");
			if (numerator == null || !earlier.contains(numerator) || below == null) {
				throw invalid(path, "a ratio needs a numerator and a denominator defined above it");
			}
			if (below.isNumber()) {
				denominator = below.asDouble();
			}
			else if (earlier.contains(below.asString())) {
				denominator = below.asString();
			}
			else {
				throw invalid(path + ".denominator", "'" + below.asString() + "' is not a feature defined above this one");
			}
		}
		List<String> values = new ArrayList<>();
		node.path("values").forEach(value -> values.add(value.asString()));
		return new FeatureDefinition(name, type, aggregation, field, filter, window, ttl, halfLife, weights, scale,
				numerator, denominator, values, node.path("description").asString(""));
	}

	private static Window window(JsonNode node, String path) {
		if (node == null || node.isNull() || "lifetime".equals(node.asString())) {
			return Window.LIFETIME;
		}
		if ("session".equals(node.asString())) {
			return Window.SESSION;
		}
		return Window.sliding(duration(node, path, null));
	}

	private static Duration duration(JsonNode node, String path, Duration fallback) {
		if (node == null || node.isNull()) {
			return fallback;
		}
		try {
			Duration duration = Duration.parse(node.asString());
			if (duration.isNegative() || duration.isZero()) {
				throw invalid(path, "must be longer than zero");
			}
			return duration;
		}
		catch (DateTimeParseException ex) {
			throw invalid(path, "'" + node.asString() + "' is not a duration such as PT5M");
		}
	}

	private static <E extends Enum<E>> E enumValue(Class<E> type, String value, String path) {
		try {
			return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw invalid(path, "'" + value + "' is not one of " + java.util.Arrays.stream(type.getEnumConstants())
				.map(constant -> constant.name().toLowerCase(Locale.ROOT))
				.toList());
		}
	}

	private static IllegalArgumentException invalid(String path, String reason) {
		return new IllegalArgumentException("Feature registry, " + path + ": " + reason);
	}

}
