package io.agner.switchdemo.log;

import java.time.Duration;

/**
 * How much of a partition to keep. Retention deletes whole sealed segments, oldest first, never
 * the active one: a partition may hold up to one segment more than the limits say.
 *
 * @param maxBytes the most bytes to keep per partition, or {@code -1} for no limit
 * @param maxAge   segments whose newest record is older than this go, or {@code null} for no limit
 */
public record Retention(long maxBytes, Duration maxAge) {

    public static final Retention FOREVER = new Retention(-1, null);

    public Retention {
        if (maxBytes < -1) {
            throw new IllegalArgumentException("retention maxBytes must be >= 0 or -1, was " + maxBytes);
        }
        if (maxAge != null && maxAge.isNegative()) {
            throw new IllegalArgumentException("retention maxAge must be >= 0, was " + maxAge);
        }
    }

    public Retention withMaxBytes(long maxBytes) {
        return new Retention(maxBytes, maxAge);
    }

    public Retention withMaxAge(Duration maxAge) {
        return new Retention(maxBytes, maxAge);
    }
}
