package io.agner.switchdemo.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What each fsync policy makes an acknowledgement wait for. */
class FsyncPolicyTest {

    static final TopicPartition T0 = new TopicPartition("events", 0);

    @TempDir
    Path dir;

    private void acknowledgesWithoutWaitingForFsync(FsyncPolicy policy) throws Exception {
        FaultyDisk disk = new FaultyDisk();
        EventLog log = EventLog.open(dir, LogConfig.DEFAULT.withFsync(policy).withFiles(disk));
        try {
            log.createTopic("events", 1);
            disk.holdFsyncs();
            for (int i = 0; i < 10; i++) {
                assertEquals(i, log.producer().append(ProducerRecord.of(T0, null, ("r" + i).getBytes(StandardCharsets.UTF_8))).offset());
            }
            Consumer c = log.consumer("g", StartPosition.EARLIEST);
            c.assign(List.of(T0));
            assertEquals(10, c.poll(100, Duration.ofSeconds(5)).size(), "acknowledged records are readable");
        } finally {
            disk.releaseFsyncs();
            log.close();
        }
    }

    @Test
    void interval_acknowledgesAfterTheWrite_andForcesLater() throws Exception {
        acknowledgesWithoutWaitingForFsync(FsyncPolicy.every(Duration.ofHours(1)));
    }

    @Test
    void os_acknowledgesAfterTheWrite() throws Exception {
        acknowledgesWithoutWaitingForFsync(FsyncPolicy.os());
    }

    @Test
    void always_acknowledgesOnlyAfterTheFsync() throws Exception {
        FaultyDisk disk = new FaultyDisk();
        try (EventLog log = EventLog.open(dir, LogConfig.DEFAULT.withFiles(disk))) {
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

    @Test
    void interval_mustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FsyncPolicy.every(Duration.ZERO));
        assertEquals("fsync period must be > 0, was PT0S", e.getMessage());
    }
}
