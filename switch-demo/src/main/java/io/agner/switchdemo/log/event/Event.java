package io.agner.switchdemo.log.event;

import io.agner.switchdemo.log.ConsumerRecord;
import io.agner.switchdemo.log.TopicPartition;

import java.util.Objects;

/**
 * Immutable: a valid event as {@link EventReader#poll} returns it, the record it came in and its
 * decoded payload (of a registered {@link Schema} type).
 */
public record Event(ConsumerRecord record, Record payload) {

    public Event {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(payload, "payload");
    }

    public long offset() {
        return record.offset();
    }

    public TopicPartition topicPartition() {
        return record.topicPartition();
    }

    /** Milliseconds since the epoch, as appended. */
    public long timestamp() {
        return record.timestamp();
    }
}
