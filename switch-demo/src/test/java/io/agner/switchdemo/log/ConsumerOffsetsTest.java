package io.agner.switchdemo.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Committed consumer offsets survive the log's restarts, clean and unclean, and a damaged offsets
 * file is reported rather than read as "no commit". The package documentation does not say what a
 * damaged file gives; these tests hold that a silent fall-back to the reset position would break
 * the consumer's promise that commits "survive restarts of the log", so it must be an error.
 */
class ConsumerOffsetsTest {

    private static final String TOPIC = "orders";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
    private static final List<TopicPartition> BOTH = List.of(P0, P1);
    private static final String GROUP = "billing";
    private static final int RECORDS = 30;

    @TempDir
    Path temp;

    /** A log of {@value #RECORDS} records per partition where the group committed {@code committed}, then read on without committing. */
    private Path logWithCommit(Map<TopicPartition, Long> committed, boolean crash) {
        Path dir = temp.resolve("log");
        Path image = temp.resolve("crash-image");
        try (EventLog log = RecoveryTest.open(dir)) {
            log.createTopic(TOPIC, 2);
            BOTH.forEach(tp -> Logs.append(log, tp, "r" + tp.partition(), RECORDS));
            try (LogConsumer consumer = log.consumer(GROUP, StartPosition.EARLIEST)) {
                consumer.assign(BOTH);
                committed.forEach(consumer::seek);
                consumer.commit();
                BOTH.forEach(tp -> assertEquals(OptionalLong.of(committed.get(tp)), consumer.committed(tp), "committed " + tp));
                consumer.seekToEnd(BOTH); // progress after the commit, never committed
            }
            if (crash) {
                LogFiles.crashImage(dir, image);
            }
        }
        return crash ? image : dir;
    }

    @Test
    void commit_closeAndReopen_newConsumerResumesRightAfterIt() {
        Map<TopicPartition, Long> committed = Map.of(P0, 10L, P1, 17L);
        assertResumesAt(logWithCommit(committed, false), committed);
    }

    @Test
    void commit_thenCrash_newConsumerResumesRightAfterIt() {
        Map<TopicPartition, Long> committed = Map.of(P0, 4L, P1, 29L);
        assertResumesAt(logWithCommit(committed, true), committed);
    }

    @Test
    void commitOfPolledRecords_reopen_resumesAfterTheLastCommittedRecord() {
        Path dir = temp.resolve("log");
        Map<TopicPartition, Long> next = new HashMap<>();
        try (EventLog log = RecoveryTest.open(dir)) {
            log.createTopic(TOPIC, 2);
            BOTH.forEach(tp -> Logs.append(log, tp, "r" + tp.partition(), RECORDS));
            try (LogConsumer consumer = log.consumer(GROUP, StartPosition.EARLIEST)) {
                consumer.subscribe(List.of(TOPIC));
                int polled = 0;
                while (polled < 25) {
                    List<ConsumerRecord> records = consumer.poll(5, Logs.WAIT);
                    records.forEach(r -> next.put(r.topicPartition(), r.offset() + 1));
                    polled += records.size();
                }
                consumer.commit();
            }
        }
        BOTH.forEach(tp -> next.putIfAbsent(tp, 0L));
        assertResumesAt(dir, next);
    }

    /** Reopens {@code dir}; a new member of the group (reset LATEST, which a commit overrides) reads on from {@code committed}. */
    private void assertResumesAt(Path dir, Map<TopicPartition, Long> committed) {
        try (EventLog log = RecoveryTest.open(dir); LogConsumer consumer = log.consumer(GROUP, StartPosition.LATEST)) {
            consumer.assign(BOTH);
            Map<TopicPartition, Long> nextOffset = new HashMap<>();
            for (TopicPartition tp : BOTH) {
                assertEquals(OptionalLong.of(committed.get(tp)), consumer.committed(tp), "committed offset of " + tp);
                assertEquals(committed.get(tp), consumer.position(tp), "position of " + tp);
                nextOffset.put(tp, committed.get(tp));
            }
            long expected = BOTH.stream().mapToLong(tp -> RECORDS - committed.get(tp)).sum();
            for (long read = 0; read < expected; ) {
                List<ConsumerRecord> records = consumer.poll(100, Logs.WAIT);
                if (records.isEmpty()) {
                    fail("only " + read + " of " + expected + " records after the commit came back");
                }
                for (ConsumerRecord r : records) {
                    assertEquals(nextOffset.get(r.topicPartition()), r.offset(), "record read from " + r.topicPartition());
                    nextOffset.put(r.topicPartition(), r.offset() + 1);
                }
                read += records.size();
            }
        }
    }

    /** Ways a group's offsets file goes bad. */
    enum Damage {
        /** Plausible lines, but the CRC32C line does not match them. */
        WRONG_CRC,
        /** The first half of the file: the crc32c line is gone. */
        CUT_IN_HALF,
        EMPTY,
        RANDOM_BYTES;

        byte[] apply(byte[] file) {
            return switch (this) {
                case WRONG_CRC -> new String(file, StandardCharsets.UTF_8).replace(" 10\n", " 11\n").getBytes(StandardCharsets.UTF_8);
                case CUT_IN_HALF -> Arrays.copyOf(file, file.length / 2);
                case EMPTY -> new byte[0];
                case RANDOM_BYTES -> {
                    byte[] garbage = new byte[64];
                    new Random(7).nextBytes(garbage);
                    yield garbage;
                }
            };
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Damage.class)
    void damagedOffsetsFile_isReportedNamingTheFile_notReadAsNoCommit(Damage damage) {
        Path dir = logWithCommit(Map.of(P0, 10L, P1, 17L), false);
        Path file = dir.resolve("consumer-offsets").resolve(GROUP);
        byte[] good = LogFiles.read(file);
        byte[] bad = damage.apply(good);
        assertTrue(!Arrays.equals(good, bad), "setup: the damage changed nothing in " + file);
        LogFiles.write(file, bad);

        for (int attempt = 0; attempt < 2; attempt++) { // and it stays reported: no reset on a second look
            LogException e = assertThrows(LogException.class, () -> {
                try (EventLog log = RecoveryTest.open(dir); LogConsumer consumer = log.consumer(GROUP, StartPosition.EARLIEST)) {
                    consumer.assign(BOTH);
                    OptionalLong committed = consumer.committed(P0);
                    long position = consumer.position(P0);
                    List<ConsumerRecord> records = consumer.poll(1, Logs.WAIT);
                    fail("the damaged offsets file of group " + GROUP + " read as committed=" + committed + ", position=" + position
                            + ", first record " + records);
                }
            }, "reading a damaged offsets file");
            assertTrue(e.getMessage().contains(file.toString()), "the error does not name " + file + ": " + e.getMessage());
        }
    }
}
