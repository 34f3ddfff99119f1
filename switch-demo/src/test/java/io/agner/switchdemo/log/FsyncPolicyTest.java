package io.agner.switchdemo.log;

import io.agner.switchdemo.log.backend.EventLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

import static io.agner.testkit.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What each fsync policy makes an acknowledgement wait for, and when each forces: counted by the
 * {@link FaultyDisk} under the log, never timed.
 */
class FsyncPolicyTest {

    static final TopicPartition T0 = new TopicPartition("events", 0);

    @TempDir
    Path dir;

    private void acknowledgesWithoutWaitingForFsync(FsyncPolicy policy) throws Exception {
        FaultyDisk disk = new FaultyDisk();
        EventLog log = EventLogs.embedded(dir, LogConfig.DEFAULT.withFsync(policy).withFiles(disk));
        try {
            log.createTopic("events", 1);
            disk.holdFsyncs();
            for (int i = 0; i < 10; i++) {
                assertEquals(i, log.producer().append(ProducerRecord.of(T0, null, ("r" + i).getBytes(StandardCharsets.UTF_8))).offset());
            }
            LogConsumer c = log.consumer("g", StartPosition.EARLIEST);
            c.assign(List.of(T0));
            assertEquals(10, c.poll(100, Duration.ofSeconds(5)).size(), "acknowledged records are readable");
        } finally {
            disk.releaseFsyncs();
            log.close();
        }
    }

    /** A period far longer than the test: acknowledgement cannot be waiting for a force. */
    @Test
    void interval_acknowledgesAfterTheWrite() throws Exception {
        acknowledgesWithoutWaitingForFsync(FsyncPolicy.every(Duration.ofHours(1)));
    }

    /**
     * Appends until one is acknowledged with its bytes still unforced (the writer forces inline
     * when a period has passed), then appends nothing more: the periodic force must still come.
     */
    @Test
    void interval_forcesAPendingWriteWithoutFurtherAppends() {
        FaultyDisk disk = new FaultyDisk();
        try (EventLog log = EventLogs.embedded(dir, LogConfig.DEFAULT.withFsync(FsyncPolicy.every(Duration.ofMillis(50))).withFiles(disk))) {
            log.createTopic("events", 1);
            List<ProducerRecord> appended = new ArrayList<>(Logs.append(log, T0, "burst", 20));
            int forcesBefore;
            for (int i = 0; ; i++) {
                forcesBefore = disk.segmentForces();     // read first: a force landing after it counts below
                if (disk.unforcedSegmentBytes() > 0) {
                    break;
                }
                assertTrue(i < 10_000, "every append was forced inline; no pending write to watch");
                appended.addAll(Logs.append(log, T0, "more" + i, 1));
            }

            await().atMost(Logs.WAIT).until(() -> disk.unforcedSegmentBytes() == 0);
            assertTrue(disk.segmentForces() > forcesBefore, "no force, yet the written bytes count as forced");
            Logs.assertHolds(log, T0, appended);
        }
    }

    @Test
    void os_acknowledgesAfterTheWrite() throws Exception {
        acknowledgesWithoutWaitingForFsync(FsyncPolicy.os());
    }

    /** Under {@code os()} the log forces a segment exactly twice in its life at most: never on append, once when it rolls or closes. */
    @Test
    void os_forcesExactlyOnRollAndOnClose() {
        FaultyDisk disk = new FaultyDisk();
        LogConfig config = LogConfig.DEFAULT.withFsync(FsyncPolicy.os()).withSegmentBytes(1024).withFiles(disk);
        List<Path> segments;
        try (EventLog log = EventLogs.embedded(dir, config)) {
            log.createTopic("events", 1);
            Logs.append(log, T0, "r", 12, 300);               // about three per segment: several rolls
            segments = LogFiles.segments(dir, T0);
            assertTrue(segments.size() >= 3, "setup: only " + segments.size() + " segments");
            for (Path sealed : segments.subList(0, segments.size() - 1)) {
                assertEquals(1, disk.forces(sealed), "forces of " + sealed + ", which rolled");
            }
            assertEquals(0, disk.forces(segments.getLast()), "forces of the active segment before close");
            assertTrue(disk.unforcedSegmentBytes() > 0, "the active segment's appends were forced");
        }
        assertEquals(segments, LogFiles.segments(dir, T0), "segments after close");
        for (Path sealed : segments.subList(0, segments.size() - 1)) {
            assertEquals(1, disk.forces(sealed), "forces of " + sealed + " after close");
        }
        assertEquals(1, disk.forces(segments.getLast()), "forces of the active segment by close");
        assertEquals(0, disk.unforcedSegmentBytes(), "bytes left unforced after close");
    }

    @Test
    void always_acknowledgesOnlyAfterTheFsync() throws Exception {
        FaultyDisk disk = new FaultyDisk();
        try (EventLog log = EventLogs.embedded(dir, LogConfig.DEFAULT.withFiles(disk))) {
            log.createTopic("events", 1);
            disk.holdFsyncs();
            CompletableFuture<RecordMetadata> ack = log.producer().appendAsync(ProducerRecord.of(T0, null, new byte[] {1}));
            disk.awaitHeldFsync();
            assertFalse(ack.isDone(), "acknowledged before its fsync");
            assertEquals(0, log.endOffset(T0), "visible before its fsync");
            disk.releaseFsyncs();
            assertEquals(0, ack.get().offset());
            assertEquals(1, log.endOffset(T0));
        }
    }

    /**
     * Group commit, counted: many producers append while the writer is held in an fsync; once it
     * returns, everything they queued goes out in one batch with one fsync. One force per batch,
     * far fewer forces than appends.
     */
    @Test
    void always_groupCommit_forcesOncePerBatchForManyProducers() throws Exception {
        FaultyDisk disk = new FaultyDisk();
        int producers = 8;
        int perProducer = 25;
        int forces;
        List<CompletableFuture<RecordMetadata>> acks = new ArrayList<>();
        try (EventLog log = EventLogs.embedded(dir, LogConfig.DEFAULT.withFiles(disk))) {
            log.createTopic("events", 1);
            int forcesAtStart = disk.segmentForces();
            disk.holdFsyncs();
            acks.add(log.producer().appendAsync(Payloads.record(T0, "first")));
            disk.awaitHeldFsync();
            ConcurrentLinkedQueue<CompletableFuture<RecordMetadata>> queued = new ConcurrentLinkedQueue<>();
            List<Thread> threads = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                String prefix = "p" + p + "-";
                threads.add(Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < perProducer; i++) {
                        queued.add(log.producer().appendAsync(Payloads.record(T0, prefix + i)));
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            acks.addAll(queued);
            disk.releaseFsyncs();
            for (CompletableFuture<RecordMetadata> ack : acks) {
                ack.join();
            }
            forces = disk.segmentForces() - forcesAtStart;
        }
        int batches = LogFiles.batches(dir, T0).size();
        assertEquals(1 + producers * perProducer, acks.size(), "appends");
        assertEquals(2, batches, "batches: the one held in its fsync, then everything queued behind it");
        assertEquals(batches, forces, "segment forces before close: one per batch");
        assertTrue(forces < acks.size(), forces + " forces for " + acks.size() + " appends");
    }

    @Test
    void interval_mustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FsyncPolicy.every(Duration.ZERO));
        assertEquals("fsync period must be > 0, was PT0S", e.getMessage());
    }
    /**
     * Under {@code os()} an acknowledged record may be unforced; a commit past it forces it first,
     * so that after a power loss the committed offset is not ahead of the log (issue 19, item 2).
     */
    @Test
    void os_aCommitForcesThePartitionUpToTheCommittedOffset() {
        FaultyDisk disk = new FaultyDisk();
        try (EventLog log = EventLogs.embedded(dir, LogConfig.DEFAULT.withFsync(FsyncPolicy.os()).withFiles(disk))) {
            log.createTopic("events", 1);
            Logs.append(log, T0, "unforced", 5);
            assertTrue(disk.unforcedSegmentBytes() > 0, "setup: os() forced the appends");
            try (LogConsumer c = log.consumer("g", StartPosition.EARLIEST)) {
                c.assign(List.of(T0));
                assertEquals(5, c.poll(100, Logs.WAIT).size());

                c.commit();

                assertEquals(0, disk.unforcedSegmentBytes(), "segment bytes still unforced after the commit");
                assertEquals(5, c.committed(T0).orElseThrow());
            }
        }
    }
}
