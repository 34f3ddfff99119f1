package io.agner.switchdemo.ingest;

import io.agner.switchdemo.log.EventLog;
import io.agner.switchdemo.log.ProducerRecord;
import io.agner.switchdemo.log.RecordMetadata;
import io.agner.switchdemo.log.TopicPartition;
import io.agner.switchdemo.topic.SubscriberEvent;
import io.agner.switchdemo.topic.SwitchTopics;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Appends a {@link TrafficGenerator}'s events to its area's partition of the {@code events} topic, keyed by line, with
 * the event time as the record's timestamp — optionally paced to a number of events per second
 * of wall time, so that a demo can run while people watch. Run it on its own thread; the
 * counters may be read from any.
 *
 * <p>It resumes: the generator is deterministic and appends go out in order, so the events
 * already in the topic (after a stop, even a SIGKILL) are a prefix of the stream, and the
 * source skips that many before it appends.
 */
public final class TrafficSource implements Runnable {

    private static final int MAX_IN_FLIGHT = 8192;

    private final EventLog log;
    private final TopicPartition topic;
    private final TrafficGenerator generator;   // confined to the thread that runs this
    private final double eventsPerSecond;
    private final List<byte[]> injections;
    private final long injectEvery;
    private long generated;          // generator events taken so far (runner thread only)
    private int injected;            // injections taken so far (runner thread only)
    private long lastInjectionAt = -1;
    private final AtomicLong appended = new AtomicLong();
    private final AtomicLong eventTime = new AtomicLong();
    private volatile boolean done;

    /** @param eventsPerSecond wall-clock pace, or {@code 0} for as fast as the log takes them */
    public TrafficSource(EventLog log, TrafficConfig config, double eventsPerSecond) {
        this(log, config, eventsPerSecond, List.of(), 1);
    }

    /**
     * Also inserts {@code injections} (raw record values, e.g. {@link BadEvents#samples}) into the
     * stream, one after every {@code injectEvery} generated events: at fixed positions, so the
     * stream stays reproducible and resumable.
     */
    public TrafficSource(EventLog log, TrafficConfig config, double eventsPerSecond, List<byte[]> injections,
                         long injectEvery) {
        if (injectEvery < 1) {
            throw new IllegalArgumentException("injectEvery must be >= 1, was " + injectEvery);
        }
        this.log = log;
        this.topic = SwitchTopics.events(config.area());
        this.generator = new TrafficGenerator(config);
        this.eventsPerSecond = eventsPerSecond;
        this.injections = List.copyOf(injections);
        this.injectEvery = injectEvery;
    }

    /** The next record of the stream: an injection when one is due, else the next generated event. */
    private ProducerRecord nextRecord() {
        if (injected < injections.size() && generated > 0 && generated % injectEvery == 0 && !injectedAt(generated)) {
            lastInjectionAt = generated;
            return ProducerRecord.of(topic, null, injections.get(injected++)).withTimestamp(eventTime.get());
        }
        SubscriberEvent e = generator.next();
        generated++;
        eventTime.set(e.at());
        return ProducerRecord.of(topic, e.line().getBytes(StandardCharsets.US_ASCII),
                SwitchTopics.CODEC.encode((Record) e)).withTimestamp(e.at());
    }

    private boolean injectedAt(long generatedCount) {
        return lastInjectionAt == generatedCount;
    }

    private boolean hasNextRecord() {
        return generator.hasNext()
                || (injected < injections.size() && generated > 0 && generated % injectEvery == 0 && !injectedAt(generated));
    }

    @Override
    public void run() {
        ArrayDeque<CompletableFuture<RecordMetadata>> inFlight = new ArrayDeque<>();
        long skip = log.endOffset(topic);
        for (long i = 0; i < skip && hasNextRecord(); i++) {
            nextRecord();
        }
        appended.set(skip);
        long started = System.nanoTime();
        long n = 0;
        while (hasNextRecord()) {
            inFlight.add(log.producer().appendAsync(nextRecord()));
            if (inFlight.size() >= MAX_IN_FLIGHT) {
                inFlight.poll().join();
            }
            n++;
            appended.set(skip + n);
            if (eventsPerSecond > 0 && n % 256 == 0) {
                long due = started + (long) (n / eventsPerSecond * TimeUnit.SECONDS.toNanos(1));
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
        }
        inFlight.forEach(CompletableFuture::join);
        done = true;
    }

    /** Events handed to the log so far. */
    public long appended() {
        return appended.get();
    }

    /** The event time of the last event handed over. */
    public long eventTime() {
        return eventTime.get();
    }

    /** Whether every event was appended and acknowledged. */
    public boolean done() {
        return done;
    }

    /** Call attempts generated so far. */
    public long calls() {
        return generator.calls();
    }
}
