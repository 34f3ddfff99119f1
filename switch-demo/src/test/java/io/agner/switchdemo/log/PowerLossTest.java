package io.agner.switchdemo.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.agner.switchdemo.log.backend.EventLogs;
import io.agner.switchdemo.log.internal.EmbeddedLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, item 2: power cuts, not process deaths. Each round opens the log on a
 * {@link PowerLossDisk} (under {@code FsyncPolicy.always()}, or in three rounds of ten
 * {@code os()}, whose acknowledgements promise nothing against a power cut but whose committed
 * consumer offsets still must not run ahead of the log) whose power fails at a random operation — while appending, rolling,
 * writing an index, committing consumer offsets, creating a topic, closing, reopening or
 * recovering — then builds the folder a reboot would find and checks it: every acknowledged
 * record is there, unchanged, at its offset; every record a reader saw after an earlier
 * recovery still is; no offset is handed out twice; committed consumer offsets are the last
 * acknowledged commit (or the one in flight) and never ahead of the log; nothing is reported
 * damaged. The next round goes on from that folder. Seeded; the seed is in every failure
 * ({@code -Dpowerloss.seed=<seed>} reruns one).
 */
class PowerLossTest {

    private static final int ROUNDS = 1_000;
    private static final int MAX_OPS_PER_ROUND = 160;
    private static final int ROUNDS_PER_LOG = 5;
    private static final String GROUP = "g";
    private static final LogConfig CONFIG = LogConfig.DEFAULT.withSegmentBytes(2048).withIndexIntervalBytes(256);

    @TempDir
    Path temp;

    /** What the log promised: acknowledged records and topics, and the group's commits. Test thread only. */
    private static final class Promises {
        final Map<String, Integer> topics = new LinkedHashMap<>();
        final Map<TopicPartition, TreeMap<Long, ProducerRecord>> acked = new HashMap<>();
        /** Records a reader saw after a recovery: they must stay, at their offsets. */
        final Map<TopicPartition, TreeMap<Long, ProducerRecord>> seen = new HashMap<>();
        final Map<TopicPartition, Long> committed = new HashMap<>();
        Map<TopicPartition, Long> commitInFlight = Map.of();
        int records;

        List<TopicPartition> partitions() {
            List<TopicPartition> all = new ArrayList<>();
            topics.forEach((t, n) -> {
                for (int p = 0; p < n; p++) {
                    all.add(new TopicPartition(t, p));
                }
            });
            return all;
        }
    }

    @Test
    void powerCutsAtRandomOperations_loseNoAcknowledgedRecordAndReuseNoOffset() throws IOException {
        long seed = Long.getLong("powerloss.seed", System.nanoTime());
        Random random = new Random(seed);
        Promises promises = new Promises();
        Map<String, Integer> cutsByKind = new TreeMap<>();
        int acknowledged = 0;
        Path base = memoryBackedTemp();
        Path dir = base.resolve("log-0");
        try {
        for (int round = 0; round < ROUNDS; round++) {
            if (round % ROUNDS_PER_LOG == 0) {                 // a fresh log now and then keeps each round small
                if (round > 0) {
                    deleteTree(dir);
                }
                acknowledged += promises.records;
                promises = new Promises();
                dir = base.resolve("log-" + round);
                Files.createDirectories(dir);
            }
            PowerLossDisk disk = new PowerLossDisk(dir, random.nextLong(1, MAX_OPS_PER_ROUND), random);
            try {
                FsyncPolicy policy = random.nextInt(10) < 7 ? FsyncPolicy.always() : FsyncPolicy.os();
                runUntilTheCut(dir, disk, policy, round, random, promises);
                cutsByKind.merge(kind(disk.cutDuring()), 1, Integer::sum);
                Path image = base.resolve("log-" + round + "-image");
                disk.writeImage(image);
                deleteTree(dir);
                dir = image;
                verify(dir, round % 2 == 1, promises);
            } catch (AssertionError | RuntimeException | IOException e) {
                throw new AssertionError("seed " + seed + ", round " + round + ", power cut during " + disk.cutDuring()
                        + ": " + e.getMessage(), e);
            }
        }
        } finally {
            if (!base.equals(temp)) {
                deleteTree(base);
            }
        }
        acknowledged += promises.records;
        System.out.println("PowerLossTest: seed " + seed + ", " + ROUNDS + " power cuts, " + acknowledged
                + " acknowledged records; cuts by operation: " + cutsByKind);
        for (String kind : List.of("segment write", "segment fsync", "segment create", "index", "offsets commit", "topics",
                "recovery point", "folder fsync")) {
            assertTrue(cutsByKind.keySet().stream().anyMatch(k -> k.startsWith(kind)), "seed " + seed + ": no power cut during "
                    + kind + ": " + cutsByKind);
        }
    }

    /**
     * A folder in {@code /dev/shm} when there is one: the model never fsyncs, but a busy disk's
     * metadata operations (thousands of small files created and deleted) would still dominate.
     */
    private Path memoryBackedTemp() throws IOException {
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "powerloss-") : temp;
    }

    /** Opens the log on {@code disk} and works it, keeping {@code promises}, until the power fails. */
    private static void runUntilTheCut(Path dir, PowerLossDisk disk, FsyncPolicy policy, int round, Random random,
                                       Promises promises) {
        LogConfig config = CONFIG.withFiles(disk).withFsync(policy);
        boolean ackMeansDurable = policy instanceof FsyncPolicy.Always;
        EventLog log = null;
        int n = 0;
        try {
            log = EventLogs.embedded(dir, config);
            while (!disk.isCut()) {
                int action = random.nextInt(100);
                if (promises.topics.isEmpty() || action < 6) {
                    String topic = "t" + promises.topics.size();
                    int partitions = random.nextInt(1, 3);
                    log.createTopic(topic, partitions);
                    promises.topics.put(topic, partitions);
                } else if (action < 80) {
                    List<TopicPartition> all = promises.partitions();
                    TopicPartition tp = all.get(random.nextInt(all.size()));
                    int count = random.nextInt(1, 6);
                    List<ProducerRecord> records = new ArrayList<>();
                    List<CompletableFuture<RecordMetadata>> acks = new ArrayList<>();
                    for (int i = 0; i < count; i++) {
                        ProducerRecord r = Payloads.record(tp, "r" + round + "-" + n++, random.nextInt(10, 400));
                        records.add(r);
                        acks.add(log.producer().appendAsync(r));
                    }
                    for (int i = 0; i < count; i++) {
                        try {
                            RecordMetadata md = acks.get(i).join();
                            if (ackMeansDurable) {            // under os() an acknowledgement promises nothing against power loss
                                promises.acked.computeIfAbsent(tp, k -> new TreeMap<>()).put(md.offset(), records.get(i));
                                promises.records++;
                            }
                        } catch (CompletionException failed) {
                            // not acknowledged: may or may not be there after the cut
                        }
                    }
                } else if (action < 92) {
                    commitSomething(log, random, promises);
                } else {
                    log.close();
                    log = EventLogs.embedded(dir, config);
                }
            }
        } catch (LogException expectedAfterTheCut) {
            if (!disk.isCut()) {
                throw expectedAfterTheCut;
            }
        } finally {
            if (log != null) {
                try {
                    log.close();
                } catch (LogException afterTheCut) {
                    // the marker cannot be written without power
                }
            }
        }
    }

    /** Reads a little of one partition as the group and commits its position; a commit that returned is a promise. */
    private static void commitSomething(EventLog log, Random random, Promises promises) {
        List<TopicPartition> all = promises.partitions();
        TopicPartition tp = all.get(random.nextInt(all.size()));
        try (LogConsumer consumer = log.consumer(GROUP, StartPosition.EARLIEST)) {
            consumer.assign(Set.of(tp));
            long end = log.endOffset(tp);
            long position = consumer.position(tp);
            long target = position >= end ? end : random.nextLong(position, end + 1);
            consumer.seek(tp, target);
            promises.commitInFlight = Map.of(tp, target);
            consumer.commit(Map.of(tp, target));
            promises.committed.put(tp, target);
            promises.commitInFlight = Map.of();
        }
    }

    /**
     * Opens the image (or a copy, so that the next round's open recovers it itself and may be cut
     * while it does) on a disk that never fails, and checks every promise.
     */
    private static void verify(Path image, boolean onACopy, Promises promises) throws IOException {
        Path copy = image;
        if (onACopy) {
            copy = image.resolveSibling(image.getFileName() + "-check");
            copyTree(image, copy);
        }
        try (EventLog log = EventLogs.embedded(copy, CONFIG.withFiles(new PowerLossDisk(copy, Long.MAX_VALUE, new Random(0))))) {
            List<RecoveryFinding> findings = ((EmbeddedLog) log).recoveryFindings();
            for (RecoveryFinding f : findings) {
                assertEquals(RecoveryFinding.Action.TRUNCATED, f.action(), "recovery found damage a power cut cannot make: " + f);
            }
            promises.topics.forEach((topic, n) -> assertEquals(n, log.partitions(topic), "partitions of acknowledged topic " + topic));
            try (LogConsumer group = log.consumer(GROUP, StartPosition.EARLIEST)) {
                group.assign(promises.partitions());
                for (TopicPartition tp : promises.partitions()) {
                    verifyPartition(log, tp, promises);
                    long committed = group.committed(tp).orElse(0);
                    Long inFlight = promises.commitInFlight.get(tp);
                    long promised = promises.committed.getOrDefault(tp, 0L);
                    assertTrue(committed == promised || (inFlight != null && committed == inFlight), tp + ": committed offset "
                            + committed + ", but the last acknowledged commit was " + promised + " (in flight: " + inFlight + ")");
                    assertTrue(committed <= log.endOffset(tp), tp + ": committed offset " + committed + " is ahead of the log's end "
                            + log.endOffset(tp));
                }
                promises.commitInFlight = Map.of();
                promises.committed.clear();
                for (TopicPartition tp : promises.partitions()) {
                    group.committed(tp).ifPresent(c -> promises.committed.put(tp, c));
                }
            }
        }
        if (onACopy) {
            deleteTree(copy);
        }
    }

    /** Reads the whole partition: acknowledged and earlier-seen records in place, the end past them all, nothing damaged. */
    private static void verifyPartition(EventLog log, TopicPartition tp, Promises promises) {
        TreeMap<Long, ProducerRecord> acked = promises.acked.getOrDefault(tp, new TreeMap<>());
        TreeMap<Long, ProducerRecord> seen = promises.seen.computeIfAbsent(tp, k -> new TreeMap<>());
        long end = log.endOffset(tp);
        long highest = Math.max(acked.isEmpty() ? -1 : acked.lastKey(), seen.isEmpty() ? -1 : seen.lastKey());
        assertTrue(end > highest, tp + ": end offset " + end + " would hand out offset " + highest + " again");
        assertEquals(0, log.beginningOffset(tp), tp + ": beginning offset");
        Logs.PastDamage read = Logs.readPastDamage(log, tp, 0);
        assertEquals(List.of(), read.reports(), tp + ": damage reported after a power cut");
        Map<Long, ConsumerRecord> byOffset = new HashMap<>();
        for (ConsumerRecord r : read.records()) {
            byOffset.put(r.offset(), r);
        }
        assertEquals(end, read.records().size(), tp + ": records from 0 to the end offset");
        acked.forEach((offset, record) -> assertRecord(tp, offset, record, byOffset.get(offset), "acknowledged"));
        seen.forEach((offset, record) -> assertRecord(tp, offset, record, byOffset.get(offset), "seen after an earlier recovery"));
        for (ConsumerRecord r : read.records()) {
            seen.putIfAbsent(r.offset(), ProducerRecord.of(tp, r.key(), r.value()).withHeaders(r.headers()));
        }
    }

    private static void assertRecord(TopicPartition tp, long offset, ProducerRecord expected, ConsumerRecord actual, String what) {
        if (actual == null) {
            fail(tp + ": the " + what + " record at offset " + offset + " (key " + Payloads.keyOf(expected.key()) + ") is gone");
        }
        assertArrayEquals(expected.key(), actual.key(), tp + ": key of the " + what + " record at offset " + offset);
        assertArrayEquals(expected.value(), actual.value(), tp + ": value of the " + what + " record at offset " + offset);
    }

    /** Which kind of operation the power failed in, for the coverage summary. */
    private static String kind(String op) {
        if (op == null) {
            return "none";
        }
        String file = op.substring(op.indexOf(' ') + 1);
        String verb = op.substring(0, op.indexOf(' '));
        if (file.endsWith(".log")) {
            return verb.equals("open") ? "segment create" : "segment " + verb;
        }
        if (file.endsWith(".index")) {
            return "index " + verb;
        }
        if (file.startsWith("consumer-offsets/")) {
            return "offsets commit";
        }
        if (file.startsWith("topics")) {
            return "topics " + verb;
        }
        if (file.contains("recovery-point")) {
            return "recovery point " + verb;
        }
        if (file.contains("clean-shutdown")) {
            return "marker " + verb;
        }
        return "folder " + verb;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
