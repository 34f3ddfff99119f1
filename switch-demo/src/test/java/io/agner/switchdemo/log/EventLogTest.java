package io.agner.switchdemo.log;

import io.agner.switchdemo.log.backend.EventLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static io.agner.testkit.Await.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventLogTest {

    static final TopicPartition T0 = new TopicPartition("events", 0);
    static final LogConfig SMALL = LogConfig.DEFAULT.withSegmentBytes(4096).withIndexIntervalBytes(256);

    @TempDir
    Path dir;

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    static List<ConsumerRecord> drain(LogConsumer c, int expected) {
        List<ConsumerRecord> all = new ArrayList<>();
        while (all.size() < expected) {
            List<ConsumerRecord> got = c.poll(500, Duration.ofSeconds(10));
            if (got.isEmpty()) {
                break;
            }
            all.addAll(got);
        }
        return all;
    }

    @Test
    void append_thenPoll_roundTripsEveryFieldAcrossSegmentRolls() throws Exception {
        try (EventLog log = EventLogs.embedded(dir, SMALL)) {
            log.createTopic("events", 1);
            for (int i = 0; i < 300; i++) {
                ProducerRecord r = new ProducerRecord("events", 0, i % 7 == 0 ? null : bytes("k" + i),
                        i % 11 == 0 ? null : bytes("value-" + i + "-" + "x".repeat(i % 50)), 1_000_000L + i,
                        List.of(Header.of("seq", Integer.toString(i))));
                RecordMetadata m = log.producer().append(r);
                assertEquals(i, m.offset());
                assertEquals(1_000_000L + i, m.timestamp());
            }
            try (Stream<Path> files = Files.list(dir.resolve("events-0"))) {
                assertTrue(files.filter(f -> f.toString().endsWith(".log")).count() > 3, "segments rolled");
            }
            LogConsumer c = log.consumer("g", StartPosition.EARLIEST);
            c.assign(List.of(T0));
            List<ConsumerRecord> all = drain(c, 300);
            assertEquals(300, all.size());
            for (int i = 0; i < 300; i++) {
                ConsumerRecord r = all.get(i);
                assertEquals(i, r.offset());
                assertEquals(1_000_000L + i, r.timestamp());
                if (i % 7 == 0) {
                    assertNull(r.key());
                } else {
                    assertEquals("k" + i, text(r.key()));
                }
                if (i % 11 == 0) {
                    assertNull(r.value());
                } else {
                    assertEquals("value-" + i + "-" + "x".repeat(i % 50), text(r.value()));
                }
                assertEquals(Integer.toString(i), r.header("seq").orElseThrow().valueAsString());
            }
            assertEquals(300, log.endOffset(T0));
            assertEquals(0, log.beginningOffset(T0));
        }
    }

    @Test
    void reopen_afterCleanClose_keepsEveryRecordAndContinuesOffsets() {
        try (EventLog log = EventLogs.embedded(dir, SMALL)) {
            log.createTopic("events", 2);
            for (int i = 0; i < 100; i++) {
                log.producer().append(ProducerRecord.of(T0, null, bytes("a" + i)));
            }
        }
        try (EventLog log = EventLogs.embedded(dir, SMALL)) {
            assertEquals(2, log.partitions("events"));
            assertEquals(100, log.endOffset(T0));
            assertEquals(100, log.producer().append(ProducerRecord.of(T0, null, bytes("b"))).offset());
            LogConsumer c = log.consumer("g", StartPosition.EARLIEST);
            c.assign(List.of(T0));
            List<ConsumerRecord> all = drain(c, 101);
            assertEquals(101, all.size());
            assertEquals("a99", text(all.get(99).value()));
            assertEquals("b", text(all.get(100).value()));
        }
    }

    @Test
    void concurrentProducers_getDenseOffsets_andKeepEachProducersOrder() throws Exception {
        int producers = 8;
        int each = 2000;
        try (EventLog log = EventLogs.embedded(dir, SMALL.withSegmentBytes(64 << 10));
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            log.createTopic("events", 1);
            List<Future<?>> done = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int id = p;
                done.add(pool.submit(() -> {
                    List<CompletableFuture<RecordMetadata>> acks = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        acks.add(log.producer().appendAsync(ProducerRecord.of(T0, bytes("p" + id), bytes(Integer.toString(i)))));
                    }
                    long last = -1;
                    for (CompletableFuture<RecordMetadata> a : acks) {
                        long off = a.join().offset();
                        assertTrue(off > last, "acks of one producer in its order");
                        last = off;
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            assertEquals((long) producers * each, log.endOffset(T0));
            LogConsumer c = log.consumer("g", StartPosition.EARLIEST);
            c.assign(List.of(T0));
            List<ConsumerRecord> all = drain(c, producers * each);
            assertEquals(producers * each, all.size());
            Map<String, Integer> next = new HashMap<>();
            for (int i = 0; i < all.size(); i++) {
                ConsumerRecord r = all.get(i);
                assertEquals(i, r.offset(), "dense offsets");
                String producer = text(r.key());
                int seq = Integer.parseInt(text(r.value()));
                assertEquals(next.getOrDefault(producer, 0), seq, "order of " + producer);
                next.put(producer, seq + 1);
            }
        }
    }

    @Test
    void poll_parksUntilARecordIsAppended() throws Exception {
        try (EventLog log = EventLogs.embedded(dir, SMALL)) {
            log.createTopic("events", 1);
            LogConsumer c = log.consumer("g", StartPosition.LATEST);
            c.assign(List.of(T0));
            CompletableFuture<List<ConsumerRecord>> polled = new CompletableFuture<>();
            Thread reader = Thread.ofPlatform().start(() -> polled.complete(c.poll(10, Duration.ofMinutes(1))));
            await().until(() -> reader.getState() == Thread.State.TIMED_WAITING);
            log.producer().append(ProducerRecord.of(T0, null, bytes("hello")));
            List<ConsumerRecord> got = polled.get();
            assertEquals(1, got.size());
            assertEquals("hello", text(got.getFirst().value()));
        }
    }

    @Test
    void wakeup_endsABlockedPollWithNothing() throws Exception {
        try (EventLog log = EventLogs.embedded(dir, SMALL)) {
            log.createTopic("events", 1);
            LogConsumer c = log.consumer("g", StartPosition.LATEST);
            c.assign(List.of(T0));
            CompletableFuture<List<ConsumerRecord>> polled = new CompletableFuture<>();
            Thread reader = Thread.ofPlatform().start(() -> polled.complete(c.poll(10, Duration.ofMinutes(1))));
            await().until(() -> reader.getState() == Thread.State.TIMED_WAITING);
            c.wakeup();
            assertEquals(List.of(), polled.get());
        }
    }

    @Test
    void committedOffsets_surviveRestart_andTheGroupResumesRightAfterTheCommit() {
        try (EventLog log = EventLogs.embedded(dir, SMALL)) {
            log.createTopic("events", 1);
            for (int i = 0; i < 50; i++) {
                log.producer().append(ProducerRecord.of(T0, null, bytes("r" + i)));
            }
            LogConsumer c = log.consumer("billing", StartPosition.EARLIEST);
            c.assign(List.of(T0));
            assertEquals(20, c.poll(20, Duration.ZERO).size());
            c.commit();
            assertEquals(20, c.committed(T0).orElseThrow());
            c.poll(5, Duration.ZERO);                      // read but not committed
        }
        try (EventLog log = EventLogs.embedded(dir, SMALL)) {
            LogConsumer c = log.consumer("billing", StartPosition.LATEST);
            c.assign(List.of(T0));
            assertEquals(20, c.position(T0));
            assertEquals("r20", text(c.poll(1, Duration.ZERO).getFirst().value()));
            LogConsumer other = log.consumer("audit", StartPosition.EARLIEST);
            other.assign(List.of(T0));
            assertEquals(0, other.position(T0), "another group starts at its reset position");
        }
    }

    @Test
    void seek_andStartPositions_moveTheReader() {
        try (EventLog log = EventLogs.embedded(dir, SMALL)) {
            log.createTopic("events", 1);
            for (int i = 0; i < 30; i++) {
                log.producer().append(ProducerRecord.of(T0, null, bytes("r" + i)));
            }
            LogConsumer latest = log.consumer("a", StartPosition.LATEST);
            latest.subscribe(List.of("events"));
            assertEquals(List.of(), latest.poll(10, Duration.ZERO));
            latest.seek(T0, 17);
            assertEquals(17, latest.poll(1, Duration.ZERO).getFirst().offset());
            latest.seekToBeginning(List.of(T0));
            assertEquals(0, latest.poll(1, Duration.ZERO).getFirst().offset());
            latest.seekToEnd(List.of(T0));
            assertEquals(30, latest.position(T0));
        }
    }

    @Test
    void retention_deletesWholeOldSegments_andALaggingReaderMovesToTheOldestKept() {
        LogConfig config = SMALL.withRetention(Retention.FOREVER.withMaxBytes(3 * 4096));
        try (EventLog log = EventLogs.embedded(dir, config)) {
            log.createTopic("events", 1);
            LogConsumer c = log.consumer("slow", StartPosition.EARLIEST);
            c.assign(List.of(T0));
            assertEquals(0, c.position(T0));
            for (int i = 0; i < 500; i++) {
                log.producer().append(ProducerRecord.of(T0, null, bytes("record-" + i + "-" + "y".repeat(40))));
            }
            long start = log.beginningOffset(T0);
            assertTrue(start > 0, "old segments deleted, start " + start);
            List<ConsumerRecord> got = c.poll(10, Duration.ZERO);
            assertEquals(start, got.getFirst().offset());
            assertEquals("record-" + start + "-" + "y".repeat(40), text(got.getFirst().value()));
        }
    }

    @Test
    void retentionByAge_appliesAfterARestart_too() {
        java.time.Instant t0 = java.time.Instant.parse("2026-01-05T00:00:00Z");
        LogConfig config = SMALL.withClock(java.time.InstantSource.fixed(t0))
                .withRetention(Retention.FOREVER.withMaxAge(Duration.ofHours(1)));
        try (EventLog log = EventLogs.embedded(dir, config)) {
            log.createTopic("events", 1);
            for (int i = 0; i < 200; i++) {
                log.producer().append(ProducerRecord.of(T0, null, bytes("old-" + i + "-" + "z".repeat(40))));
            }
            assertEquals(0, log.beginningOffset(T0), "nothing is older than an hour yet");
        }
        try (EventLog log = EventLogs.embedded(dir, config.withClock(java.time.InstantSource.fixed(t0.plus(Duration.ofHours(2)))))) {
            assertTrue(log.beginningOffset(T0) > 0, "sealed segments older than an hour are gone on reopen, start "
                    + log.beginningOffset(T0));
            assertEquals(200, log.endOffset(T0));
        }
    }

    @Test
    void appendAfterClose_failsWithAClearError() {
        EventLog log = EventLogs.embedded(dir, SMALL);
        log.createTopic("events", 1);
        log.close();
        LogException e = assertThrows(LogException.class,
                () -> log.producer().append(ProducerRecord.of(T0, null, bytes("late"))));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void createTopic_withAnotherPartitionCount_isRefused() {
        try (EventLog log = EventLogs.embedded(dir, SMALL)) {
            log.createTopic("events", 2);
            log.createTopic("events", 2);
            LogException e = assertThrows(LogException.class, () -> log.createTopic("events", 3));
            assertTrue(e.getMessage().contains("2 partitions"), e.getMessage());
            assertThrows(LogException.class, () -> log.producer().append(ProducerRecord.of("nope", null, bytes("x"))));
        }
    }

    @Test
    void keyedRecords_landInOnePartitionPerKey() {
        try (EventLog log = EventLogs.embedded(dir, SMALL)) {
            log.createTopic("lines", 4);
            Map<String, Integer> partitionOf = new HashMap<>();
            for (int i = 0; i < 200; i++) {
                String key = "line-" + (i % 10);
                int p = log.producer().append(ProducerRecord.of("lines", bytes(key), bytes("e" + i))).topicPartition().partition();
                assertEquals(partitionOf.computeIfAbsent(key, k -> p), p, key);
            }
        }
    }

    @Test
    void interruptedReader_failsItsPoll_butTheLogKeepsWorking() throws Exception {
        try (EventLog log = EventLogs.embedded(dir, SMALL)) {
            log.createTopic("events", 1);
            log.producer().append(ProducerRecord.of(T0, null, bytes("one")));
            CountDownLatch done = new CountDownLatch(1);
            Thread.ofPlatform().start(() -> {
                LogConsumer c = log.consumer("g", StartPosition.EARLIEST);
                c.assign(List.of(T0));
                Thread.currentThread().interrupt();
                assertThrows(LogException.class, () -> c.poll(1, Duration.ZERO));
                done.countDown();
            });
            done.await();
            assertEquals(1, log.producer().append(ProducerRecord.of(T0, null, bytes("two"))).offset());
            LogConsumer c = log.consumer("g2", StartPosition.EARLIEST);
            c.assign(List.of(T0));
            List<ConsumerRecord> all = drain(c, 2);
            assertEquals(2, all.size());
            assertArrayEquals(bytes("two"), all.get(1).value());
        }
    }

    @Test
    void openingAnOpenLogAgain_isRefused() {
        try (EventLog log = EventLogs.embedded(dir, SMALL)) {
            LogException e = assertThrows(LogException.class, () -> EventLogs.embedded(dir, SMALL));
            assertTrue(e.getMessage().contains("already open"), e.getMessage());
        }
    }
}
