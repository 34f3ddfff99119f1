package io.agner.switchdemo.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.switchdemo.log.LogFiles.Batch;
import io.agner.switchdemo.log.backend.EventLogs;
import io.agner.switchdemo.log.internal.EmbeddedLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Recovery as the package documentation promises it, checked by damaging the files of a stopped
 * log and reopening it. An unclean stop is a {@link LogFiles#crashImage crash image}: the folder as
 * a kill -9 of an idle log would leave it. Every record is one batch (one synchronous appender).
 * Sections: the scanned tail; damage the open does not scan; indexes; the lock and the marker.
 */
class RecoveryTest {

    static final TopicPartition TP = new TopicPartition("events", 0);
    static final LogConfig CONFIG = LogConfig.DEFAULT.withSegmentBytes(4096).withIndexIntervalBytes(512);

    @TempDir
    Path temp;

    /** How the log was stopped before its files were damaged. */
    enum Stop {
        /** {@code close()}: the clean-shutdown marker is written, the next open scans nothing. */
        CLEAN,
        /** A kill -9 of the idle log: the next open scans from the recovery point. */
        CRASH
    }

    /** A stopped log's folder and the records it held, at offsets 0, 1, 2, ... */
    record Stopped(Path dir, List<ProducerRecord> records) {

        List<ProducerRecord> before(long offset) {
            return records.subList(0, Math.toIntExact(offset));
        }
    }

    /** A log of at least {@code count} records, with at least {@code activeBatches} in its active segment, stopped as {@code stop} says. */
    static Stopped stoppedLog(Path temp, Stop stop, int count, int activeBatches) {
        Path dir = temp.resolve("log");
        List<ProducerRecord> records = new ArrayList<>();
        Path image = temp.resolve("crash-image");
        try (EventLog log = EventLogs.embedded(dir, CONFIG)) {
            log.createTopic(TP.topic(), 1);
            records.addAll(Logs.append(log, TP, "a", count));
            while (LogFiles.scan(LogFiles.activeSegment(dir, TP)).batches().size() < activeBatches) {
                records.addAll(Logs.append(log, TP, "b" + records.size(), 1));
            }
            if (stop == Stop.CRASH) {
                LogFiles.crashImage(dir, image);
            }
        }
        return new Stopped(stop == Stop.CRASH ? image : dir, records);
    }

    static EventLog open(Path dir) {
        return EventLogs.embedded(dir, CONFIG);
    }

    static List<ProducerRecord> concat(List<ProducerRecord> a, List<ProducerRecord> b) {
        List<ProducerRecord> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Reopens {@code dir}, checks it holds {@code kept}, appends three records after them and checks again, twice. */
    static void assertHoldsAndAppendsContinue(Path dir, List<ProducerRecord> kept) {
        List<ProducerRecord> all;
        try (EventLog log = open(dir)) {
            Logs.assertHolds(log, TP, kept);
            all = concat(kept, Logs.append(log, TP, "after", 3));
            Logs.assertHolds(log, TP, all);
        }
        try (EventLog log = open(dir)) {
            Logs.assertHolds(log, TP, all);
        }
        assertEquals(all.size(), LogFiles.assertWellFormed(dir, TP), "offset after the last batch on disk");
    }

    // ---- the tail: at or after the recovery point, scanned by an unclean open

    @Test
    void uncleanOpen_corruptLastBatch_isTruncatedAndAppendsContinue() {
        Stopped log = stoppedLog(temp, Stop.CRASH, 40, 2);
        Path active = LogFiles.activeSegment(log.dir(), TP);
        Batch last = LogFiles.scan(active).last();
        LogFiles.flipByte(active, last.payloadMiddle());

        assertHoldsAndAppendsContinue(log.dir(), log.before(last.baseOffset()));
    }

    /** Valid batches follow the damage, so it is no torn write: it is kept, reported and skipped, never cut with them. */
    @Test
    void uncleanOpen_corruptBatchMidActiveSegment_isKeptAndSkippedByReaders() {
        Stopped log = stoppedLog(temp, Stop.CRASH, 40, 4);
        Path active = LogFiles.activeSegment(log.dir(), TP);
        Batch bad = LogFiles.scan(active).batches().get(1);
        LogFiles.flipByte(active, bad.payloadMiddle());

        assertDamageSkipped(log.dir(), log.records(), bad);
    }

    /** As above, with the batch's length field damaged: readers find the next batch by its checksum. */
    @Test
    void uncleanOpen_batchWithDamagedLengthMidActiveSegment_isKeptAndSkippedByReaders() {
        Stopped log = stoppedLog(temp, Stop.CRASH, 40, 4);
        Path active = LogFiles.activeSegment(log.dir(), TP);
        Batch bad = LogFiles.scan(active).batches().get(1);
        LogFiles.flipByte(active, bad.position() + 10);

        assertDamageSkipped(log.dir(), log.records(), bad);
    }

    /**
     * Issue 19, item 1: a clean open walks batch headers only, so it misses a flipped payload byte
     * in the active segment; appends are acknowledged after it, then the process dies. Recovery
     * must keep them (and the intact records between), report the damaged batch, and hand no
     * offset out twice.
     */
    @Test
    void damageACleanOpenMissed_thenAcknowledgedAppendsAndACrash_recoveryKeepsEveryAcknowledgedRecord() {
        Path dir = temp.resolve("log");
        List<ProducerRecord> records;
        try (EventLog log = open(dir)) {
            log.createTopic(TP.topic(), 1);
            records = Logs.append(log, TP, "a", 10, 100);
        }
        Path active = LogFiles.activeSegment(dir, TP);
        Batch bad = LogFiles.scan(active).batches().get(4);
        LogFiles.flipByte(active, bad.payloadMiddle());
        Path image = temp.resolve("crashed-after-appends");
        List<ProducerRecord> acknowledged;
        try (EventLog reopened = open(dir)) {
            assertTrue(((EmbeddedLog) reopened).openedClean(), "setup: the open was clean");
            acknowledged = concat(records, Logs.append(reopened, TP, "acked", 5, 20));
            assertEquals(active, LogFiles.activeSegment(dir, TP), "setup: the appends rolled the segment");
            LogFiles.crashImage(dir, image);
        }

        assertDamageSkipped(image, acknowledged, bad.atSegment(LogFiles.activeSegment(image, TP)));
    }

    /**
     * After a clean close, the recovery point is the end: a damaged last batch below it was durable
     * (bit rot, not a torn write), so the recovery after a later crash keeps it and its offsets.
     */
    @Test
    void uncleanOpen_damagedLastBatchBelowTheRecoveryPoint_isKeptAndItsOffsetsNotReused() throws IOException {
        Stopped log = stoppedLog(temp, Stop.CLEAN, 40, 2);
        Path active = LogFiles.activeSegment(log.dir(), TP);
        Batch last = LogFiles.scan(active).last();
        LogFiles.flipByte(active, last.payloadMiddle());
        Files.delete(log.dir().resolve(LogFiles.CLEAN_SHUTDOWN));   // a crash right after the next open

        assertDamageSkipped(log.dir(), log.records(), last);
    }

    /**
     * A crash after a roll's fsync but before the recovery point moved, several rolls long: the
     * segment at the recovery point is scanned, but it is sealed (forced before its successor was
     * created), so its bad batch is not a torn write. Cutting there would delete the acknowledged
     * segments after it and hand their offsets out again; instead it is kept and reported.
     */
    @Test
    void uncleanOpen_staleRecoveryPoint_corruptSealedSegment_isReportedAndLaterSegmentsKept() throws IOException {
        Path dir = temp.resolve("log");
        Path early = temp.resolve("early");
        Path late = temp.resolve("late");
        List<ProducerRecord> records = new ArrayList<>();
        try (EventLog live = open(dir)) {
            live.createTopic(TP.topic(), 1);
            records.addAll(Logs.append(live, TP, "a", 20));
            LogFiles.crashImage(dir, early);
            records.addAll(Logs.append(live, TP, "b", 40));
            LogFiles.crashImage(dir, late);
        }
        Path partition = LogFiles.partitionDir(late, TP);
        Files.copy(LogFiles.partitionDir(early, TP).resolve(LogFiles.RECOVERY_POINT), partition.resolve(LogFiles.RECOVERY_POINT),
                StandardCopyOption.REPLACE_EXISTING);
        Path scanned = partition.resolve(LogFiles.activeSegment(early, TP).getFileName());
        List<Path> segments = LogFiles.segments(late, TP);
        assertTrue(segments.indexOf(scanned) < segments.size() - 1, "setup: no segment follows " + scanned);
        Batch bad = LogFiles.scan(scanned).batches().get(1);
        LogFiles.flipByte(scanned, bad.payloadMiddle());

        assertDamageLeftForReaders(new Stopped(late, records), segments, bad.segment(), bad.position(), bad.baseOffset());
    }

    /** No recovery point: every segment is scanned, and a sealed one in the middle is empty. */
    @Test
    void uncleanOpen_missingRecoveryPoint_emptiedMiddleSegment_losesNoAcknowledgedRecord() throws IOException {
        Stopped log = stoppedLog(temp, Stop.CRASH, 60, 1);
        Files.delete(LogFiles.partitionDir(log.dir(), TP).resolve(LogFiles.RECOVERY_POINT));
        List<Path> segments = LogFiles.segments(log.dir(), TP);
        assertTrue(segments.size() >= 4, "setup: only " + segments.size() + " segments");
        Path middle = segments.get(1);
        LogFiles.truncate(middle, 0);

        assertDamageLeftForReaders(log, segments, middle, 0, LogFiles.baseOffset(middle));
    }

    /** No recovery point: every segment is scanned, and a sealed one in the middle has a flipped byte. */
    @Test
    void uncleanOpen_missingRecoveryPoint_corruptMiddleSegment_losesNoAcknowledgedRecord() throws IOException {
        Stopped log = stoppedLog(temp, Stop.CRASH, 60, 1);
        Files.delete(LogFiles.partitionDir(log.dir(), TP).resolve(LogFiles.RECOVERY_POINT));
        List<Path> segments = LogFiles.segments(log.dir(), TP);
        assertTrue(segments.size() >= 4, "setup: only " + segments.size() + " segments");
        List<Batch> batches = LogFiles.scan(segments.get(1)).batches();
        Batch bad = batches.get(batches.size() / 2);
        LogFiles.flipByte(bad.segment(), bad.payloadMiddle());

        long size = Files.size(bad.segment());

        assertDamageLeftForReaders(log, segments, bad.segment(), bad.position(), bad.baseOffset());
        assertEquals(size, Files.size(bad.segment()), "size of the damaged segment after recovery");
    }

    /** What the recovery of a torn tail did is kept, not only logged. */
    @Test
    void uncleanOpen_truncation_isReportedAsARecoveryFinding() {
        Stopped log = stoppedLog(temp, Stop.CRASH, 40, 2);
        Path active = LogFiles.activeSegment(log.dir(), TP);
        Batch last = LogFiles.scan(active).last();
        LogFiles.truncate(active, last.end() - 1);

        try (EventLog reopened = open(log.dir())) {
            List<RecoveryFinding> findings = ((EmbeddedLog) reopened).recoveryFindings();
            assertEquals(1, findings.size(), "findings: " + findings);
            RecoveryFinding f = findings.getFirst();
            assertEquals(RecoveryFinding.Action.TRUNCATED, f.action(), "action of " + f);
            assertEquals(active.getFileName(), f.segment().getFileName(), "segment of " + f);
            assertEquals(last.position(), f.position(), "position of " + f);
            assertEquals(last.baseOffset(), f.offset(), "offset of " + f);
            assertEquals(TP, f.tp(), "partition of " + f);
        }
        try (EventLog again = open(log.dir())) {
            assertEquals(List.of(), ((EmbeddedLog) again).recoveryFindings(), "findings of a clean open");
        }
    }

    /** The last write was torn {@code cutInto} bytes into its batch (-1: one byte short). */
    @ParameterizedTest(name = "cut {0} bytes into the batch")
    @ValueSource(ints = {5, 30, 70, -1})
    void uncleanOpen_tornLastBatch_keepsTheWholeBatchesBeforeIt(int cutInto) {
        Stopped log = stoppedLog(temp, Stop.CRASH, 40, 2);
        Path active = LogFiles.activeSegment(log.dir(), TP);
        Batch last = LogFiles.scan(active).last();
        LogFiles.truncate(active, last.position() + (cutInto < 0 ? last.size() - 1 : cutInto));

        assertHoldsAndAppendsContinue(log.dir(), log.before(last.baseOffset()));
    }

    /** A roll created the next segment and died before writing to it. */
    @Test
    void uncleanOpen_emptySegmentAfterTheLast_isUsedAndAppendsContinue() throws IOException {
        Stopped log = stoppedLog(temp, Stop.CRASH, 40, 2);
        Files.createFile(LogFiles.partitionDir(log.dir(), TP).resolve(LogFiles.segmentName(log.records().size())));

        assertHoldsAndAppendsContinue(log.dir(), log.records());
    }

    @Test
    void uncleanOpen_emptiedActiveSegment_restartsAtItsBaseOffset() {
        Stopped log = stoppedLog(temp, Stop.CRASH, 40, 2);
        Path active = LogFiles.activeSegment(log.dir(), TP);
        LogFiles.truncate(active, 0);

        assertHoldsAndAppendsContinue(log.dir(), log.before(LogFiles.baseOffset(active)));
    }

    /** A bad recovery point can only make recovery scan more, never cut what is whole. */
    @ParameterizedTest(name = "recovery-point \"{0}\"")
    @ValueSource(strings = {"<missing>", "", "garbage\n", "-7\n", "99999999\n"})
    void uncleanOpen_badRecoveryPointFile_losesNothing(String content) throws IOException {
        Stopped log = stoppedLog(temp, Stop.CRASH, 60, 2);
        Path file = LogFiles.partitionDir(log.dir(), TP).resolve(LogFiles.RECOVERY_POINT);
        if (content.equals("<missing>")) {
            Files.delete(file);
        } else {
            Files.writeString(file, content);
        }

        assertHoldsAndAppendsContinue(log.dir(), log.records());
    }

    /** A recovery point the damaged bytes could not reach is not believed: the torn tail is still cut. */
    @Test
    void uncleanOpen_wildRecoveryPointAndATornTail_cutsTheTail() throws IOException {
        Stopped log = stoppedLog(temp, Stop.CRASH, 40, 2);
        Path active = LogFiles.activeSegment(log.dir(), TP);
        Batch last = LogFiles.scan(active).last();
        LogFiles.truncate(active, last.position() + 30);
        Files.writeString(LogFiles.partitionDir(log.dir(), TP).resolve(LogFiles.RECOVERY_POINT), "99999999\n");

        assertHoldsAndAppendsContinue(log.dir(), log.before(last.baseOffset()));
    }

    // ---- below the recovery point, or after a clean close: not scanned, so readers report damage

    @ParameterizedTest(name = "{0}")
    @EnumSource(Stop.class)
    void sealedSegment_corruptBatch_isReportedWithSegmentAndOffsetNotSkipped(Stop stop) {
        Stopped log = stoppedLog(temp, stop, 60, 1);
        List<Path> segments = LogFiles.segments(log.dir(), TP);
        assertTrue(segments.size() >= 4, "setup: only " + segments.size() + " segments");
        Path sealed = segments.get(1);
        List<Batch> batches = LogFiles.scan(sealed).batches();
        Batch bad = batches.get(batches.size() / 2);
        LogFiles.flipByte(sealed, bad.payloadMiddle());

        assertReportedNotSkipped(log, segments, bad);
    }

    @Test
    void sealedSegment_tornBatch_isReportedWithSegmentAndOffsetNotSkipped() {
        Stopped log = stoppedLog(temp, Stop.CLEAN, 60, 1);
        List<Path> segments = LogFiles.segments(log.dir(), TP);
        Path sealed = segments.get(1);
        List<Batch> batches = LogFiles.scan(sealed).batches();
        Batch torn = batches.get(batches.size() / 2);
        LogFiles.truncate(sealed, torn.payloadMiddle());

        assertReportedNotSkipped(log, segments, torn);
    }

    @Test
    void sealedSegment_emptied_isReportedWithSegmentAndOffsetNotSkipped() {
        Stopped log = stoppedLog(temp, Stop.CLEAN, 60, 1);
        List<Path> segments = LogFiles.segments(log.dir(), TP);
        Path sealed = segments.get(1);
        long base = LogFiles.baseOffset(sealed);
        LogFiles.truncate(sealed, 0);

        try (EventLog reopened = open(log.dir())) {
            assertEquals(log.records().size(), reopened.endOffset(TP), "end offset");
            Logs.UntilCorrupt read = Logs.readUntilCorrupt(reopened, TP, 0);
            assertRecords(log.before(base), read.records());
            assertEquals(sealed.getFileName(), read.error().segment().getFileName(), "segment named by " + read.error());
            assertEquals(base, read.error().offset(), "offset named by " + read.error());
        }
    }

    /** A consumer reports a corrupt partition and still delivers its other partitions: the bad one does not stall them. */
    @Test
    void corruptPartition_isReportedWithoutStallingTheConsumersOtherPartitions() {
        Path dir = temp.resolve("log");
        TopicPartition bad = new TopicPartition(TP.topic(), 0);
        TopicPartition good = new TopicPartition(TP.topic(), 1);
        List<ProducerRecord> goodRecords;
        try (EventLog log = open(dir)) {
            log.createTopic(TP.topic(), 2);
            Logs.append(log, bad, "bad", 5);
            goodRecords = Logs.append(log, good, "good", 20);
        }
        Batch first = LogFiles.batches(dir, bad).getFirst();
        LogFiles.flipByte(first.segment(), first.payloadMiddle());

        List<ConsumerRecord> delivered = new ArrayList<>();
        int reports = 0;
        try (EventLog log = open(dir); LogConsumer consumer = log.consumer("both", StartPosition.EARLIEST)) {
            consumer.assign(List.of(bad, good));                 // the corrupt one first in the rotation
            for (int poll = 0; delivered.size() < goodRecords.size() + 4; poll++) {
                assertTrue(poll < 100, "after " + poll + " polls only " + delivered.size() + " of " + good + "'s "
                        + goodRecords.size() + " records were delivered (" + reports + " corruption reports)");
                try {
                    delivered.addAll(consumer.poll(3, Logs.WAIT));
                } catch (CorruptRecordException e) {
                    assertEquals(first.segment().getFileName(), e.segment().getFileName(), "segment named by " + e);
                    assertEquals(0, e.offset(), "offset named by " + e);
                    reports++;
                }
            }
            assertEquals(1, reports, "reports of the corrupt batch");
            assertEquals(5, consumer.position(bad), "the consumer's position in the corrupt partition");
        }
        List<ConsumerRecord> fromGood = delivered.stream().filter(r -> r.topicPartition().equals(good)).toList();
        for (int i = 0; i < goodRecords.size(); i++) {
            Logs.assertSame(goodRecords.get(i), i, fromGood.get(i));
        }
        assertEquals(List.of(1L, 2L, 3L, 4L), delivered.stream().filter(r -> r.topicPartition().equals(bad))
                .map(ConsumerRecord::offset).toList(), "offsets delivered from the corrupt partition, past the damage");
    }

    /**
     * A clean open scans nothing, so a damaged last batch is not cut; but readers check every
     * batch's CRC, so it is reported when read.
     */
    @Test
    void cleanOpen_corruptLastBatch_isNotTruncatedButReportedWhenRead() {
        Stopped log = stoppedLog(temp, Stop.CLEAN, 40, 2);
        List<Path> segments = LogFiles.segments(log.dir(), TP);
        Batch last = LogFiles.scan(segments.getLast()).last();
        LogFiles.flipByte(segments.getLast(), last.payloadMiddle());

        assertReportedNotSkipped(log, segments, last);
    }

    // ---- indexes: a cache, rebuilt when missing or damaged

    /** Ways an index file goes bad; each must be noticed, and the index rebuilt from its segment. */
    enum IndexDamage {
        DELETED, EMPTY, RANDOM_BYTES, TRUNCATED_TO_ODD_LENGTH, TRAILING_BYTES,
        /** All zeros and longer than needed, like a preallocated index that was never trimmed. */
        ZERO_FILLED,
        /** One flipped byte in the middle entry's position: it points into a batch. */
        FLIPPED_POSITION,
        /** Entries beyond the segment's end, as a segment truncated under its index leaves them. */
        ENTRIES_PAST_THE_END;

        void apply(Path segment, Random random) throws IOException {
            Path index = LogFiles.indexOf(segment);
            byte[] bytes = Files.exists(index) ? LogFiles.read(index) : new byte[0];
            switch (this) {
                case DELETED -> Files.deleteIfExists(index);
                case EMPTY -> LogFiles.write(index, new byte[0]);
                case RANDOM_BYTES -> {
                    byte[] garbage = new byte[Math.max(bytes.length, 64)];
                    random.nextBytes(garbage);
                    LogFiles.write(index, garbage);
                }
                case TRUNCATED_TO_ODD_LENGTH -> LogFiles.write(index, Arrays.copyOf(bytes, bytes.length / 2 | 1));
                case TRAILING_BYTES -> LogFiles.write(index, Arrays.copyOf(bytes, bytes.length + 3));
                case ZERO_FILLED -> LogFiles.write(index, new byte[bytes.length + 64]);
                case FLIPPED_POSITION -> {
                    int entries = bytes.length / LogFiles.INDEX_ENTRY;
                    if (entries > 0) {
                        LogFiles.flipByte(index, (long) entries / 2 * LogFiles.INDEX_ENTRY + 7);
                    }
                }
                case ENTRIES_PAST_THE_END -> {
                    int last = bytes.length >= LogFiles.INDEX_ENTRY ? ByteBuffer.wrap(bytes).getInt(bytes.length / 8 * 8 - 8) : 0;
                    int end = Math.toIntExact(Files.size(segment));
                    LogFiles.write(index, ByteBuffer.allocate(bytes.length / 8 * 8 + 16).put(bytes, 0, bytes.length / 8 * 8)
                            .putInt(last + 1000).putInt(end + 64).putInt(last + 2000).putInt(end + 4000).array());
                }
            }
        }
    }

    static Stream<Arguments> indexDamages() {
        return Arrays.stream(IndexDamage.values()).flatMap(d -> Arrays.stream(Stop.values()).map(s -> Arguments.of(d, s)));
    }

    @ParameterizedTest(name = "{0}, {1} stop")
    @MethodSource("indexDamages")
    void damagedIndex_isRebuiltAndEveryOffsetReadsBack(IndexDamage damage, Stop stop) throws IOException {
        Stopped log = stoppedLog(temp, stop, 80, 2);
        damageEveryIndex(log, damage);

        List<ProducerRecord> all;
        try (EventLog reopened = open(log.dir())) {
            Logs.assertHolds(reopened, TP, log.records());
            for (int offset = 0; offset < log.records().size(); offset++) {
                Logs.assertSame(log.records().get(offset), offset, Logs.readAt(reopened, TP, offset));
            }
            all = concat(log.records(), Logs.append(reopened, TP, "after", 3));
            Logs.assertHolds(reopened, TP, all);
        }
        try (EventLog reopened = open(log.dir())) {
            Logs.assertHolds(reopened, TP, all);
        }
        assertEquals(all.size(), LogFiles.assertWellFormed(log.dir(), TP, false), "offset after the last batch on disk");
    }

    /** "Rebuilt from its segment": the cache file itself is repaired, not worked around again on every open. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(IndexDamage.class)
    void damagedIndex_fileIsRewrittenByReopenAndClose(IndexDamage damage) throws IOException {
        Stopped log = stoppedLog(temp, Stop.CLEAN, 80, 2);
        damageEveryIndex(log, damage);

        try (EventLog reopened = open(log.dir())) {
            Logs.assertHolds(reopened, TP, log.records());
        }
        LogFiles.assertWellFormed(log.dir(), TP, true);
    }

    private static void damageEveryIndex(Stopped log, IndexDamage damage) throws IOException {
        Random random = new Random(damage.ordinal());
        for (Path segment : LogFiles.segments(log.dir(), TP)) {
            damage.apply(segment, random);
        }
    }

    // ---- files the open cannot make sense of: a precise error, nothing changed

    /** The topics file is replaced atomically, so a cut one is damage: guessing could hide partitions. */
    @ParameterizedTest(name = "cut to {0} bytes")
    @ValueSource(ints = {0, 4, 9, 16})
    void open_truncatedTopicsFile_failsNamingItAndChangesNothing(int keep) throws IOException {
        Path dir = temp.resolve("log");
        TopicPartition other = new TopicPartition("other", 11);
        List<ProducerRecord> records;
        List<ProducerRecord> others;
        try (EventLog log = open(dir)) {
            log.createTopic(TP.topic(), 1);
            log.createTopic(other.topic(), 12);
            records = Logs.append(log, TP, "a", 10);
            others = Logs.append(log, other, "o", 3);
        }
        Path topics = dir.resolve("topics");
        byte[] whole = LogFiles.read(topics);
        assertEquals("events 1\nother 12\n", new String(whole, java.nio.charset.StandardCharsets.UTF_8), "setup: topics file");
        LogFiles.write(topics, Arrays.copyOf(whole, keep));
        List<Path> segments = LogFiles.segments(dir, TP);

        LogException e = assertThrows(LogException.class, () -> open(dir), "open with a topics file cut to " + keep + " bytes");
        assertTrue(e.getMessage().contains(topics.toString()), "the error does not name " + topics + ": " + e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), "the error does not say what is wrong: " + e.getMessage());
        assertEquals(segments, LogFiles.segments(dir, TP), "segments after the failed open");

        LogFiles.write(topics, whole);
        try (EventLog log = open(dir)) {
            Logs.assertHolds(log, TP, records);
            Logs.assertHolds(log, other, others);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"notes.log", "123.log", "0000000000000000000x.log", "000000000000000000000.log"})
    void open_strayLogFileInPartition_failsNamingItAndChangesNothing(String name) {
        Stopped log = stoppedLog(temp, Stop.CRASH, 30, 1);
        Path stray = LogFiles.partitionDir(log.dir(), TP).resolve(name);
        LogFiles.write(stray, new byte[] {1, 2, 3});
        List<Path> segments = LogFiles.segments(log.dir(), TP);

        LogException e = assertThrows(LogException.class, () -> open(log.dir()), "open with a stray " + name);
        assertTrue(e.getMessage().contains(stray.toString()), "the error does not name " + stray + ": " + e.getMessage());
        assertEquals(segments, LogFiles.segments(log.dir(), TP), "segments after the failed open");
        assertEquals(3, LogFiles.read(stray).length, "the stray file was changed");

        LogFiles.delete(stray);
        assertHoldsAndAppendsContinue(log.dir(), log.records());
    }

    // ---- the lock and the clean-shutdown marker

    @Test
    void open_deletesCleanShutdownMarker_closeWritesIt() {
        Path dir = temp.resolve("log");
        Path marker = dir.resolve(LogFiles.CLEAN_SHUTDOWN);
        for (int i = 0; i < 2; i++) {
            try (EventLog log = open(dir)) {
                log.createTopic(TP.topic(), 1);
                Logs.append(log, TP, "run" + i, 3);
                assertFalse(Files.exists(marker), "clean-shutdown marker present while the log is open");
            }
            assertTrue(Files.exists(marker), "no clean-shutdown marker after close");
        }
    }

    @Test
    void open_folderOpenInThisJvm_failsNamingTheFolderAndHarmsNothing() {
        Path dir = temp.resolve("log");
        List<ProducerRecord> records = new ArrayList<>();
        try (EventLog first = open(dir)) {
            first.createTopic(TP.topic(), 1);
            records.addAll(Logs.append(first, TP, "a", 5));
            LogException e = assertThrows(LogException.class, () -> open(dir), "a second open of a folder in use");
            assertTrue(e.getMessage().contains(dir.toString()), "the error does not name the folder: " + e);
            records.addAll(Logs.append(first, TP, "b", 5));
            Logs.assertHolds(first, TP, records);
        }
        try (EventLog reopened = open(dir)) {
            Logs.assertHolds(reopened, TP, records);
        }
    }

    @Test
    void open_folderOpenInAnotherProcess_failsNamingTheFolderUntilItDies() {
        Path dir = temp.resolve("log");
        try (ChildJvm holder = ChildJvm.start(LogHolder.class, temp.resolve("holder-stderr.txt"), dir.toString())) {
            holder.awaitLines("open"::equals, 1);
            LogException e = assertThrows(LogException.class, () -> open(dir), "an open of a folder another process has open");
            assertTrue(e.getMessage().contains(dir.toString()), "the error does not name the folder: " + e);
            holder.kill();
        }
        try (EventLog log = open(dir)) {
            Logs.assertHolds(log, TP, LogHolder.records());
        }
    }

    /**
     * Reopens and checks that nothing was cut, that a reader from 0 gets every record before
     * {@code bad}, then its report, and moves past it; and that a reader starting at it does too.
     */
    private static void assertReportedNotSkipped(Stopped log, List<Path> segments, Batch bad) {
        Path segment = bad.segment();
        long size = size(segment);
        try (EventLog reopened = open(log.dir())) {
            assertEquals(log.records().size(), reopened.endOffset(TP), "end offset: the log was cut");
            assertEquals(segments, LogFiles.segments(log.dir(), TP), "segments after reopening");
            assertEquals(size, size(segment), "size of " + segment + " after reopening");

            Logs.UntilCorrupt read = Logs.readUntilCorrupt(reopened, TP, 0);
            assertRecords(log.before(bad.baseOffset()), read.records());
            CorruptRecordException e = read.error();
            assertEquals(segment.getFileName(), e.segment().getFileName(), "segment named by " + e);
            assertEquals(bad.position(), e.position(), "byte position named by " + e);
            assertEquals(bad.baseOffset(), e.offset(), "offset named by " + e);
            assertEquals(bad.nextOffset(), e.resumeOffset(), "offset the reader resumes at, named by " + e);
            assertEquals(TP, e.topicPartition(), "partition named by " + e);
            assertTrue(e.getMessage().contains(segment.getFileName().toString()), "message: " + e.getMessage());
            assertEquals(bad.nextOffset(), read.positionAfter(), "the consumer's position after the report");

            CorruptRecordException again = assertThrows(CorruptRecordException.class,
                    () -> Logs.read(reopened, TP, bad.baseOffset()), "a reader starting at the damaged batch");
            assertEquals(bad.baseOffset(), again.offset(), "offset named by " + again);
        }
    }

    /**
     * Reopens {@code dir} (which held {@code acknowledged} at offsets 0, 1, ... with {@code bad}
     * damaged) and checks that recovery kept everything and reported the damage, that a reader
     * gets every other record and one report naming the batch's offsets, and that the next append
     * takes the old end offset, not a reused one; then again after a clean reopen.
     */
    static void assertDamageSkipped(Path dir, List<ProducerRecord> acknowledged, Batch bad) {
        long end = acknowledged.size();
        long size = size(bad.segment());
        try (EventLog reopened = open(dir)) {
            assertEquals(end, reopened.endOffset(TP), "end offset: acknowledged records were cut");
            assertEquals(size, size(bad.segment()), "size of the damaged segment after recovery");
            List<RecoveryFinding> findings = ((EmbeddedLog) reopened).recoveryFindings();
            if (!((EmbeddedLog) reopened).openedClean()) {
                assertEquals(1, findings.size(), "findings: " + findings);
                RecoveryFinding f = findings.getFirst();
                assertEquals(RecoveryFinding.Action.LEFT_FOR_READERS, f.action(), "action of " + f);
                assertEquals(bad.segment().getFileName(), f.segment().getFileName(), "segment of " + f);
                assertEquals(bad.position(), f.position(), "position of " + f);
                assertEquals(bad.baseOffset(), f.offset(), "offset of " + f);
            }
            assertReadsPastTheDamage(reopened, acknowledged, bad);
            assertEquals(end, reopened.producer().append(Payloads.record(TP, "after")).offset(), "offset of the next append");
        }
        try (EventLog again = open(dir)) {
            assertEquals(end + 1, again.endOffset(TP), "end offset after a clean reopen");
            assertReadsPastTheDamage(again, acknowledged, bad);
        }
    }

    private static void assertReadsPastTheDamage(EventLog log, List<ProducerRecord> acknowledged, Batch bad) {
        Logs.PastDamage read = Logs.readPastDamage(log, TP, 0);
        assertEquals(1, read.reports().size(), "reports: " + read.reports());
        CorruptRecordException e = read.reports().getFirst();
        assertEquals(bad.segment().getFileName(), e.segment().getFileName(), "segment named by " + e);
        assertEquals(bad.position(), e.position(), "byte position named by " + e);
        assertEquals(bad.baseOffset(), e.offset(), "first offset named by " + e);
        assertEquals(bad.nextOffset(), e.resumeOffset(), "offset the reader resumes at, named by " + e);
        List<ConsumerRecord> records = read.records().stream().filter(r -> r.offset() < acknowledged.size()).toList();
        int skipped = Math.toIntExact(bad.nextOffset() - bad.baseOffset());
        assertEquals(acknowledged.size() - skipped, records.size(), "records read past the damage");
        for (ConsumerRecord r : records) {
            assertTrue(r.offset() < bad.baseOffset() || r.offset() >= bad.nextOffset(), "read a record of the damaged batch: " + r.offset());
            Logs.assertSame(acknowledged.get(Math.toIntExact(r.offset())), r.offset(), r);
        }
    }

    /**
     * Reopens a log whose sealed {@code segment} is damaged at {@code position} ({@code offset}) and
     * checks that recovery kept everything: end offset and segments unchanged, the damage a
     * finding, a reader from 0 stopped there with a report naming segment and offset, every record
     * of the later segments readable, and the next append at the old end offset, not a reused one.
     */
    private static void assertDamageLeftForReaders(Stopped log, List<Path> segments, Path segment, long position, long offset) {
        long end = log.records().size();
        Path next = segments.get(segments.indexOf(segment) + 1);
        long nextBase = LogFiles.baseOffset(next);
        try (EventLog reopened = open(log.dir())) {
            assertEquals(end, reopened.endOffset(TP), "end offset: acknowledged records were cut");
            assertEquals(segments, LogFiles.segments(log.dir(), TP), "segments after reopening");
            List<RecoveryFinding> findings = ((EmbeddedLog) reopened).recoveryFindings();
            assertEquals(1, findings.size(), "findings: " + findings);
            RecoveryFinding f = findings.getFirst();
            assertEquals(RecoveryFinding.Action.LEFT_FOR_READERS, f.action(), "action of " + f);
            assertEquals(segment.getFileName(), f.segment().getFileName(), "segment of " + f);
            assertEquals(position, f.position(), "position of " + f);
            assertEquals(offset, f.offset(), "offset of " + f);

            Logs.UntilCorrupt read = Logs.readUntilCorrupt(reopened, TP, 0);
            assertRecords(log.before(offset), read.records());
            assertEquals(segment.getFileName(), read.error().segment().getFileName(), "segment named by " + read.error());
            assertEquals(position, read.error().position(), "byte position named by " + read.error());
            assertEquals(offset, read.error().offset(), "offset named by " + read.error());

            List<ConsumerRecord> later = Logs.read(reopened, TP, nextBase);
            assertEquals(end - nextBase, later.size(), "records read from " + next);
            for (int i = 0; i < later.size(); i++) {
                Logs.assertSame(log.records().get(Math.toIntExact(nextBase + i)), nextBase + i, later.get(i));
            }
            assertEquals(end, reopened.producer().append(Payloads.record(TP, "after")).offset(), "offset of the next append");
        }
        try (EventLog again = open(log.dir())) {
            assertEquals(end + 1, again.endOffset(TP), "end offset after a clean reopen");
        }
    }

    private static void assertRecords(List<ProducerRecord> expected, List<ConsumerRecord> actual) {
        assertEquals(expected.size(), actual.size(), "records returned before the damage");
        for (int i = 0; i < expected.size(); i++) {
            Logs.assertSame(expected.get(i), i, actual.get(i));
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
