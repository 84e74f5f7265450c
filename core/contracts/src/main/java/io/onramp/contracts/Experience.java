package io.onramp.contracts;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a user's onboarding page should look like.
 *
 * @param layout {@code standard} or {@code compact}
 * @param density content density: {@code high}, {@code medium} or {@code low}
 * @param features product features offered to the user, by name, on or off
 * @param hint the next hint to show, or {@code null} for none
 * @param checklist the order of the onboarding checklist items, by id
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Experience(String layout, String density, Map<String, Boolean> features, Hint hint,
		List<String> checklist) {

	public static final String LAYOUT_STANDARD = "standard";

	public static final String LAYOUT_COMPACT = "compact";

	public Experience {
		// Sorted, so the JSON form of equal experiences is equal too.
		features = features == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(features));
		checklist = checklist == null ? List.of() : List.copyOf(checklist);
	}

	/**
	 * @param id stable id of the hint, so a page can tell a new hint from the one it shows
	 * @param text what the hint says
	 */
	public record Hint(String id, String text) {
	}

}
