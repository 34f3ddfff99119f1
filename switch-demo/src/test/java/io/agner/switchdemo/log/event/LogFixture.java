package io.agner.switchdemo.log.event;

import io.agner.switchdemo.log.ConsumerRecord;
import io.agner.switchdemo.log.EventLog;
import io.agner.switchdemo.log.LogConsumer;
import io.agner.switchdemo.log.StartPosition;
import io.agner.switchdemo.log.TopicPartition;
import io.agner.switchdemo.log.Topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reading helpers for the tests that run against the real embedded log; stateless. */
final class LogFixture {

    static final TopicPartition DEAD = new TopicPartition(Topics.DEAD_LETTER, 0);
    static final Duration WAIT = Duration.ofSeconds(10);

    private LogFixture() {}

    /** Every record of the dead-letter topic, read by a fresh group. */
    static List<ConsumerRecord> deadLetters(EventLog log) {
        try (LogConsumer c = log.consumer("dead-letter-reader", StartPosition.EARLIEST)) {
            c.assign(List.of(DEAD));
            return readToEnd(log, c, DEAD);
        }
    }

    /** Polls until the consumer's position reaches the partition's current end; fails on a poll that times out first. */
    static List<ConsumerRecord> readToEnd(EventLog log, LogConsumer c, TopicPartition tp) {
        long end = log.endOffset(tp);
        List<ConsumerRecord> all = new ArrayList<>();
        while (c.position(tp) < end) {
            List<ConsumerRecord> got = c.poll(1000, WAIT);
            if (got.isEmpty()) {
                throw new AssertionError("no records within " + WAIT + " at " + tp + "@" + c.position(tp) + ", end " + end);
            }
            all.addAll(got);
        }
        return all;
    }

    /** Polls the reader until its consumer's position reaches the partition's current end. */
    static List<Event> readToEnd(EventLog log, EventReader reader, TopicPartition tp) {
        long end = log.endOffset(tp);
        List<Event> all = new ArrayList<>();
        while (reader.consumer().position(tp) < end) {
            all.addAll(reader.poll(1000, WAIT));
        }
        return all;
    }
}
