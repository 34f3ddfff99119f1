package io.agner.switchdemo.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk, simulated by a {@link FaultyDisk} under the log: the appends that hit it fail with
 * a {@link LogException} naming the partition, every acknowledged record stays readable, appends
 * continue densely once space is freed, and neither a clean nor an unclean reopen shows a trace of
 * the failed records.
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

    @Test
    void writeFails_appendFailsNamingPartitionAndNothingIsLost() {
        failAppendsThenRecover(disk::fill);
        assertTrue(disk.failedWrites() > 0, "no write reached the full disk");
    }

    @Test
    void writeCutShort_segmentIsCutBackToLastAcknowledgedByte() {
        failAppendsThenRecover(() -> disk.leave(100)); // less than any record's batch: the first write is torn
        assertTrue(disk.shortWrites() > 0, "no write was cut short");
        assertTrue(disk.failedWrites() > 0, "no write reached the full disk");
    }

    @Test
    void fsyncFails_failedRecordNeverResurfaces() {
        failAppendsThenRecover(disk::failFsync);
        assertTrue(disk.failedForces() > 0, "no fsync was attempted while it failed");
    }

    @Test
    void diskFullWhenSegmentMustRoll_appendFailsAndRollSucceedsLater() {
        LogConfig small = config.withSegmentBytes(4096);
        Path dir = temp.resolve("log");
        List<ProducerRecord> acked = new ArrayList<>();
        try (EventLog log = EventLog.open(dir, small)) {
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
        try (EventLog log = EventLog.open(dir, small)) {
            Logs.assertHolds(log, TP, acked);
        }
        assertEquals(acked.size(), LogFiles.assertWellFormed(dir, TP));
    }

    /**
     * Appends {@value #BEFORE} records, injects the failure, checks that a sync and three async
     * appends fail and hide nothing, heals the disk, appends 10 more, and reopens: the live folder
     * cleanly, and crash images taken right after the failure and after the later appends.
     */
    private void failAppendsThenRecover(Runnable inject) {
        Path dir = temp.resolve("log");
        List<ProducerRecord> acked;
        Path afterFailure;
        Path afterHealing;
        try (EventLog log = EventLog.open(dir, config)) {
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
            acked.addAll(Logs.append(log, TP, "after", 10));
            Logs.assertHolds(log, TP, acked);
            afterHealing = LogFiles.crashImage(dir, temp.resolve("crash-after-healing"));
        }
        assertReopensHolding(dir, acked);
        assertReopensHolding(afterFailure, acked.subList(0, BEFORE));
        assertReopensHolding(afterHealing, acked);
    }

    private void assertReopensHolding(Path dir, List<ProducerRecord> expected) {
        try (EventLog log = EventLog.open(dir, config)) {
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

    /** The message names the partition, and the disk's error is given (as the cause or in the message). */
    private static void assertNamesPartitionAndCause(LogException e) {
        assertTrue(e.getMessage() != null && e.getMessage().contains(TP.toString()),
                "the error does not name partition " + TP + ": " + e);
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
