package io.onramp.admin.release;

import java.time.Instant;
import java.util.Map;

/**
 * A published ruleset release, as recorded by rules-admin.
 *
 * @param number its number, the same as in Redis where evaluators read it
 * @param publishedBy who published it
 * @param publishedAt when
 * @param note what the publisher said
 * @param rollbackOf the release it restored, or {@code null}
 * @param rules the version of each rule in it, by rule id
 */
public record Release(long number, String publishedBy, Instant publishedAt, String note, Long rollbackOf,
		Map<String, Integer> rules) {
}
