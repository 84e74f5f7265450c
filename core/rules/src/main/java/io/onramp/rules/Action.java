package io.onramp.rules;

import java.util.List;

/** What a firing rule does to the user's experience. Each action owns one experience slot. */
public sealed interface Action {

	/** The experience slot this action decides, used to resolve conflicts between rules. */
	String slot();

	record SetLayout(String layout) implements Action {
		public String slot() {
			return "layout";
		}
	}

	record SetDensity(String density) implements Action {
		public String slot() {
			return "density";
		}
	}

	record SetFeature(String feature, boolean enabled) implements Action {
		public String slot() {
			return "feature:" + feature;
		}
	}

	record ShowHint(String id, String text) implements Action {
		public String slot() {
			return "hint";
		}
	}

	record ReorderChecklist(List<String> order) implements Action {
		public ReorderChecklist {
			order = List.copyOf(order);
		}

		public String slot() {
			return "checklist";
		}
	}

}
