package io.onramp.contracts;

import java.util.Set;

/** The event types the schema accepts. */
public final class EventTypes {

	public static final String PAGE_VIEW = "page_view";

	public static final String CLICK = "click";

	public static final String FORM_SUBMIT = "form_submit";

	public static final String STEP_COMPLETED = "step_completed";

	public static final String DEVICE_CHANGED = "device_changed";

	public static final String SESSION_START = "session_start";

	public static final String IDENTIFY = "identify";

	public static final String CUSTOM = "custom";

	public static final Set<String> ALL = Set.of(PAGE_VIEW, CLICK, FORM_SUBMIT, STEP_COMPLETED, DEVICE_CHANGED,
			SESSION_START, IDENTIFY, CUSTOM);

	private EventTypes() {
	}

}
