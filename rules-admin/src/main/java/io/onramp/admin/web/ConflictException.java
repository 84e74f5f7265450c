package io.onramp.admin.web;

/**
 * The change collides with the current state (another editor saved first, a version is not in the state
 * the step needs): 409, and nothing was changed.
 */
public class ConflictException extends RuntimeException {

	public ConflictException(String message) {
		super(message);
	}

}
