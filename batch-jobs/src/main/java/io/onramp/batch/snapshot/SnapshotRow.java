package io.onramp.batch.snapshot;

/**
 * One feature of one user as of the end of a logical date.
 *
 * @param userId the user
 * @param feature the feature
 * @param value its value, as the online store holds it
 */
public record SnapshotRow(String userId, String feature, String value) {
}
