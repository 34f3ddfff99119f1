package io.agner.switchdemo.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.switchdemo.log.LogFiles.Batch;
import io.agner.switchdemo.log.LogFiles.BatchFields;
import io.agner.switchdemo.log.LogFiles.StoredRecord;
import io.agner.switchdemo.log.backend.EventLogs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files follow the package documentation's format byte for byte. The other durability tests
 * read and damage the files through {@link LogFiles}, so this is also their premise: were the
 * format to drift, their damage would land somewhere else.
 */
class LogFormatTest {

    private static final TopicPartition TP = new TopicPartition("format", 0);
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path temp;

    @Test
    void segments_holdBatchesFramedAsDocumented() {
        List<ProducerRecord> records = new ArrayList<>(List.of(
                Payloads.record(TP, "plain").withTimestamp(T0),
                ProducerRecord.of(TP, null, Payloads.value("no-key")).withTimestamp(T0 + 5),
                ProducerRecord.of(TP, Payloads.key("tombstone"), null).withTimestamp(T0 + 1),
                ProducerRecord.of(TP, Payloads.key("headers"), new byte[0]).withTimestamp(42)
                        .withHeaders(List.of(Header.of("h", "1"), new Header("empty", new byte[0]), Header.of("h", "2"))),
                Payloads.record(TP, "larger-than-a-segment", 10_000).withTimestamp(T0)));
        for (int i = 0; records.size() < 40; i++) {
            records.add(Payloads.record(TP, "filler-" + i).withTimestamp(T0 + i));
        }
        Path dir = temp.resolve("log");
        try (EventLog log = RecoveryTest.open(dir)) {
            log.createTopic(TP.topic(), 1);
            for (int i = 0; i < records.size(); i++) {
                assertEquals(i, log.producer().append(records.get(i)).offset());
            }
        }

        assertEquals(records.size(), LogFiles.assertWellFormed(dir, TP));
        assertTrue(LogFiles.segments(dir, TP).size() > 3, "no segment rolled");
        List<Batch> batches = LogFiles.batches(dir, TP);
        assertEquals(records.size(), batches.size(), "batches: one per synchronous append");
        for (int i = 0; i < records.size(); i++) {
            assertBatch(batches.get(i), records.subList(i, i + 1));
        }
    }

    /** The doc's group commit: what queued up behind an fsync goes to disk as one batch, acknowledged only after its own fsync. */
    @Test
    void groupCommit_appendsQueuedDuringAnFsync_shareOneBatch() throws InterruptedException {
        FaultyDisk disk = new FaultyDisk();
        Path dir = temp.resolve("log");
        List<ProducerRecord> records = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            records.add(Payloads.record(TP, "queued-" + i).withTimestamp(T0 + (i * 7L) % 5));
        }
        try (EventLog log = EventLogs.embedded(dir, RecoveryTest.CONFIG.withSegmentBytes(1 << 20).withFiles(disk))) {
            log.createTopic(TP.topic(), 1);
            Producer producer = log.producer();
            disk.holdFsyncs();
            List<CompletableFuture<RecordMetadata>> acks = new ArrayList<>();
            acks.add(producer.appendAsync(records.getFirst()));
            disk.awaitHeldFsync();
            records.subList(1, records.size()).forEach(r -> acks.add(producer.appendAsync(r)));

            assertFalse(acks.getFirst().isDone(), "acknowledged before its fsync returned");
            assertEquals(0, log.endOffset(TP), "end offset moved before the fsync returned");
            try (LogConsumer reader = log.consumer("reader", StartPosition.EARLIEST)) {
                reader.assign(List.of(TP));
                assertEquals(List.of(), reader.poll(10, Duration.ofMillis(50)), "a reader saw an unacknowledged record");
            }
            disk.releaseFsyncs();
            for (int i = 0; i < acks.size(); i++) {
                assertEquals(i, acks.get(i).join().offset(), "offset of the append made " + i + "th");
            }
            Logs.assertHolds(log, TP, records);
        }

        List<Batch> batches = LogFiles.batches(dir, TP);
        assertEquals(2, batches.size(), "batches: the one being forced, then everything queued behind it");
        assertBatch(batches.get(0), records.subList(0, 1));
        assertBatch(batches.get(1), records.subList(1, records.size()));
    }

    private static void assertBatch(Batch batch, List<ProducerRecord> expected) {
        String where = "batch of offset " + batch.baseOffset() + " at byte " + batch.position() + " of " + batch.segment();
        assertEquals(2, batch.magic(), "magic of " + where);
        assertTrue(batch.crcOk(), "CRC32C of " + where);
        assertEquals(expected.size(), batch.recordCount(), "recordCount of " + where);
        assertEquals(expected.size() - 1, batch.lastOffsetDelta(), "lastOffsetDelta of " + where);
        BatchFields f = LogFiles.fields(batch);
        assertEquals(new BatchFields(0, (short) 0, f.baseTimestamp(), expected.stream().mapToLong(ProducerRecord::timestamp).max().orElseThrow(),
                -1, (short) -1, -1), f, "fixed fields of " + where);
        List<StoredRecord> stored = LogFiles.records(batch);
        for (int i = 0; i < expected.size(); i++) {
            ProducerRecord e = expected.get(i);
            StoredRecord s = stored.get(i);
            String which = "record " + i + " of " + where;
            assertEquals(0, s.attributes(), "attributes of " + which);
            assertEquals(i, s.offsetDelta(), "offsetDelta of " + which);
            assertEquals(e.timestamp(), f.baseTimestamp() + s.timestampDelta(), "timestamp of " + which);
            assertArrayEquals(e.key(), s.key(), "key of " + which);
            assertArrayEquals(e.value(), s.value(), "value of " + which);
            assertEquals(e.headers(), s.headers(), "headers of " + which);
        }
    }
}
