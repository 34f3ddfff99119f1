package io.agner.switchdemo.ingest;

import io.agner.switchdemo.SwitchTopics;
import io.agner.switchdemo.log.EventLog;
import io.agner.switchdemo.log.ProducerRecord;
import io.agner.switchdemo.log.RecordMetadata;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Appends a {@link TrafficGenerator}'s events to the {@code events} topic, keyed by line, with
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
    private final TrafficGenerator generator;   // confined to the thread that runs this
    private final double eventsPerSecond;
    private final AtomicLong appended = new AtomicLong();
    private final AtomicLong eventTime = new AtomicLong();
    private volatile boolean done;

    /** @param eventsPerSecond wall-clock pace, or {@code 0} for as fast as the log takes them */
    public TrafficSource(EventLog log, TrafficConfig config, double eventsPerSecond) {
        this.log = log;
        this.generator = new TrafficGenerator(config);
        this.eventsPerSecond = eventsPerSecond;
    }

    @Override
    public void run() {
        ArrayDeque<CompletableFuture<RecordMetadata>> inFlight = new ArrayDeque<>();
        long skip = log.endOffset(SwitchTopics.EVENTS);
        for (long i = 0; i < skip && generator.hasNext(); i++) {
            eventTime.set(generator.next().at());
        }
        appended.set(skip);
        long started = System.nanoTime();
        long n = 0;
        while (generator.hasNext()) {
            SubscriberEvent e = generator.next();
            byte[] value = SwitchTopics.CODEC.encode((Record) e);
            inFlight.add(log.producer().appendAsync(ProducerRecord.of(SwitchTopics.EVENTS,
                    e.line().getBytes(java.nio.charset.StandardCharsets.US_ASCII), value).withTimestamp(e.at())));
            if (inFlight.size() >= MAX_IN_FLIGHT) {
                inFlight.poll().join();
            }
            n++;
            appended.set(skip + n);
            eventTime.set(e.at());
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
