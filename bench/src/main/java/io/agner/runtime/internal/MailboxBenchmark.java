package io.agner.runtime.internal;

import java.util.concurrent.TimeUnit;
import org.jctools.queues.atomic.unpadded.MpscLinkedAtomicUnpaddedQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The mailbox's uncontended cost: one offer and one poll on the same thread, beside the bare
 * JCTools queue it wraps (the difference is the state word, the counters and the save-queue check).
 * It lives in the runtime's internal package to reach {@code Mailbox}.
 *
 * <p>Run alone: {@code java -cp bench/target/classes:$(cat bench/target/classpath.txt) org.openjdk.jmh.Main MailboxBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MailboxBenchmark {

    private final Object message = "m";
    private Mailbox mailbox;
    private MpscLinkedAtomicUnpaddedQueue<Object> queue;

    @Setup
    public void setUp() {
        mailbox = Mailbox.of(Thread.currentThread(), 0);
        queue = new MpscLinkedAtomicUnpaddedQueue<>();
    }

    @Benchmark
    public Object agnerMailboxOfferPoll() {
        mailbox.offer(message);
        return mailbox.poll(null);
    }

    @Benchmark
    public Object bareQueueOfferPoll() {
        queue.offer(message);
        return queue.poll();
    }
}
