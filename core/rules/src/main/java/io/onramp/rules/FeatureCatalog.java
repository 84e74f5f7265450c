package io.onramp.rules;

import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.apache.commons.text.similarity.LevenshteinDistance;

import io.onramp.contracts.EventTypes;
import io.onramp.features.FeatureDefinition;
import io.onramp.features.FeatureRegistry;

/**
 * The names rules may compare: the features the aggregator computes (its feature registry) and the
 * fields of the causing event. Validation uses it to refuse, in business words, a condition on a
 * feature that does not exist or a value that does not fit.
 */
public final class FeatureCatalog {

	private static final String EVENT_PROPERTIES = "event.properties.";

	private static final LevenshteinDistance DISTANCE = LevenshteinDistance.getDefaultInstance();

	private final Map<String, Entry> entries;

	private FeatureCatalog(Map<String, Entry> entries) {
		this.entries = entries;
	}

	/** The features of Onramp's default registry, and the event fields. */
	public static FeatureCatalog defaults() {
		return of(FeatureRegistry.defaults());
	}

	/** The features of a registry, and the event fields. */
	public static FeatureCatalog of(FeatureRegistry registry) {
		Map<String, Entry> entries = new LinkedHashMap<>();
		for (FeatureDefinition feature : registry.features()) {
			entries.put(feature.name(), new Entry(feature.name(), Type.valueOf(feature.type().name()), feature.values(),
					feature.description()));
		}
		eventFields().forEach(entry -> entries.put(entry.name(), entry));
		return new FeatureCatalog(entries);
	}

	private static List<Entry> eventFields() {
		return List.of(new Entry("event.type", Type.TEXT, List.copyOf(EventTypes.ALL.stream().sorted().toList()), "The type of the event"),
				new Entry("event.sessionId", Type.TEXT, List.of(), "The session the event belongs to"),
				new Entry("event.eventId", Type.TEXT, List.of(), "The event's id"),
				new Entry("event.context.device", Type.TEXT, List.of("desktop", "tablet", "mobile"), "The device class the event came from"),
				new Entry("event.context.os", Type.TEXT, List.of(), "The operating system"),
				new Entry("event.context.browser", Type.TEXT, List.of(), "The browser"),
				new Entry("event.context.locale", Type.TEXT, List.of(), "The user's language"),
				new Entry("event.context.page.path", Type.TEXT, List.of(), "The page's path"),
				new Entry("event.context.page.title", Type.TEXT, List.of(), "The page's title"),
				new Entry("event.context.screen.width", Type.NUMBER, List.of(), "The viewport width in pixels"),
				new Entry("event.context.screen.height", Type.NUMBER, List.of(), "The viewport height in pixels"));
	}

	/** Every feature and event field, features first, in registry order. */
	public Collection<Entry> entries() {
		return Collections.unmodifiableCollection(entries.values());
	}

	/** The entry of a name; every {@code event.properties.<name>} exists, of any type. */
	public Optional<Entry> find(String name) {
		if (name.startsWith(EVENT_PROPERTIES) && name.length() > EVENT_PROPERTIES.length()) {
			return Optional.of(new Entry(name, Type.ANY, List.of(), "A property of the event"));
		}
		return Optional.ofNullable(entries.get(name));
	}

	/** The known name closest to an unknown one, if one is close enough to be a likely typo. */
	public Optional<String> suggest(String unknown) {
		int threshold = Math.max(2, unknown.length() / 4);
		return entries.keySet().stream()
			.map(name -> Map.entry(name, DISTANCE.apply(unknown.toLowerCase(Locale.ROOT), name)))
			.filter(candidate -> candidate.getValue() <= threshold)
			.min(Comparator.comparingInt(Map.Entry<String, Integer>::getValue).thenComparing(Map.Entry::getKey))
			.map(Map.Entry::getKey);
	}

	/** What kind of value a feature holds. */
	public enum Type {

		NUMBER("a number"), TEXT("a text"), TIME("a time"), ANY("any value");

		private final String words;

		Type(String words) {
			this.words = words;
		}

		public String words() {
			return words;
		}

	}

	/**
	 * @param name the name conditions use
	 * @param type what kind of value it holds
	 * @param values for text, the only values it takes, or empty for any
	 * @param description what it means
	 */
	public record Entry(String name, Type type, List<String> values, String description) {
	}

}
