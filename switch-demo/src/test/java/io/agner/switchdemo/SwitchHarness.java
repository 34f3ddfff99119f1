package io.agner.switchdemo;

import io.agner.hotswap.CodeServer;
import io.agner.runtime.Node;
import io.agner.switchdemo.call.Exchange;
import io.agner.switchdemo.ingest.TrafficConfig;
import io.agner.switchdemo.ingest.TrafficGenerator;
import io.agner.switchdemo.log.EventLog;
import io.agner.switchdemo.log.FsyncPolicy;
import io.agner.switchdemo.log.LogConfig;
import io.agner.switchdemo.log.LogConsumer;
import io.agner.switchdemo.log.ProducerRecord;
import io.agner.switchdemo.log.StartPosition;
import io.agner.switchdemo.log.backend.EventLogs;
import io.agner.switchdemo.report.SwitchReport;
import io.agner.switchdemo.topic.SubscriberEvent;
import io.agner.switchdemo.topic.SwitchTopics;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static io.agner.testkit.Await.await;

/** A switch on a fresh (or resumed) log folder, fed by the test at its own pace. */
final class SwitchHarness implements AutoCloseable {

    /** Small enough for a test, busy enough for blocking: B(7 erl, 10 trunks) = 7.9 %. */
    static final TrafficConfig SMALL = TrafficConfig.DEFAULT.withSubscribers(400).withTrunks(10).withOfferedErlangs(7)
            .withMeanHolding(Duration.ofSeconds(30)).withDuration(Duration.ofHours(6));
    static final Path BILLING_V1 = Path.of("billing-v1/target/billing-1.jar");
    static final Path BILLING_V2 = Path.of("billing-v2/target/billing-2.jar");
    static final Path LINE_V2 = Path.of(SwitchApp.LINE_V2);

    final TrafficConfig traffic;
    final EventLog log;
    final Node node;
    final SwitchApp app;
    final TrafficGenerator generator;
    private SubscriberEvent held;

    SwitchHarness(Path dir, TrafficConfig traffic) {
        this(dir, traffic, Duration.ofMinutes(5));
    }

    /** A switch whose exchange stops a line after {@code lineIdle} of event time without a call. */
    SwitchHarness(Path dir, TrafficConfig traffic, Duration lineIdle) {
        this.traffic = traffic;
        this.log = EventLogs.embedded(dir, LogConfig.DEFAULT.withFsync(FsyncPolicy.os()));
        this.node = Node.start();
        CodeServer.start(node);
        SwitchApp.loadModules(node, Path.of("."));
        this.app = SwitchApp.start(node, log, new Exchange.Config(traffic.directory(), traffic.trunks(), lineIdle, 2_000));
        this.generator = new TrafficGenerator(traffic);
        long already = log.endOffset(SwitchTopics.EVENTS);       // resume after a stop: skip what is in the log
        for (long i = 0; i < already; i++) {
            generator.next();
        }
    }

    /** Appends the generated events up to event time {@code untilMillis} (all of them for MAX_VALUE). */
    void feedUntil(long untilMillis) {
        CompletableFuture<?> last = CompletableFuture.completedFuture(null);
        while (held != null || generator.hasNext()) {
            SubscriberEvent e = held != null ? held : generator.next();
            held = null;
            if (e.at() > untilMillis) {
                held = e;
                break;
            }
            last = append(e);
        }
        last.join();         // acknowledged in order: the log's end offset now counts every event fed
    }

    void feedAll() {
        feedUntil(Long.MAX_VALUE);
    }

    CompletableFuture<?> append(SubscriberEvent e) {
        return log.producer().appendAsync(ProducerRecord.of(SwitchTopics.EVENTS, e.line().getBytes(StandardCharsets.US_ASCII),
                SwitchTopics.CODEC.encode((Record) e)).withTimestamp(e.at()));
    }

    long middle() {
        return traffic.start().toEpochMilli() + traffic.duration().toMillis() / 2;
    }

    /** Waits until the exchange has read and checkpointed every event and billing every call record. */
    void awaitCaughtUp() {
        await().atMost(Duration.ofMinutes(2)).until(() -> {
            long events = log.endOffset(SwitchTopics.EVENTS);
            return app.exchange().nextOffset() == events && committed() == events
                    && app.billing().nextOffset() == log.endOffset(SwitchTopics.CALLS);
        });
    }

    long committed() {
        try (LogConsumer c = log.consumer(Exchange.GROUP, StartPosition.EARLIEST)) {
            return c.committed(SwitchTopics.EVENTS).orElse(0);
        }
    }

    SwitchReport report() {
        return SwitchReport.read(log, traffic);
    }

    @Override
    public void close() {
        try {
            node.close();
        } finally {
            log.close();
        }
    }
}
