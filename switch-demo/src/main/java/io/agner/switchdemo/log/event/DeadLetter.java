package io.agner.switchdemo.log.event;

import io.agner.switchdemo.log.TopicPartition;

import java.util.Objects;

/**
 * Immutable, except that the arrays are not copied: a dead letter read back by
 * {@link DeadLetters#parse}, the original record's bytes and where it came from.
 *
 * @param origin       the partition the original record was read from
 * @param originOffset its offset there
 * @param reason       why it was dead-lettered
 * @param key          the original key, unchanged; may be {@code null}
 * @param value        the original value, unchanged; may be {@code null}
 */
public record DeadLetter(TopicPartition origin, long originOffset, String reason, byte[] key, byte[] value) {

    public DeadLetter {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(reason, "reason");
        if (originOffset < 0) {
            throw new IllegalArgumentException("originOffset must be >= 0, was " + originOffset);
        }
    }

    @Override
    public String toString() {
        return "DeadLetter[" + origin + "@" + originOffset + ": " + reason + "]";
    }
}
