package io.onramp.admin.user;

import java.util.Locale;

/**
 * What a user may do. Each role includes the ones before it: an approver can also edit, an admin can do
 * everything.
 */
public enum Role {

	/** Reads rules, versions, diffs, releases and simulations. */
	VIEWER,

	/** Also writes rules, saves versions and submits them for review. */
	EDITOR,

	/** Also approves or rejects versions others wrote, publishes and rolls back releases. */
	APPROVER,

	/** Also reads the audit log and manages users. */
	ADMIN;

	/** The role a configured name stands for, in any case and with blanks around it. */
	public static Role of(String name) {
		return valueOf(name.trim().toUpperCase(Locale.ROOT));
	}

	/** The role hierarchy in Spring Security's notation. */
	static String hierarchy() {
		return "ROLE_ADMIN > ROLE_APPROVER\nROLE_APPROVER > ROLE_EDITOR\nROLE_EDITOR > ROLE_VIEWER";
	}

}
