package io.onramp.admin.rule;

/** Where a rule version is in review: DRAFT → IN_REVIEW → APPROVED → PUBLISHED, or IN_REVIEW → REJECTED. */
public enum VersionStatus {

	/** Saved, not yet submitted. */
	DRAFT,

	/** Submitted; waits for an approver. */
	IN_REVIEW,

	/** Approved; the next publication takes it. */
	APPROVED,

	/** Sent back by an approver, with a comment; a new version follows. */
	REJECTED,

	/** In a published release. */
	PUBLISHED

}
