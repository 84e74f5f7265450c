package io.onramp.rules;

import java.time.Instant;

/**
 * An immutable, numbered ruleset release: what evaluators run and what every decision names.
 *
 * @param number the release number; each publication gets the next one
 * @param publishedAt when it was published
 * @param publishedBy who published it
 * @param ruleset the rules it holds
 */
public record RulesetRelease(long number, Instant publishedAt, String publishedBy, Ruleset ruleset) {
}
