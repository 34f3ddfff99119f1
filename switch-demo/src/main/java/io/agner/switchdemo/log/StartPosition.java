package io.agner.switchdemo.log;

/** Where a consumer starts on a partition its group has no committed offset for (Kafka's {@code auto.offset.reset}). */
public enum StartPosition {
    /** The oldest record still kept. */
    EARLIEST,
    /** The next record to be appended. */
    LATEST
}
