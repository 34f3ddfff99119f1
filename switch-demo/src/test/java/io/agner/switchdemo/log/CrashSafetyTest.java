package io.agner.switchdemo.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.agner.switchdemo.log.backend.EventLogs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM that appends under {@code FsyncPolicy.always()} at random moments, and checks
 * after each kill that recovery kept every acknowledged record, intact and in order, and made
 * nothing else half-visible. The seed is printed in every failure; rerun one with
 * {@code -Dcrash.seed=<seed>}.
 *
 * <p>Rounds append to the same folder. After a kill the test reopens the folder itself on even
 * rounds (so the next child opens a cleanly closed log), and a {@link LogFiles#crashImage copy}
 * of it on odd rounds (so the next child runs recovery itself, and may be killed during it).
 */
class CrashSafetyTest {

    private static final int ROUNDS = 24;
    private static final int THREADS = 4;
    private static final List<TopicPartition> PARTITIONS = List.of(
            new TopicPartition(CrashingAppender.TOPIC, 0), new TopicPartition(CrashingAppender.TOPIC, 1));

    @TempDir
    Path temp;

    /** Acknowledgements one round's child printed before it died. */
    private record Acks(Map<Integer, Long> lastSeqByThread, Map<TopicPartition, Map<Long, String>> keyByOffset, int count) {

        static Acks parse(int round, List<String> lines) {
            Map<Integer, Long> lastSeq = new HashMap<>();
            Map<TopicPartition, Map<Long, String>> keys = new HashMap<>();
            int count = 0;
            for (String line : lines) {
                if (line.startsWith("error")) {
                    fail("the child failed: " + line);
                }
                if (!line.startsWith("ack ")) {
                    continue;
                }
                String[] f = line.split(" ");
                int thread = Integer.parseInt(f[1]);
                long seq = Long.parseLong(f[2]);
                TopicPartition tp = PARTITIONS.get(Integer.parseInt(f[3]));
                Long previous = lastSeq.put(thread, seq);
                assertEquals(previous == null ? 0 : previous + 1, seq, "thread " + thread + " acked out of order: " + line);
                keys.computeIfAbsent(tp, k -> new HashMap<>()).put(Long.parseLong(f[4]), CrashingAppender.key(round, thread, seq));
                count++;
            }
            return new Acks(lastSeq, keys, count);
        }

        long lastSeq(int thread) {
            return lastSeqByThread.getOrDefault(thread, -1L);
        }
    }

    @Test
    void sigkillWhileAppending_keepsEveryAcknowledgedRecordAndNoTornOne() throws IOException {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        Random random = new Random(seed);
        Path dir = temp.resolve("log");
        Map<TopicPartition, List<String>> survived = new HashMap<>();
        PARTITIONS.forEach(tp -> survived.put(tp, List.of()));
        int totalAcks = 0;
        for (int round = 0; round < ROUNDS; round++) {
            int target = random.nextInt(5) == 0 ? random.nextInt(0, 30) : random.nextInt(50, 2001);
            String context = "seed " + seed + ", round " + round + ", killed after " + target + " acks";
            Acks acks;
            try (ChildJvm child = ChildJvm.start(CrashingAppender.class, temp.resolve("stderr-" + round + ".txt"),
                    dir.toString(), Integer.toString(round), Integer.toString(THREADS))) {
                if (target == 0) {
                    child.awaitLines("opening"::equals, 1);
                } else {
                    child.awaitLines(line -> line.startsWith("ack "), target);
                }
                acks = Acks.parse(round, child.kill());
            }
            totalAcks += acks.count();
            boolean inPlace = round % 2 == 0;
            Path checked = inPlace ? dir : LogFiles.crashImage(dir, temp.resolve("image-" + round));
            try {
                verify(checked, round, acks, survived, random);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(context + " (" + acks.count() + " acks read; checked "
                        + (inPlace ? "in place" : "on a copy") + "): " + e.getMessage(), e);
            }
            if (!inPlace) {
                deleteTree(checked);
            }
        }
        int segments = LogFiles.segments(dir, PARTITIONS.getFirst()).size();
        assertTrue(segments > 2, "seed " + seed + ": " + totalAcks + " acknowledgements in " + ROUNDS
                + " rounds rolled " + PARTITIONS.getFirst() + " only to " + segments + " segments");
    }

    /**
     * Opens {@code dir} (recovery runs), checks every partition against the acks and what survived
     * earlier rounds, closes it, and checks its files.
     */
    private static void verify(Path dir, int round, Acks acks, Map<TopicPartition, List<String>> survived, Random random) {
        try (EventLog log = EventLogs.embedded(dir, CrashingAppender.CONFIG)) {
            log.createTopic(CrashingAppender.TOPIC, PARTITIONS.size()); // the child may have died before it did
            Map<String, Long> seqsSeen = new HashMap<>();
            for (TopicPartition tp : PARTITIONS) {
                List<ConsumerRecord> records = Logs.readAll(log, tp);
                List<String> keys = new ArrayList<>();
                for (int i = 0; i < records.size(); i++) {
                    ConsumerRecord record = records.get(i);
                    String key = Payloads.keyOf(record.key());
                    keys.add(key);
                    assertEquals(i, record.offset(), tp + ": offsets are not dense from 0");
                    Logs.assertSame(Payloads.record(tp, key), i, record);
                    String[] f = key.split("-");
                    String writer = f[0] + "-" + f[1];
                    long seq = Long.parseLong(f[2]);
                    Long previous = seqsSeen.put(writer, seq);
                    assertEquals(previous == null ? 0 : previous + 1, seq, tp + "@" + i + ": " + writer + " out of order");
                }
                assertEquals(records.size(), log.endOffset(tp), tp + ": end offset");
                List<String> before = survived.get(tp);
                assertTrue(keys.size() >= before.size() && keys.subList(0, before.size()).equals(before),
                        tp + ": lost records an earlier round's recovery had kept (" + before.size() + " then, " + keys.size() + " now)");
                acks.keyByOffset().getOrDefault(tp, Map.of()).forEach((offset, key) -> assertEquals(key,
                        offset < keys.size() ? keys.get(Math.toIntExact(offset)) : "<missing>",
                        tp + ": the acknowledged record at offset " + offset));
                for (int probe = 0; probe < 5 && !records.isEmpty(); probe++) {
                    int offset = random.nextInt(records.size());
                    assertEquals(keys.get(offset), Payloads.keyOf(Logs.readAt(log, tp, offset).key()), tp + ": record read by seeking to " + offset);
                }
                survived.put(tp, List.copyOf(keys));
            }
            for (int t = 0; t < THREADS; t++) {
                long present = seqsSeen.getOrDefault("r" + round + "-t" + t, -1L);
                long acked = acks.lastSeq(t);
                assertTrue(present == acked || present == acked + 1, "thread " + t + " had seq " + acked
                        + " acknowledged and one append at most in flight, but the log holds its seqs up to " + present);
            }
        }
        for (TopicPartition tp : PARTITIONS) {
            assertEquals(survived.get(tp).size(), LogFiles.assertWellFormed(dir, tp), tp + ": offset after the last batch on disk");
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
