package io.agner.switchdemo.log.event;

import io.agner.switchdemo.log.ConsumerRecord;
import io.agner.switchdemo.log.EventLog;
import io.agner.switchdemo.log.Header;
import io.agner.switchdemo.log.LogConsumer;
import io.agner.switchdemo.log.LogException;
import io.agner.switchdemo.log.Producer;
import io.agner.switchdemo.log.ProducerRecord;
import io.agner.switchdemo.log.RecordMetadata;
import io.agner.switchdemo.log.StartPosition;
import io.agner.switchdemo.log.TopicPartition;
import io.agner.switchdemo.log.backend.EventLogs;
import io.agner.switchdemo.log.event.TestEvents.Dial;
import io.agner.switchdemo.log.event.TestEvents.DialV2;
import io.agner.switchdemo.log.event.TestEvents.OffHook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import static io.agner.switchdemo.log.event.TestEvents.AT;
import static io.agner.switchdemo.log.event.TestEvents.CODEC;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventReaderTest {

    static final TopicPartition CALLS = new TopicPartition("calls", 0);

    @TempDir
    Path dir;

    private EventLog log;
    private LogConsumer consumer;

    @BeforeEach
    void open() {
        log = EventLogs.embedded(dir);
        log.createTopic("calls", 1);
        DeadLetters.ensureTopic(log);
        consumer = log.consumer("switch", StartPosition.EARLIEST);
        consumer.assign(List.of(CALLS));
    }

    @AfterEach
    void close() {
        consumer.close();
        log.close();
    }

    private long append(byte[] value) {
        return log.producer().append(new ProducerRecord("calls", 0, "k".getBytes(StandardCharsets.UTF_8), value,
                ProducerRecord.NOW, List.of(Header.of("source", "test")))).offset();
    }

    private EventReader reader() {
        return new EventReader(consumer, CODEC, new DeadLetters(log.producer()));
    }

    @Test
    void poll_mixOfValidAndInvalid_returnsValidInOrderAndDeadLettersTheRest() {
        List<Record> valid = List.of(new Dial("line-7", "5551234"), new OffHook("line-8", AT), new DialV2("line-9", "1", AT),
                new Dial("line-7", "0"));
        byte[] dial = CODEC.encode(valid.getFirst());
        // origin offset -> expected reason; valid events interleaved
        Map<Long, String> invalid = new LinkedHashMap<>();
        List<Long> validOffsets = new ArrayList<>();
        validOffsets.add(append(dial));
        invalid.put(append("hello".getBytes(StandardCharsets.UTF_8)), "not an agner event (bad magic)");
        invalid.put(append(WireBytes.event("switch.dial", 1).varint(2).stringField("line-7").stringField("x1").toByteArray()),
                "switch.dial@1: field 'digits': digits must be 1-15 decimal digits, was 'x1'");
        validOffsets.add(append(CODEC.encode(valid.get(1))));
        invalid.put(append(null), "null event");
        invalid.put(append(new byte[0]), "empty event");
        invalid.put(append(Arrays.copyOf(dial, 20)), "switch.dial@1: field 'line' truncated at byte 20");
        validOffsets.add(append(CODEC.encode(valid.get(2))));
        invalid.put(append(WireBytes.event("switch.dial", 3).varint(0).toByteArray()), "unknown schema 'switch.dial@3'");
        invalid.put(append(WireBytes.event("switch.dial", 1).varint(2).stringField("line-7").longField(1).toByteArray()),
                "switch.dial@1: field 'digits' expected string, found long");
        invalid.put(append(Arrays.copyOf(dial, dial.length + 3)), "3 trailing bytes after switch.dial@1");
        validOffsets.add(append(CODEC.encode(valid.get(3))));
        EventReader reader = reader();

        List<Event> events = LogFixture.readToEnd(log, reader, CALLS);

        assertEquals(valid, events.stream().map(Event::payload).toList());
        assertEquals(validOffsets, events.stream().map(Event::offset).toList());
        assertTrue(events.stream().allMatch(e -> e.topicPartition().equals(CALLS) && e.timestamp() > 0));
        assertEquals(invalid.size(), reader.deadLettered());
        List<ConsumerRecord> dead = LogFixture.deadLetters(log);
        Map<Long, String> reasons = new LinkedHashMap<>();
        for (ConsumerRecord r : dead) {
            DeadLetter letter = DeadLetters.parse(r).orElseThrow();
            assertEquals(CALLS, letter.origin());
            reasons.put(letter.originOffset(), letter.reason());
            assertArrayEquals("k".getBytes(StandardCharsets.UTF_8), letter.key());
            assertEquals("test", r.header("source").orElseThrow().valueAsString());
        }
        assertEquals(invalid, reasons);
        assertArrayEquals(Arrays.copyOf(dial, 20), DeadLetters.parse(dead.get(4)).orElseThrow().value());
    }

    @Test
    void poll_randomGarbage_neverThrowsAndDeadLettersEveryRecord() {
        Random random = new Random(7);
        for (int i = 0; i < 500; i++) {
            byte[] value = new byte[random.nextInt(40)];
            random.nextBytes(value);
            if (i % 2 == 0 && value.length > 2) {
                value[0] = (byte) 0xAE;
                value[1] = 1;
            }
            append(value);
        }
        EventReader reader = reader();

        List<Event> events = LogFixture.readToEnd(log, reader, CALLS);

        assertEquals(List.of(), events);
        assertEquals(500, reader.deadLettered());
        assertEquals(500, log.endOffset(LogFixture.DEAD));
    }

    @Test
    void deadLetter_wellFormedButImpossibleEvent_appendsItWithTheReason() {
        long offset = append(CODEC.encode(new Dial("line-7", "5551234")));
        EventReader reader = reader();
        Event event = LogFixture.readToEnd(log, reader, CALLS).getFirst();

        reader.deadLetter(event, "dial on an idle line");

        DeadLetter letter = DeadLetters.parse(LogFixture.deadLetters(log).getFirst()).orElseThrow();
        assertEquals(new DeadLetter(CALLS, offset, "dial on an idle line", null, null).toString(), letter.toString());
        assertArrayEquals(event.record().value(), letter.value());
        assertEquals(1, reader.deadLettered());
    }

    @Test
    void poll_deadLetterAppendFails_rewindsAndThrows() {
        // The garbage comes first, so the poll that meets it is the first, and starts at offset 0.
        append("garbage".getBytes(StandardCharsets.UTF_8));
        append(CODEC.encode(new Dial("line-7", "1")));
        append(CODEC.encode(new Dial("line-7", "2")));
        Producer full = new Producer() {
            @Override
            public RecordMetadata append(ProducerRecord record) {
                throw new LogException("disk full");
            }

            @Override
            public CompletableFuture<RecordMetadata> appendAsync(ProducerRecord record) {
                return CompletableFuture.failedFuture(new LogException("disk full"));
            }
        };
        EventReader failing = new EventReader(consumer, CODEC, new DeadLetters(full));
        long end = log.endOffset(CALLS);

        LogException e = assertThrows(LogException.class, () -> failing.poll(1000, LogFixture.WAIT));

        assertEquals("cannot append 1 of 1 dead letters; rewound the consumer to {calls-0=0} so the next poll"
                + " reads them again", e.getMessage());
        assertEquals("disk full", e.getCause().getMessage());
        assertEquals(0, consumer.position(CALLS));
        assertEquals(0, failing.deadLettered());

        EventReader healthy = reader();
        List<Event> events = LogFixture.readToEnd(log, healthy, CALLS);

        assertEquals(List.of(new Dial("line-7", "1"), new Dial("line-7", "2")), events.stream().map(Event::payload).toList());
        assertEquals(end, consumer.position(CALLS));
        assertEquals(1, healthy.deadLettered());
    }

    /**
     * Issue 19, item 1: a batch damaged on disk between good ones is reported by the consumer and
     * dead-lettered with its offsets; the reader goes on past it.
     */
    @Test
    void poll_damagedBatchBetweenGoodOnes_deadLettersItsOffsetsAndReadsOn() throws IOException {
        append(CODEC.encode(new Dial("line-7", "1")));
        long damaged = append(CODEC.encode(new Dial("line-7", "2")));
        append(CODEC.encode(new Dial("line-7", "3")));
        close();
        Path segment = dir.resolve("calls-0").resolve("00000000000000000000.log");
        flipPayloadByte(segment, 1);
        open();
        EventReader reader = reader();

        List<Event> events = LogFixture.readToEnd(log, reader, CALLS);

        assertEquals(List.of(new Dial("line-7", "1"), new Dial("line-7", "3")), events.stream().map(Event::payload).toList());
        assertEquals(1, reader.deadLettered());
        List<ConsumerRecord> dead = LogFixture.deadLetters(log);
        assertEquals(1, dead.size(), "dead letters: " + dead);
        DeadLetter letter = DeadLetters.parse(dead.getFirst()).orElseThrow();
        assertEquals(CALLS, letter.origin());
        assertEquals(damaged, letter.originOffset());
        assertEquals(Long.toString(damaged + 1), dead.getFirst().header(DeadLetters.ORIGIN_END_OFFSET).orElseThrow().valueAsString());
        assertTrue(letter.reason().contains(segment.getFileName().toString()), "reason: " + letter.reason());
    }

    /** Inverts a byte in the middle of the records of the {@code index}-th batch of {@code segment}. */
    private static void flipPayloadByte(Path segment, int index) throws IOException {
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer length = ByteBuffer.allocate(4);
            long pos = 0;
            for (int i = 0; ; i++) {
                ch.read(length.clear(), pos + 8);
                int size = length.getInt(0) + 12;
                if (i == index) {
                    long at = pos + 61 + (size - 61) / 2;
                    ByteBuffer b = ByteBuffer.allocate(1);
                    ch.read(b, at);
                    b.put(0, (byte) ~b.get(0));
                    ch.write(b.flip(), at);
                    return;
                }
                pos += size;
            }
        }
    }

    @Test
    void poll_nothingToRead_returnsEmptyAfterTimeout() {
        assertEquals(List.of(), reader().poll(10, Duration.ofMillis(1)));
    }
}
