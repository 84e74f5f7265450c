package io.onramp.admin.web;

import java.util.List;

import io.onramp.rules.RuleProblem;

/** A rule that will not save, with every reason in business words: 400, and nothing was saved. */
public class InvalidRuleException extends RuntimeException {

	private final List<RuleProblem> problems;

	public InvalidRuleException(List<RuleProblem> problems) {
		super(problems.size() == 1 ? problems.get(0).message() : problems.size() + " problems: " + problems.get(0).message() + " ...");
		this.problems = List.copyOf(problems);
	}

	public List<RuleProblem> problems() {
		return problems;
	}

}
