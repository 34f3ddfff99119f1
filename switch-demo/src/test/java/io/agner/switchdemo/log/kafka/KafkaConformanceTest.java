package io.agner.switchdemo.log.kafka;

import io.agner.switchdemo.log.ConsumerRecord;
import io.agner.switchdemo.log.EventLog;
import io.agner.switchdemo.log.EventLogConformanceTest;
import io.agner.switchdemo.log.LogConsumer;
import io.agner.switchdemo.log.LogException;
import io.agner.switchdemo.log.ProducerRecord;
import io.agner.switchdemo.log.RebalanceListener;
import io.agner.switchdemo.log.StartPosition;
import io.agner.switchdemo.log.TopicPartition;
import io.agner.switchdemo.log.backend.EventLogs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.agner.testkit.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The conformance suite on a real Kafka: one in-process KRaft broker ({@link LocalKafka}, loopback
 * only) for the whole class; each test has its own topics and groups. Also what only Kafka has:
 * a group of two members, rebalanced.
 */
class KafkaConformanceTest extends EventLogConformanceTest {

    @TempDir
    static Path dir;

    static LocalKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = LocalKafka.start(dir);
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    /** Short sessions, so a member that vanishes is noticed within the test's patience; the broker allows 500 ms and up. */
    static KafkaLogConfig config() {
        return KafkaLogConfig.of(kafka.bootstrap()).withTimeout(Duration.ofSeconds(15)).withSessionTimeout(Duration.ofSeconds(3));
    }

    @Override
    protected EventLog open() {
        return KafkaEventLog.connect(config());
    }

    @Test
    void connect_withAKafkaSpec_reachesTheBroker() {
        try (EventLog log = EventLogs.connect("kafka:" + kafka.bootstrap())) {
            assertInstanceOf(KafkaEventLog.class, log);
            log.createTopic(topic, 1);
            assertEquals(0, log.producer().append(ProducerRecord.of(new TopicPartition(topic, 0), null, bytes("x"))).offset());
        }
        assertThrows(IllegalArgumentException.class, () -> EventLogs.connect("zookeeper:127.0.0.1:2181"));
        assertThrows(IllegalArgumentException.class, () -> EventLogs.connect("kafka:"));
    }

    @Test
    void createTopic_keepsRecordsForever_evenWithEventTimesLongPast() throws Exception {
        String topic = "kept-" + System.nanoTime();
        try (EventLog log = KafkaEventLog.connect(config());
             org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                     java.util.Map.of("bootstrap.servers", kafka.bootstrap()))) {
            log.createTopic(topic, 1);
            var resource = new org.apache.kafka.common.config.ConfigResource(
                    org.apache.kafka.common.config.ConfigResource.Type.TOPIC, topic);
            var configs = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertEquals("-1", configs.get("retention.ms").value(), "Kafka's 7 days would delete a simulation's records");
            assertEquals("-1", configs.get("retention.bytes").value());
        }
    }

    /** A process closes its consumer as it exits on an exit signal, with its thread interrupted. */
    @Test
    void close_onAnInterruptedThread_stillLeavesTheGroup_andKeepsTheInterrupt() throws Exception {
        try (EventLog log = open();
             org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                     java.util.Map.of("bootstrap.servers", kafka.bootstrap()))) {
            log.createTopic(topic, 1);
            LogConsumer member = log.consumer(group, StartPosition.EARLIEST);
            member.subscribe(List.of(topic));
            await().atMost(WAIT).pollInSameThread().until(() -> {
                member.poll(10, Duration.ofMillis(100));
                return member.assignment().size() == 1;
            });

            Thread.currentThread().interrupt();
            try {
                member.close();
                assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the exiting process");
            } finally {
                Thread.interrupted();
            }

            var description = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
            assertEquals(List.of(), List.copyOf(description.members()),
                    "the member left at once instead of waiting out its session");
        }
    }

    @Test
    void subscribe_aSecondMember_takesPartitionsAndBothListenersHearIt() {
        try (EventLog log = open()) {
            log.createTopic(topic, 2);
            List<Heard> heardA = new CopyOnWriteArrayList<>();
            List<Heard> heardB = new CopyOnWriteArrayList<>();
            try (LogConsumer a = log.consumer(group, StartPosition.EARLIEST); LogConsumer b = log.consumer(group, StartPosition.EARLIEST)) {
                a.subscribe(List.of(topic), recorder(heardA));
                await().atMost(WAIT).pollInSameThread().until(() -> {
                    a.poll(100, Duration.ofMillis(100));
                    return a.assignment().size() == 2;
                });
                b.subscribe(List.of(topic), recorder(heardB));
                await().atMost(WAIT).pollInSameThread().until(() -> {
                    a.poll(100, Duration.ofMillis(100));
                    b.poll(100, Duration.ofMillis(100));
                    return a.assignment().size() == 1 && b.assignment().size() == 1;
                });
                assertEquals(Set.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1)),
                        Set.of(a.assignment().iterator().next(), b.assignment().iterator().next()));
                Set<TopicPartition> both = Set.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
                assertEquals(new Heard(true, both), heardA.getFirst());
                assertTrue(heardA.contains(new Heard(false, both)), "A gave both partitions back for the rebalance: " + heardA);
                assertEquals(new Heard(true, b.assignment()), heardB.getLast());
                assertEquals(new Heard(true, a.assignment()), heardA.getLast());

                TopicPartition ofB = b.assignment().iterator().next();
                log.producer().append(ProducerRecord.of(ofB, null, bytes("for b")));
                List<ConsumerRecord> got = b.poll(10, WAIT);
                assertEquals(List.of("for b"), got.stream().map(r -> text(r.value())).toList());
            }
        }
    }

    @Test
    void onRevoked_mayCommit_andTheNextMemberResumesExactlyThere() {
        try (EventLog log = open()) {
            log.createTopic(topic, 1);
            TopicPartition tp = new TopicPartition(topic, 0);
            for (int i = 0; i < 10; i++) {
                log.producer().append(ProducerRecord.of(tp, null, bytes("r" + i)));
            }
            LogConsumer a = log.consumer(group, StartPosition.EARLIEST);
            a.subscribe(List.of(topic), new RebalanceListener() {
                @Override
                public void onRevoked(Collection<TopicPartition> partitions) {
                    a.commit();
                }
            });
            List<ConsumerRecord> first = a.poll(3, WAIT);            // the rest stays fetched but undelivered
            assertEquals(List.of(0L, 1L, 2L), first.stream().map(ConsumerRecord::offset).toList());
            a.close();                                               // leaving the group revokes: the listener commits 3
            try (LogConsumer b = log.consumer(group, StartPosition.EARLIEST)) {
                b.subscribe(List.of(topic));
                assertEquals(3, b.poll(1, WAIT).getFirst().offset());
                assertEquals(3, b.committed(tp).orElseThrow());
            }
        }
    }

    /** One callback a listener heard: partitions assigned, or revoked. */
    record Heard(boolean assigned, Set<TopicPartition> partitions) {}

    private static RebalanceListener recorder(List<Heard> heard) {
        return new RebalanceListener() {
            @Override
            public void onAssigned(Collection<TopicPartition> partitions) {
                heard.add(new Heard(true, Set.copyOf(partitions)));
            }

            @Override
            public void onRevoked(Collection<TopicPartition> partitions) {
                heard.add(new Heard(false, Set.copyOf(partitions)));
            }
        };
    }

    @Test
    void closingTheLog_wakesABlockedPoll_andTheConsumerThenReportsItselfClosed() throws Exception {
        EventLog log = open();
        log.createTopic(topic, 1);
        LogConsumer c = log.consumer(group, StartPosition.LATEST);
        c.assign(List.of(new TopicPartition(topic, 0)));
        assertEquals(0, c.position(new TopicPartition(topic, 0)));
        CountDownLatch polling = new CountDownLatch(1);
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        Thread.ofPlatform().start(() -> {
            polling.countDown();
            try {
                outcome.complete(c.poll(10, Duration.ofMinutes(5)));
            } catch (LogException closed) {
                outcome.complete(closed);
            }
        });
        polling.await();
        log.close();
        // Woken inside its poll (an empty result), or closed before it began (a LogException): never left blocked.
        Object result = outcome.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertTrue(List.of().equals(result) || result instanceof LogException closed && closed.getMessage().contains("closed"),
                String.valueOf(result));
        LogException e = assertThrows(LogException.class, () -> c.poll(1, Duration.ZERO));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        c.close();
    }

    @Test
    void anUnreachableCluster_failsWithTheAddressInTheMessage() {
        try (EventLog log = KafkaEventLog.connect(KafkaLogConfig.of("127.0.0.1:1").withTimeout(Duration.ofMillis(500)))) {
            LogException e = assertThrows(LogException.class, () -> log.partitions("anything"));
            assertTrue(e.getMessage().contains("127.0.0.1:1"), e.getMessage());
        }
    }
}
