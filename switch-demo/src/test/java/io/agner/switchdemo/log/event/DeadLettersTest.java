package io.agner.switchdemo.log.event;

import io.agner.switchdemo.log.ConsumerRecord;
import io.agner.switchdemo.log.EventLog;
import io.agner.switchdemo.log.Header;
import io.agner.switchdemo.log.LogConsumer;
import io.agner.switchdemo.log.LogException;
import io.agner.switchdemo.log.ProducerRecord;
import io.agner.switchdemo.log.RecordMetadata;
import io.agner.switchdemo.log.StartPosition;
import io.agner.switchdemo.log.TopicPartition;
import io.agner.switchdemo.log.Topics;
import io.agner.switchdemo.log.backend.EventLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static io.agner.switchdemo.log.event.LogFixture.DEAD;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DeadLettersTest {

    static final TopicPartition CALLS_1 = new TopicPartition("calls", 1);

    @TempDir
    Path dir;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Appends one record to calls-1 (after two others) and reads it back as a consumer sees it. */
    private static ConsumerRecord origin(EventLog log, byte[] key, byte[] value, List<Header> headers) {
        log.createTopic("calls", 2);
        for (int i = 0; i < 2; i++) {
            log.producer().append(ProducerRecord.of(CALLS_1, null, utf8("before-" + i)));
        }
        log.producer().append(new ProducerRecord("calls", 1, key, value, 1_700_000_000_123L, headers));
        try (LogConsumer c = log.consumer("origin", StartPosition.EARLIEST)) {
            c.assign(List.of(CALLS_1));
            return LogFixture.readToEnd(log, c, CALLS_1).get(2);
        }
    }

    @Test
    void send_appendsOriginalBytesWithReasonAndOrigin() {
        try (EventLog log = EventLogs.embedded(dir)) {
            DeadLetters.ensureTopic(log);
            ConsumerRecord origin = origin(log, utf8("line-7"), new byte[] {(byte) 0xAE, 1, 99}, List.of(Header.of("trace", "t-1")));

            RecordMetadata sent = new DeadLetters(log.producer()).send(origin, "truncated at byte 3");

            assertEquals(DEAD, sent.topicPartition());
            ConsumerRecord dead = LogFixture.deadLetters(log).get((int) sent.offset());
            assertArrayEquals(origin.key(), dead.key());
            assertArrayEquals(origin.value(), dead.value());
            assertEquals(1_700_000_000_123L, dead.timestamp());
            assertEquals(List.of(Header.of("trace", "t-1"), Header.of("dlq.reason", "truncated at byte 3"),
                    Header.of("dlq.origin.topic", "calls"), Header.of("dlq.origin.partition", "1"),
                    Header.of("dlq.origin.offset", "2")), dead.headers());
        }
    }

    @Test
    void parse_deadLetter_returnsOriginReasonAndBytes() {
        try (EventLog log = EventLogs.embedded(dir)) {
            DeadLetters.ensureTopic(log);
            ConsumerRecord origin = origin(log, null, utf8("garbage"), List.of());
            new DeadLetters(log.producer()).send(origin, "not an agner event (bad magic)");

            DeadLetter letter = DeadLetters.parse(LogFixture.deadLetters(log).getFirst()).orElseThrow();

            assertEquals(CALLS_1, letter.origin());
            assertEquals(2, letter.originOffset());
            assertEquals("not an agner event (bad magic)", letter.reason());
            assertNull(letter.key());
            assertArrayEquals(utf8("garbage"), letter.value());
        }
    }

    @Test
    void send_deadLetterOfADeadLetter_describesTheSecondFailure() {
        try (EventLog log = EventLogs.embedded(dir)) {
            DeadLetters.ensureTopic(log);
            DeadLetters deadLetters = new DeadLetters(log.producer());
            deadLetters.send(origin(log, null, utf8("x"), List.of()), "first");
            deadLetters.send(LogFixture.deadLetters(log).getFirst(), "second");

            DeadLetter second = DeadLetters.parse(LogFixture.deadLetters(log).get(1)).orElseThrow();

            assertEquals(new TopicPartition(Topics.DEAD_LETTER, 0), second.origin());
            assertEquals(0, second.originOffset());
            assertEquals("second", second.reason());
        }
    }

    @Test
    void send_withoutTheTopic_throwsLogException() {
        try (EventLog log = EventLogs.embedded(dir)) {
            ConsumerRecord origin = origin(log, null, utf8("x"), List.of());
            assertThrows(LogException.class, () -> new DeadLetters(log.producer()).send(origin, "no topic"));
        }
    }

    @Test
    void ensureTopic_twice_leavesOnePartition() {
        try (EventLog log = EventLogs.embedded(dir)) {
            DeadLetters.ensureTopic(log);
            DeadLetters.ensureTopic(log);
            assertEquals(1, log.partitions(Topics.DEAD_LETTER));
        }
    }

    @Test
    void parse_recordWithoutDeadLetterHeaders_isEmpty() {
        ConsumerRecord plain = new ConsumerRecord(CALLS_1, 5, 0, null, utf8("v"), List.of(Header.of("dlq.reason", "r")));
        assertEquals(Optional.empty(), DeadLetters.parse(plain));
    }

    @Test
    void parse_unparsableOriginHeaders_isEmpty() {
        List<Header> common = List.of(Header.of("dlq.reason", "r"), Header.of("dlq.origin.topic", "calls"));
        for (List<Header> origin : List.of(
                List.of(Header.of("dlq.origin.partition", "one"), Header.of("dlq.origin.offset", "5")),
                List.of(Header.of("dlq.origin.partition", "-1"), Header.of("dlq.origin.offset", "5")),
                List.of(Header.of("dlq.origin.partition", "1"), Header.of("dlq.origin.offset", "-5")),
                List.of(Header.of("dlq.origin.partition", "1"), Header.of("dlq.origin.offset", "")))) {
            List<Header> headers = new java.util.ArrayList<>(common);
            headers.addAll(origin);
            assertEquals(Optional.empty(), DeadLetters.parse(new ConsumerRecord(DEAD, 0, 0, null, null, headers)), headers::toString);
        }
    }
}
