package io.onramp.rules;

/** A rule or ruleset that cannot be accepted; the message names where and why, in business terms. */
public class RuleDefinitionException extends RuntimeException {

	private final String path;

	public RuleDefinitionException(String path, String reason) {
		super(path + ": " + reason);
		this.path = path;
	}

	/** Where in the definition the problem is, for instance {@code rules[2].condition.all[0].op}. */
	public String path() {
		return path;
	}

}
