package io.agner.switchdemo.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** Appends and reads back through the public API only, for the durability tests; the test thread's. */
final class Logs {

    /** How long a poll may wait for records that are known to exist; a guard against hangs, not a timing assumption. */
    static final Duration WAIT = Duration.ofSeconds(20);

    private static final AtomicInteger READERS = new AtomicInteger();

    private Logs() {}

    /** Appends {@code count} records keyed {@code prefix-00000...}, one batch each, and returns them. */
    static List<ProducerRecord> append(EventLog log, TopicPartition tp, String prefix, int count) {
        return append(log, tp, prefix, count, -1);
    }

    /** As {@link #append(EventLog, TopicPartition, String, int)}, with values of {@code valueSize} bytes (-1: varied). */
    static List<ProducerRecord> append(EventLog log, TopicPartition tp, String prefix, int count, int valueSize) {
        Producer producer = log.producer();
        List<ProducerRecord> appended = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String key = "%s-%05d".formatted(prefix, i);
            ProducerRecord record = valueSize < 0 ? Payloads.record(tp, key) : Payloads.record(tp, key, valueSize);
            long expected = log.endOffset(tp);
            RecordMetadata md = producer.append(record);
            assertEquals(expected, md.offset(), "offset of " + Payloads.keyOf(record.key()));
            appended.add(record);
        }
        return appended;
    }

    /** Every record from {@code from} to the end offset as it stood when called. */
    static List<ConsumerRecord> read(EventLog log, TopicPartition tp, long from) {
        long end = log.endOffset(tp);
        List<ConsumerRecord> records = new ArrayList<>();
        try (LogConsumer consumer = reader(log, tp, from)) {
            while (consumer.position(tp) < end) {
                List<ConsumerRecord> polled = consumer.poll(500, WAIT);
                if (polled.isEmpty()) {
                    fail("no record at offset " + consumer.position(tp) + " of " + tp + " within " + WAIT
                            + ", though its end offset is " + end);
                }
                records.addAll(polled);
            }
        }
        return records;
    }

    static List<ConsumerRecord> readAll(EventLog log, TopicPartition tp) {
        return read(log, tp, log.beginningOffset(tp));
    }

    /** The one record at {@code offset}, read by seeking there (so through the index). */
    static ConsumerRecord readAt(EventLog log, TopicPartition tp, long offset) {
        try (LogConsumer consumer = reader(log, tp, offset)) {
            List<ConsumerRecord> polled = consumer.poll(1, WAIT);
            if (polled.isEmpty()) {
                fail("no record at offset " + offset + " of " + tp + " within " + WAIT);
            }
            return polled.getFirst();
        }
    }

    /** What a reader from {@code from} gets before the log reports a corrupt batch, and that report. */
    record UntilCorrupt(List<ConsumerRecord> records, CorruptRecordException error, long positionAfter) {}

    /**
     * Reads one record per poll from {@code from} until the log throws a {@link CorruptRecordException};
     * fails if it reaches the end offset instead, since that would skip the damage.
     */
    static UntilCorrupt readUntilCorrupt(EventLog log, TopicPartition tp, long from) {
        long end = log.endOffset(tp);
        List<ConsumerRecord> records = new ArrayList<>();
        try (LogConsumer consumer = reader(log, tp, from)) {
            while (true) {
                try {
                    List<ConsumerRecord> polled = consumer.poll(1, WAIT);
                    if (polled.isEmpty()) {
                        fail("the reader reached offset " + consumer.position(tp) + " of " + tp + " (end " + end
                                + ") without reporting corruption, after " + records.size() + " records");
                    }
                    records.addAll(polled);
                } catch (CorruptRecordException e) {
                    return new UntilCorrupt(records, e, consumer.position(tp));
                }
            }
        }
    }

    /** What a reader from {@code from} to the end offset gets: the records, and a report per damaged batch it moved past. */
    record PastDamage(List<ConsumerRecord> records, List<CorruptRecordException> reports) {}

    /**
     * Reads from {@code from} to the end offset as it stood when called, collecting the reports of
     * damaged batches; fails if a report does not move the reader forward.
     */
    static PastDamage readPastDamage(EventLog log, TopicPartition tp, long from) {
        long end = log.endOffset(tp);
        List<ConsumerRecord> records = new ArrayList<>();
        List<CorruptRecordException> reports = new ArrayList<>();
        try (LogConsumer consumer = reader(log, tp, from)) {
            while (consumer.position(tp) < end) {
                long before = consumer.position(tp);
                try {
                    List<ConsumerRecord> polled = consumer.poll(500, WAIT);
                    if (polled.isEmpty()) {
                        fail("no record at offset " + before + " of " + tp + " within " + WAIT + ", though its end offset is " + end);
                    }
                    records.addAll(polled);
                } catch (CorruptRecordException e) {
                    reports.add(e);
                    if (consumer.position(tp) <= before) {
                        fail("the report " + e + " left the reader at " + consumer.position(tp) + " (it was at " + before + ")");
                    }
                }
            }
        }
        return new PastDamage(records, reports);
    }

    /** Asserts that the partition holds exactly {@code expected}, at offsets 0, 1, 2, ... */
    static void assertHolds(EventLog log, TopicPartition tp, List<ProducerRecord> expected) {
        assertEquals(0, log.beginningOffset(tp), "beginning offset of " + tp);
        assertEquals(expected.size(), log.endOffset(tp), "end offset of " + tp);
        List<ConsumerRecord> actual = readAll(log, tp);
        assertEquals(expected.size(), actual.size(), "records read from " + tp);
        for (int i = 0; i < expected.size(); i++) {
            assertSame(expected.get(i), i, actual.get(i));
        }
    }

    /** Asserts that {@code actual} is {@code expected}, byte for byte, at {@code offset}. */
    static void assertSame(ProducerRecord expected, long offset, ConsumerRecord actual) {
        String what = "record at offset " + offset + " (expected key " + Payloads.keyOf(expected.key())
                + ", read " + Payloads.keyOf(actual.key()) + ")";
        assertEquals(offset, actual.offset(), "offset of " + what);
        assertArrayEquals(expected.key(), actual.key(), "key of " + what);
        assertArrayEquals(expected.value(), actual.value(), "value of " + what);
        assertEquals(expected.headers(), actual.headers(), "headers of " + what);
        if (expected.timestamp() != ProducerRecord.NOW) {
            assertEquals(expected.timestamp(), actual.timestamp(), "timestamp of " + what);
        }
    }

    private static LogConsumer reader(EventLog log, TopicPartition tp, long from) {
        LogConsumer consumer = log.consumer("reader-" + READERS.incrementAndGet(), StartPosition.EARLIEST);
        consumer.assign(Set.of(tp));
        consumer.seek(tp, from);
        return consumer;
    }
}
