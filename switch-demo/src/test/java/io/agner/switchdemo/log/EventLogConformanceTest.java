package io.agner.switchdemo.log;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The semantics every {@link EventLog} backend shares, run once per backend by a thin subclass
 * ({@code EmbeddedConformanceTest}, {@code KafkaConformanceTest}). A subclass says how to open
 * the log under test; each test gets its own topic and group names, so backends may share one
 * server among the tests of a class.
 *
 * <p>Polls that expect records wait up to {@link #WAIT} for them: a guard against hangs, not a
 * timing assumption (the Kafka backend fetches over the network; the embedded one returns at once).
 */
public abstract class EventLogConformanceTest {

    protected static final Duration WAIT = Duration.ofSeconds(20);
    private static final AtomicInteger NAMES = new AtomicInteger();

    /** This test's topic; create it with the partition count the test needs. */
    protected String topic;
    /** This test's consumer group. */
    protected String group;

    /**
     * Opens the log under test: the same log (same folder, same cluster) on every call within one
     * test, so closing and opening again is a restart of the client, or of the embedded log.
     */
    protected abstract EventLog open();

    @BeforeEach
    void names(TestInfo test) {
        String method = test.getTestMethod().orElseThrow().getName().replaceAll("[^a-zA-Z0-9]", "");
        int n = NAMES.incrementAndGet();
        topic = "t" + n + "-" + method.substring(0, Math.min(40, method.length()));
        group = "g" + n;
    }

    protected static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    protected static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** Polls until {@code expected} records arrived (or nothing more comes within {@link #WAIT}). */
    protected static List<ConsumerRecord> drain(LogConsumer c, int expected) {
        List<ConsumerRecord> all = new ArrayList<>();
        while (all.size() < expected) {
            List<ConsumerRecord> got = c.poll(expected - all.size(), WAIT);
            if (got.isEmpty()) {
                break;
            }
            all.addAll(got);
        }
        return all;
    }

    private TopicPartition tp(int partition) {
        return new TopicPartition(topic, partition);
    }

    private void appendValues(EventLog log, TopicPartition tp, String prefix, int count) {
        Producer producer = log.producer();
        for (int i = 0; i < count; i++) {
            assertEquals(i, producer.append(ProducerRecord.of(tp, null, bytes(prefix + i))).offset());
        }
    }

    // ---- append and poll ----

    @Test
    void append_thenPoll_roundTripsKeysValuesNullsHeadersAndTimestamps() {
        try (EventLog log = open()) {
            log.createTopic(topic, 1);
            Producer producer = log.producer();
            int n = 40;
            for (int i = 0; i < n; i++) {
                ProducerRecord r = new ProducerRecord(topic, 0, i % 7 == 0 ? null : bytes("k" + i),
                        i % 11 == 0 ? null : bytes("value-" + i + "x".repeat(i)), 1_700_000_000_000L + i,
                        i % 5 == 0 ? List.of() : List.of(Header.of("seq", Integer.toString(i)), Header.of("seq", "again"),
                                new Header("empty", new byte[0])));
                RecordMetadata m = producer.append(r);
                assertEquals(tp(0), m.topicPartition());
                assertEquals(i, m.offset());
                assertEquals(1_700_000_000_000L + i, m.timestamp());
            }
            long before = System.currentTimeMillis();
            RecordMetadata stamped = producer.append(ProducerRecord.of(tp(0), bytes("now"), new byte[0]));
            long after = System.currentTimeMillis();
            assertTrue(stamped.timestamp() >= before - 1000 && stamped.timestamp() <= after + 1000,
                    "NOW is stamped with the current time: " + stamped.timestamp() + " not near [" + before + ", " + after + "]");

            try (LogConsumer c = log.consumer(group, StartPosition.EARLIEST)) {
                c.assign(List.of(tp(0)));
                List<ConsumerRecord> all = drain(c, n + 1);
                assertEquals(n + 1, all.size());
                for (int i = 0; i < n; i++) {
                    ConsumerRecord r = all.get(i);
                    assertEquals(tp(0), r.topicPartition());
                    assertEquals(i, r.offset());
                    assertEquals(1_700_000_000_000L + i, r.timestamp());
                    assertEquals(i % 7 == 0 ? null : "k" + i, text(r.key()));
                    assertEquals(i % 11 == 0 ? null : "value-" + i + "x".repeat(i), text(r.value()));
                    if (i % 5 == 0) {
                        assertEquals(List.of(), r.headers());
                    } else {
                        assertEquals(List.of(Header.of("seq", Integer.toString(i)), Header.of("seq", "again"),
                                new Header("empty", new byte[0])), r.headers());
                        assertEquals("again", r.header("seq").orElseThrow().valueAsString(), "the last header wins");
                    }
                }
                ConsumerRecord last = all.get(n);
                assertEquals(stamped.timestamp(), last.timestamp());
                assertArrayEquals(new byte[0], last.value(), "an empty value stays empty, not null");
            }
        }
    }

    @Test
    void appendAsync_completesWithTheOffset() {
        try (EventLog log = open()) {
            log.createTopic(topic, 1);
            List<CompletableFuture<RecordMetadata>> acks = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                acks.add(log.producer().appendAsync(ProducerRecord.of(tp(0), null, bytes("a" + i))));
            }
            for (int i = 0; i < 20; i++) {
                assertEquals(i, acks.get(i).join().offset());
            }
            assertEquals(20, log.endOffset(tp(0)));
        }
    }

    @Test
    void offsets_areDensePerPartition_fromZero() {
        try (EventLog log = open()) {
            log.createTopic(topic, 3);
            Producer producer = log.producer();
            for (int i = 0; i < 30; i++) {
                int p = i % 3;
                assertEquals(i / 3, producer.append(ProducerRecord.of(tp(p), null, bytes(p + ":" + i / 3))).offset());
            }
            for (int p = 0; p < 3; p++) {
                assertEquals(0, log.beginningOffset(tp(p)));
                assertEquals(10, log.endOffset(tp(p)));
            }
            try (LogConsumer c = log.consumer(group, StartPosition.EARLIEST)) {
                c.assign(List.of(tp(0), tp(1), tp(2)));
                Map<Integer, Long> next = new HashMap<>();
                for (ConsumerRecord r : drain(c, 30)) {
                    int p = r.topicPartition().partition();
                    long expected = next.getOrDefault(p, 0L);
                    assertEquals(expected, r.offset(), "dense offsets in " + r.topicPartition());
                    assertEquals(p + ":" + expected, text(r.value()));
                    next.put(p, expected + 1);
                }
                assertEquals(Map.of(0, 10L, 1, 10L, 2, 10L), next);
            }
        }
    }

    @Test
    void concurrentProducers_keepEachProducersOrderWithinAPartition() throws Exception {
        int producers = 4;
        int each = 250;
        try (EventLog log = open(); ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            log.createTopic(topic, 2);
            List<Future<?>> done = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int id = p;
                done.add(pool.submit(() -> {
                    Producer producer = log.producer();
                    List<CompletableFuture<RecordMetadata>> acks = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        acks.add(producer.appendAsync(ProducerRecord.of(tp(id % 2), bytes("p" + id), bytes(Integer.toString(i)))));
                    }
                    long last = -1;
                    for (CompletableFuture<RecordMetadata> ack : acks) {
                        long offset = ack.join().offset();
                        assertTrue(offset > last, "one producer's acknowledged offsets rise in its order");
                        last = offset;
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            try (LogConsumer c = log.consumer(group, StartPosition.EARLIEST)) {
                c.assign(List.of(tp(0), tp(1)));
                List<ConsumerRecord> all = drain(c, producers * each);
                assertEquals(producers * each, all.size());
                Map<String, Integer> next = new HashMap<>();
                Map<Integer, Long> offsets = new HashMap<>();
                for (ConsumerRecord r : all) {
                    int p = r.topicPartition().partition();
                    assertEquals(offsets.getOrDefault(p, 0L), r.offset(), "dense offsets in " + r.topicPartition());
                    offsets.put(p, r.offset() + 1);
                    String producer = text(r.key());
                    int seq = Integer.parseInt(text(r.value()));
                    assertEquals(next.getOrDefault(producer, 0), seq, "order of " + producer);
                    next.put(producer, seq + 1);
                }
            }
        }
    }

    @Test
    void keyedRecords_landInOnePartitionPerKey() {
        try (EventLog log = open()) {
            log.createTopic(topic, 4);
            Map<String, Integer> partitionOf = new HashMap<>();
            for (int i = 0; i < 60; i++) {
                String key = "line-" + (i % 10);
                int p = log.producer().append(ProducerRecord.of(topic, bytes(key), bytes("e" + i))).topicPartition().partition();
                assertEquals(partitionOf.computeIfAbsent(key, k -> p), p, key);
            }
        }
    }

    @Test
    void poll_returnsAtMostItsMaximum_andLosesNothingBetweenPolls() {
        try (EventLog log = open()) {
            log.createTopic(topic, 1);
            appendValues(log, tp(0), "r", 100);
            try (LogConsumer c = log.consumer(group, StartPosition.EARLIEST)) {
                c.assign(List.of(tp(0)));
                List<ConsumerRecord> all = new ArrayList<>();
                while (all.size() < 100) {
                    List<ConsumerRecord> got = c.poll(7, WAIT);
                    assertTrue(!got.isEmpty() && got.size() <= 7, "a poll returns 1..7 records, got " + got.size());
                    all.addAll(got);
                    assertEquals(all.size(), c.position(tp(0)), "the position follows what was returned");
                    if (all.size() == 21) {
                        c.commit();
                    }
                }
                for (int i = 0; i < 100; i++) {
                    assertEquals(i, all.get(i).offset());
                }
                assertEquals(21, c.committed(tp(0)).orElseThrow(), "a commit names what was returned, not what was fetched");
            }
        }
    }

    // ---- groups and commits ----

    @Test
    void commit_thenANewConsumerInTheGroup_resumesRightAfterTheCommit() {
        try (EventLog log = open()) {
            log.createTopic(topic, 1);
            appendValues(log, tp(0), "r", 50);
            try (LogConsumer c = log.consumer(group, StartPosition.EARLIEST)) {
                c.assign(List.of(tp(0)));
                assertTrue(c.committed(tp(0)).isEmpty(), "nothing committed yet");
                assertEquals(20, drain(c, 20).size());
                c.commit();
                assertEquals(20, c.committed(tp(0)).orElseThrow());
                assertEquals(5, drain(c, 5).size());                    // read, not committed
            }
            try (LogConsumer c = log.consumer(group, StartPosition.LATEST)) {
                c.assign(List.of(tp(0)));
                assertEquals(20, c.position(tp(0)));
                assertEquals("r20", text(c.poll(1, WAIT).getFirst().value()));
            }
            try (LogConsumer other = log.consumer(group + "-other", StartPosition.EARLIEST)) {
                other.assign(List.of(tp(0)));
                assertEquals(0, other.position(tp(0)), "another group starts at its reset position");
            }
            try (LogConsumer latest = log.consumer(group + "-latest", StartPosition.LATEST)) {
                latest.assign(List.of(tp(0)));
                assertEquals(50, latest.position(tp(0)), "LATEST starts at the end");
            }
        }
    }

    @Test
    void commitOfExplicitOffsets_isWhatTheGroupResumesFrom() {
        try (EventLog log = open()) {
            log.createTopic(topic, 2);
            appendValues(log, tp(0), "a", 10);
            appendValues(log, tp(1), "b", 10);
            try (LogConsumer c = log.consumer(group, StartPosition.EARLIEST)) {
                c.assign(List.of(tp(0), tp(1)));
                c.commit(Map.of(tp(0), 3L, tp(1), 7L));
                assertEquals(3, c.committed(tp(0)).orElseThrow());
                assertEquals(7, c.committed(tp(1)).orElseThrow());
                assertThrows(IllegalArgumentException.class, () -> c.commit(Map.of(tp(0), -1L)));
            }
            try (LogConsumer c = log.consumer(group, StartPosition.EARLIEST)) {
                c.assign(List.of(tp(1), tp(0)));
                assertEquals(3, c.position(tp(0)));
                assertEquals(7, c.position(tp(1)));
            }
        }
    }

    @Test
    void subscribe_reportsTheAssignment_andANewMemberResumesRightAfterTheCommit() {
        try (EventLog log = open()) {
            log.createTopic(topic, 2);
            appendValues(log, tp(0), "a", 10);
            appendValues(log, tp(1), "b", 10);
            List<TopicPartition> assigned = new CopyOnWriteArrayList<>();
            try (LogConsumer c = log.consumer(group, StartPosition.EARLIEST)) {
                c.subscribe(List.of(topic), new RebalanceListener() {
                    @Override
                    public void onAssigned(Collection<TopicPartition> partitions) {
                        assigned.addAll(partitions);
                    }
                });
                List<ConsumerRecord> all = drain(c, 20);
                assertEquals(20, all.size());
                assertEquals(Set.of(tp(0), tp(1)), Set.copyOf(assigned), "the listener heard of both partitions");
                assertEquals(Set.of(tp(0), tp(1)), c.assignment());
                c.commit(Map.of(tp(0), 4L, tp(1), 6L));
            }
            try (LogConsumer c = log.consumer(group, StartPosition.LATEST)) {
                c.subscribe(List.of(topic));
                List<ConsumerRecord> rest = drain(c, 10);
                assertEquals(10, rest.size());
                assertEquals(4, rest.stream().filter(r -> r.topicPartition().equals(tp(0))).findFirst().orElseThrow().offset());
                assertEquals(6, rest.stream().filter(r -> r.topicPartition().equals(tp(1))).findFirst().orElseThrow().offset());
            }
        }
    }

    @Test
    void reopen_resumesFromTheCommit_andContinuesTheOffsets() {
        try (EventLog log = open()) {
            log.createTopic(topic, 1);
            appendValues(log, tp(0), "r", 30);
            try (LogConsumer c = log.consumer(group, StartPosition.EARLIEST)) {
                c.assign(List.of(tp(0)));
                assertEquals(12, drain(c, 12).size());
                c.commit();
                drain(c, 3);
            }
        }
        try (EventLog log = open()) {
            assertEquals(1, log.partitions(topic));
            assertEquals(30, log.endOffset(tp(0)));
            assertEquals(30, log.producer().append(ProducerRecord.of(tp(0), null, bytes("after"))).offset());
            try (LogConsumer c = log.consumer(group, StartPosition.LATEST)) {
                c.assign(List.of(tp(0)));
                assertEquals(12, c.committed(tp(0)).orElseThrow());
                List<ConsumerRecord> rest = drain(c, 19);
                assertEquals(19, rest.size());
                assertEquals("r12", text(rest.getFirst().value()));
                assertEquals("after", text(rest.getLast().value()));
            }
        }
    }

    // ---- positions ----

    @Test
    void seek_seekToBeginning_andSeekToEnd_moveTheReader() {
        try (EventLog log = open()) {
            log.createTopic(topic, 1);
            appendValues(log, tp(0), "r", 30);
            try (LogConsumer c = log.consumer(group, StartPosition.LATEST)) {
                c.assign(List.of(tp(0)));
                assertEquals(30, c.position(tp(0)));
                c.seek(tp(0), 17);
                assertEquals(17, c.position(tp(0)));
                assertEquals(17, c.poll(1, WAIT).getFirst().offset());
                c.seekToBeginning(List.of(tp(0)));
                assertEquals(0, c.poll(1, WAIT).getFirst().offset());
                c.seekToEnd(List.of(tp(0)));
                assertEquals(30, c.position(tp(0)));
                assertEquals(List.of(), c.poll(10, Duration.ofMillis(50)));
                assertThrows(IllegalArgumentException.class, () -> c.seek(tp(0), -1));
                assertThrows(IllegalStateException.class, () -> c.seek(new TopicPartition(topic + "-elsewhere", 0), 0));
            }
        }
    }

    @Test
    void seek_afterAPartialPoll_discardsWhatWasFetchedBeyondIt() {
        try (EventLog log = open()) {
            log.createTopic(topic, 1);
            appendValues(log, tp(0), "r", 40);
            try (LogConsumer c = log.consumer(group, StartPosition.EARLIEST)) {
                c.assign(List.of(tp(0)));
                assertEquals(0, c.poll(5, WAIT).getFirst().offset());
                c.seek(tp(0), 2);
                List<ConsumerRecord> again = drain(c, 38);
                assertEquals(38, again.size());
                assertEquals(2, again.getFirst().offset());
                assertEquals(39, again.getLast().offset());
            }
        }
    }

    // ---- waiting ----

    @Test
    void poll_waitsForARecordAppendedLater() throws Exception {
        try (EventLog log = open()) {
            log.createTopic(topic, 1);
            try (LogConsumer c = log.consumer(group, StartPosition.LATEST)) {
                c.assign(List.of(tp(0)));
                assertEquals(0, c.position(tp(0)));
                CompletableFuture<List<ConsumerRecord>> polled = new CompletableFuture<>();
                Thread.ofPlatform().start(() -> polled.complete(c.poll(10, WAIT)));
                log.producer().append(ProducerRecord.of(tp(0), null, bytes("hello")));
                List<ConsumerRecord> got = polled.get(WAIT.toSeconds() + 5, TimeUnit.SECONDS);
                assertEquals(List.of("hello"), got.stream().map(r -> text(r.value())).toList());
            }
        }
    }

    @Test
    void wakeup_endsABlockedPollWithNothing_andTheNextPollWorks() throws Exception {
        try (EventLog log = open()) {
            log.createTopic(topic, 1);
            try (LogConsumer c = log.consumer(group, StartPosition.LATEST)) {
                c.assign(List.of(tp(0)));
                assertEquals(0, c.position(tp(0)));
                CountDownLatch polling = new CountDownLatch(1);
                CompletableFuture<List<ConsumerRecord>> polled = new CompletableFuture<>();
                Thread.ofPlatform().start(() -> {
                    polling.countDown();
                    polled.complete(c.poll(10, Duration.ofMinutes(5)));
                });
                polling.await();
                long start = System.nanoTime();
                c.wakeup();                        // the blocked poll, or the poll about to start, returns empty
                assertEquals(List.of(), polled.get(WAIT.toSeconds(), TimeUnit.SECONDS));
                assertTrue(System.nanoTime() - start < WAIT.toNanos(), "woken, not timed out");

                log.producer().append(ProducerRecord.of(tp(0), null, bytes("after wakeup")));
                assertEquals("after wakeup", text(c.poll(1, WAIT).getFirst().value()));
            }
        }
    }

    @Test
    void interruptedPoll_failsWithALogException_andTheLogKeepsWorking() throws Exception {
        try (EventLog log = open()) {
            log.createTopic(topic, 1);
            log.producer().append(ProducerRecord.of(tp(0), null, bytes("one")));
            CompletableFuture<Throwable> failed = new CompletableFuture<>();
            Thread.ofPlatform().start(() -> {
                try (LogConsumer c = log.consumer(group, StartPosition.EARLIEST)) {
                    c.assign(List.of(tp(0)));
                    Thread.currentThread().interrupt();
                    failed.complete(assertThrows(LogException.class, () -> c.poll(1, WAIT)));
                    Thread.interrupted();
                } catch (Throwable t) {
                    failed.completeExceptionally(t);
                }
            });
            assertTrue(failed.get(WAIT.toSeconds(), TimeUnit.SECONDS).getMessage().contains("nterrupt"),
                    failed.get().getMessage());
            assertEquals(1, log.producer().append(ProducerRecord.of(tp(0), null, bytes("two"))).offset());
        }
    }

    // ---- topics and lifecycle ----

    @Test
    void createTopic_isIdempotent_andRefusesAnotherPartitionCount() {
        try (EventLog log = open()) {
            log.createTopic(topic, 2);
            log.createTopic(topic, 2);
            assertEquals(2, log.partitions(topic));
            LogException e = assertThrows(LogException.class, () -> log.createTopic(topic, 3));
            assertTrue(e.getMessage().contains("2 partitions") && e.getMessage().contains("3"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> log.createTopic(topic + "x", 0));
            assertThrows(IllegalArgumentException.class, () -> log.createTopic("bad/name", 1));
        }
    }

    @Test
    void partitions_ofAnUnknownTopic_isRefused() {
        try (EventLog log = open()) {
            LogException e = assertThrows(LogException.class, () -> log.partitions(topic));
            assertTrue(e.getMessage().contains("no topic '" + topic + "'"), e.getMessage());
        }
    }

    @Test
    void useAfterClose_failsWithAClearError() {
        EventLog log = open();
        log.createTopic(topic, 1);
        Producer producer = log.producer();
        log.close();
        log.close();
        LogException e = assertThrows(LogException.class, () -> producer.append(ProducerRecord.of(tp(0), null, bytes("late"))));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }
}
