package io.agner.switchdemo.log;

import static io.agner.testkit.Await.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.switchdemo.log.backend.EventLogs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A full disk, simulated by a {@link FaultyDisk} under the log: the appends that hit it fail with
 * a {@link LogException} naming the partition, every acknowledged record stays readable, appends
 * continue densely once space is freed (after a failed fsync: once the log is reopened, the
 * partition being fenced until then), and neither a clean nor an unclean reopen shows a trace of
 * the failed records. The small files (commits, indexes) go through the same disk.
 */
class FullDiskTest {

    private static final TopicPartition TP = new TopicPartition("full", 0);
    private static final int BEFORE = 40;
    /** The key prefix of every append that hits the failure. */
    private static final String FAILED = "failed";

    @TempDir
    Path temp;

    private final FaultyDisk disk = new FaultyDisk();
    private final LogConfig config = LogConfig.DEFAULT.withSegmentBytes(16 << 10).withIndexIntervalBytes(512).withFiles(disk);

    /** How the partition behaves once the disk is healthy again. */
    enum After {
        /** It takes appends at once. */
        CONTINUES,
        /** It refuses appends until the log is reopened. */
        FENCED
    }

    @Test
    void writeFails_appendFailsNamingPartitionAndNothingIsLost() {
        failAppendsThenRecover(disk::fill, After.CONTINUES);
        assertTrue(disk.failedWrites() > 0, "no write reached the full disk");
    }

    @Test
    void writeCutShort_segmentIsCutBackToLastAcknowledgedByte() {
        failAppendsThenRecover(() -> disk.leave(100), After.CONTINUES); // less than any record's batch: the first write is torn
        assertTrue(disk.shortWrites() > 0, "no write was cut short");
        assertTrue(disk.failedWrites() > 0, "no write reached the full disk");
    }

    /** After a failed fsync the kernel may have dropped the pages: no later success can be trusted, so the partition is fenced. */
    @Test
    void fsyncFails_partitionIsFencedUntilReopened_andFailedRecordNeverResurfaces() {
        failAppendsThenRecover(disk::failFsync, After.FENCED);
        assertTrue(disk.failedForces() > 0, "no fsync was attempted while it failed");
    }

    /** The write fails and so does the fsync of the cut: the failed batch might come back after a power loss. */
    @Test
    void writeFailsAndTheCutCannotBeForced_partitionIsFenced() {
        failAppendsThenRecover(() -> {
            disk.fill();
            disk.failFsync();
        }, After.FENCED);
        assertTrue(disk.failedWrites() > 0, "no write reached the full disk");
        assertTrue(disk.failedForces() > 0, "no fsync of the cut was attempted");
    }

    /** A write that fails is cut off, and the cut is forced before the partition takes the next append. */
    @Test
    void writeFails_theCutIsForced() {
        Path dir = temp.resolve("log");
        try (EventLog log = EventLogs.embedded(dir, config)) {
            log.createTopic(TP.topic(), 1);
            List<ProducerRecord> acked = new ArrayList<>(Logs.append(log, TP, "before", 3));
            Path active = LogFiles.activeSegment(dir, TP);
            int forces = disk.forces(active);
            disk.leave(100);
            assertThrows(LogException.class, () -> log.producer().append(Payloads.record(TP, FAILED)));
            assertEquals(forces + 1, disk.forces(active), "forces of " + active + " by the failed append's cut");
            disk.heal();
            acked.addAll(Logs.append(log, TP, "after", 2));
            Logs.assertHolds(log, TP, acked);
        }
    }

    /**
     * Under {@code every(p)}, a failed periodic fsync has no append to fail, but it fences the
     * partition all the same. The test lines up with a force, so that the next append is (almost
     * surely) acknowledged before the period ends and the failing force is the periodic one;
     * should it be forced inline instead, the append fails and the fence is the same.
     */
    @Test
    void periodicFsyncFails_partitionIsFenced() {
        Path dir = temp.resolve("log");
        List<ProducerRecord> acked = new ArrayList<>();
        try (EventLog log = EventLogs.embedded(dir, config.withFsync(FsyncPolicy.every(Duration.ofSeconds(1))))) {
            log.createTopic(TP.topic(), 1);
            ProducerRecord first = Payloads.record(TP, "first");
            assertEquals(0, log.producer().append(first).offset());
            acked.add(first);
            await().atMost(Logs.WAIT).pollInterval(Duration.ofMillis(5))
                    .until(() -> disk.unforcedSegmentBytes() == 0);   // forced just now: a fresh period starts
            disk.failFsync();
            ProducerRecord pending = Payloads.record(TP, "pending");
            try {
                assertEquals(1, log.producer().append(pending).offset());
                acked.add(pending);                   // acknowledged after the write; its periodic fsync will fail
            } catch (LogException inlineForceFailed) {
                assertNamesPartitionAndCause(inlineForceFailed);
            }
            await().atMost(Logs.WAIT).until(() -> disk.failedForces() > 0);
            disk.heal();
            LogException e = assertThrows(LogException.class, () -> log.producer().append(Payloads.record(TP, FAILED)));
            assertFenced(e);
            Logs.assertHolds(log, TP, acked);
        }
        assertFalse(Files.exists(dir.resolve(LogFiles.CLEAN_SHUTDOWN)), "a fenced partition's close was taken as clean");
        try (EventLog log = EventLogs.embedded(dir, config)) {
            Logs.assertHolds(log, TP, acked);
            assertEquals(acked.size(), log.producer().append(Payloads.record(TP, "after")).offset(), "offset after reopening");
        }
    }

    /** A commit is a write, fsync and rename: on a full disk it fails, naming the group's file, and the previous commit stands. */
    @Test
    void commitOnFullDisk_failsNamingTheGroupsFile_andKeepsThePreviousCommit() throws IOException {
        Path dir = temp.resolve("log");
        Path groupFile = dir.resolve("consumer-offsets").resolve("billing");
        try (EventLog log = EventLogs.embedded(dir, config)) {
            log.createTopic(TP.topic(), 1);
            Logs.append(log, TP, "r", 10);
            try (LogConsumer consumer = log.consumer("billing", StartPosition.EARLIEST)) {
                consumer.assign(List.of(TP));
                consumer.commit(Map.of(TP, 4L));
                byte[] committed = Files.readAllBytes(groupFile);

                disk.fill();
                LogException e = assertThrows(LogException.class, () -> consumer.commit(Map.of(TP, 9L)));
                assertTrue(e.getMessage().contains(groupFile.toString()), "the error does not name " + groupFile + ": " + e);
                assertNamesCause(e);
                assertEquals(OptionalLong.of(4), consumer.committed(TP), "committed offset after the failed commit");
                assertArrayEquals(committed, Files.readAllBytes(groupFile), "the group's file after the failed commit");
                try (Stream<Path> files = Files.list(groupFile.getParent())) {
                    assertEquals(List.of(groupFile), files.toList(), "files left by the failed commit");
                }
                disk.heal();
            }
        }
        try (EventLog log = EventLogs.embedded(dir, config); LogConsumer consumer = log.consumer("billing", StartPosition.EARLIEST)) {
            assertEquals(OptionalLong.of(4), consumer.committed(TP), "committed offset after reopening");
        }
    }

    /** Indexes are a cache: when the rebuilt one cannot be written, the open still succeeds and reads through the rebuilt index in memory. */
    @ParameterizedTest(name = "after a {0} stop")
    @ValueSource(strings = {"clean", "crash"})
    void openOnFullDisk_withGarbageIndexes_succeedsAndLosesNothing(String stop) {
        Path live = temp.resolve("log");
        List<ProducerRecord> acked;
        Path dir = live;
        try (EventLog log = EventLogs.embedded(live, config)) {
            log.createTopic(TP.topic(), 1);
            acked = Logs.append(log, TP, "r", 120);
            if (stop.equals("crash")) {
                dir = LogFiles.crashImage(live, temp.resolve("crash-image"));
            }
        }
        List<Path> segments = LogFiles.segments(dir, TP);
        assertTrue(segments.size() >= 3, "setup: only " + segments.size() + " segments");
        byte[] garbage = new byte[64];
        new Random(7).nextBytes(garbage);
        for (Path segment : segments) {
            LogFiles.write(LogFiles.indexOf(segment), garbage);
        }

        disk.fill();
        try (EventLog log = EventLogs.embedded(dir, config)) {
            Logs.assertHolds(log, TP, acked);
            for (int offset = 0; offset < acked.size(); offset += 17) {
                Logs.assertSame(acked.get(offset), offset, Logs.readAt(log, TP, offset));
            }
        }
        assertTrue(disk.failedWrites() > 0, "no index write reached the full disk");
        disk.heal();
        try (EventLog log = EventLogs.embedded(dir, config)) {
            Logs.assertHolds(log, TP, acked);
        }
        assertEquals(acked.size(), LogFiles.assertWellFormed(dir, TP, true));
    }

    /**
     * A topic whose partitions opened but whose listing (the {@code topics} file) could not be
     * written is no topic: a retry lists it, and a reopen finds it.
     */
    @Test
    void createTopic_listingNotWritten_failsNamingIt_andARetryAfterHealingCreatesIt() {
        Path dir = temp.resolve("log");
        AtomicBoolean listingFails = new AtomicBoolean();
        FileChannels files = (path, options) -> {
            if (listingFails.get() && path.getFileName().toString().startsWith("topics")) {
                throw new IOException(FaultyDisk.NO_SPACE);
            }
            return disk.open(path, options);
        };
        LogConfig listingMayFail = config.withFiles(files);
        List<ProducerRecord> acked;
        try (EventLog log = EventLogs.embedded(dir, listingMayFail)) {
            listingFails.set(true);
            LogException e = assertThrows(LogException.class, () -> log.createTopic(TP.topic(), 1));
            assertTrue(e.getMessage().contains("'" + TP.topic() + "'"), "the error does not name the topic: " + e);
            assertNamesCause(e);
            LogException none = assertThrows(LogException.class, () -> log.partitions(TP.topic()),
                    "a topic the log could not list is still there");
            assertTrue(none.getMessage().contains("no topic"), none.getMessage());

            listingFails.set(false);
            log.createTopic(TP.topic(), 1);
            acked = Logs.append(log, TP, "after", 5);
        }
        try (EventLog log = EventLogs.embedded(dir, listingMayFail)) {
            Logs.assertHolds(log, TP, acked);
        }
    }

    @Test
    void diskFullWhenSegmentMustRoll_appendFailsAndRollSucceedsLater() {
        LogConfig small = config.withSegmentBytes(4096);
        Path dir = temp.resolve("log");
        List<ProducerRecord> acked = new ArrayList<>();
        try (EventLog log = EventLogs.embedded(dir, small)) {
            log.createTopic(TP.topic(), 1);
            Producer producer = log.producer();
            int batch;
            do { // records of one size, until the next would take the active segment past segmentBytes
                ProducerRecord record = Payloads.record(TP, "k%07d".formatted(acked.size()), 300);
                assertEquals(acked.size(), producer.append(record).offset());
                acked.add(record);
                batch = LogFiles.scan(LogFiles.activeSegment(dir, TP)).last().size();
            } while (size(LogFiles.activeSegment(dir, TP)) + batch <= 4096);
            int segments = LogFiles.segments(dir, TP).size();

            disk.fill();
            LogException e = assertThrows(LogException.class, () -> producer.append(Payloads.record(TP, "k9999999", 300)));
            assertNamesPartitionAndCause(e);
            Logs.assertHolds(log, TP, acked);

            disk.heal();
            acked.addAll(Logs.append(log, TP, "after", 3));
            Logs.assertHolds(log, TP, acked);
            assertTrue(LogFiles.segments(dir, TP).size() > segments, "the segment did not roll once space was freed");
        }
        try (EventLog log = EventLogs.embedded(dir, small)) {
            Logs.assertHolds(log, TP, acked);
        }
        assertEquals(acked.size(), LogFiles.assertWellFormed(dir, TP));
    }

    /**
     * Appends {@value #BEFORE} records, injects the failure, checks that a sync and three async
     * appends fail and hide nothing, heals the disk, appends 10 more, and reopens: the live folder
     * cleanly, and crash images taken right after the failure and after the later appends.
     */
    private void failAppendsThenRecover(Runnable inject, After after) {
        Path dir = temp.resolve("log");
        List<ProducerRecord> acked;
        Path afterFailure;
        Path afterHealing;
        try (EventLog log = EventLogs.embedded(dir, config)) {
            log.createTopic(TP.topic(), 1);
            acked = new ArrayList<>(Logs.append(log, TP, "before", BEFORE));

            inject.run();
            Producer producer = log.producer();
            LogException sync = assertThrows(LogException.class, () -> producer.append(Payloads.record(TP, FAILED + "-sync")));
            assertNamesPartitionAndCause(sync);
            List<CompletableFuture<RecordMetadata>> async = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                async.add(producer.appendAsync(Payloads.record(TP, FAILED + "-async-" + i)));
            }
            for (CompletableFuture<RecordMetadata> f : async) {
                CompletionException e = assertThrows(CompletionException.class, f::join, "an append to a full disk was acknowledged");
                assertNamesPartitionAndCause(assertInstanceOf(LogException.class, e.getCause()));
            }
            Logs.assertHolds(log, TP, acked);
            afterFailure = LogFiles.crashImage(dir, temp.resolve("crash-after-failure"));

            disk.heal();
            if (after == After.CONTINUES) {
                acked.addAll(Logs.append(log, TP, "after", 10));
                Logs.assertHolds(log, TP, acked);
                afterHealing = LogFiles.crashImage(dir, temp.resolve("crash-after-healing"));
            } else {
                LogException fenced = assertThrows(LogException.class, () -> producer.append(Payloads.record(TP, FAILED + "-healed")),
                        "an append after a failed fsync, before reopening");
                assertFenced(fenced);
                assertNamesPartitionAndCause(fenced);
                Logs.assertHolds(log, TP, acked);
                afterHealing = null;
            }
        }
        if (after == After.FENCED) {
            assertFalse(Files.exists(dir.resolve(LogFiles.CLEAN_SHUTDOWN)), "a fenced partition's close was taken as clean");
            try (EventLog log = EventLogs.embedded(dir, config)) {
                Logs.assertHolds(log, TP, acked);
                acked.addAll(Logs.append(log, TP, "after", 10));
                Logs.assertHolds(log, TP, acked);
                afterHealing = LogFiles.crashImage(dir, temp.resolve("crash-after-healing"));
            }
        }
        assertReopensHolding(dir, acked);
        assertReopensHolding(afterFailure, acked.subList(0, BEFORE));
        assertReopensHolding(afterHealing, acked);
    }

    private void assertReopensHolding(Path dir, List<ProducerRecord> expected) {
        try (EventLog log = EventLogs.embedded(dir, config)) {
            Logs.assertHolds(log, TP, expected);
        }
        assertEquals(expected.size(), LogFiles.assertWellFormed(dir, TP), "offset after the last batch in " + dir);
        for (Path segment : LogFiles.segments(dir, TP)) {
            assertFalse(contains(LogFiles.read(segment), Payloads.key(FAILED)), "a failed record's key is still in " + segment);
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static void assertFenced(LogException e) {
        assertTrue(e.getMessage().contains(TP.toString()) && e.getMessage().contains("fenced")
                && e.getMessage().contains("until the log is reopened"), "not a clear fenced-partition error: " + e.getMessage());
    }

    /** The message names the partition, and the disk's error is given (as the cause or in the message). */
    private static void assertNamesPartitionAndCause(LogException e) {
        assertTrue(e.getMessage() != null && e.getMessage().contains(TP.toString()),
                "the error does not name partition " + TP + ": " + e);
        assertNamesCause(e);
    }

    private static void assertNamesCause(LogException e) {
        boolean causeGiven = e.getMessage().contains(FaultyDisk.NO_SPACE);
        for (Throwable c = e.getCause(); c != null && !causeGiven; c = c.getCause()) {
            causeGiven = c instanceof IOException && String.valueOf(c.getMessage()).contains(FaultyDisk.NO_SPACE);
        }
        assertTrue(causeGiven, "the error does not give the disk's error: " + e);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
