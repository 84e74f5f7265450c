package io.onramp.rules;

/**
 * Why a rule cannot be saved or published, in words a business user understands.
 *
 * @param path where in the rule or ruleset, for instance {@code rules[2].when.all[0].feature}
 * @param message what is wrong and, where possible, how to fix it
 */
public record RuleProblem(String path, String message) {
}
