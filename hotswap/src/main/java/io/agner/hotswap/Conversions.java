package io.agner.hotswap;

import io.agner.behaviour.Sys;
import io.agner.runtime.Pid;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Phase two of an upgrade: every prepared process's new code and state, computed off the
 * processes on a few virtual threads (one per core), each state as soon as its process has handed
 * it over, so conversion overlaps the prepare round. A conversion that blocks cannot wedge its
 * process or the code server: {@link #finish} waits a bounded time, then interrupts every thread
 * and fails, naming the process whose conversion was running.
 *
 * <p>Thread-safety: {@link #submit}, {@link #finish} and {@link #abandon} are called by the code
 * server's process only; the worker threads share only the queue, the result map and the first
 * failure.
 */
final class Conversions {

    /** The conversion of one process failed or ran out of time. */
    static final class Failed extends Exception {
        private static final long serialVersionUID = 1L;
        final transient Pid pid;

        Failed(Pid pid, String why, Throwable cause) {
            super(why, cause);
            this.pid = pid;
        }
    }

    /** How one process's state becomes the new version's. */
    @FunctionalInterface
    interface Converter {
        Sys.NewCode convert(Pid pid, Object oldState) throws Exception;
    }

    private record Item(Pid pid, Object oldState) {}

    private static final Item END = new Item(null, null);

    private final Converter converter;
    private final LinkedBlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    private final Map<Pid, Sys.NewCode> results = new ConcurrentHashMap<>();
    private final AtomicReference<Failed> failure = new AtomicReference<>();
    private final List<Worker> workers = new ArrayList<>();

    private Conversions(Converter converter) {
        this.converter = converter;
    }

    /** Starts the worker threads; feed them with {@link #submit}. */
    static Conversions start(Converter converter) {
        Conversions c = new Conversions(converter);
        int n = Math.max(1, Runtime.getRuntime().availableProcessors());
        for (int i = 0; i < n; i++) {
            c.workers.add(c.new Worker(i));
        }
        return c;
    }

    /** Queues one process's state for conversion. */
    void submit(Pid pid, Object oldState) {
        queue.add(new Item(pid, oldState));
    }

    /**
     * Waits, up to {@code timeout}, for every submitted conversion; returns the new code and
     * state of each process.
     *
     * @throws Failed for the first conversion that threw, or one still running at the limit
     */
    Map<Pid, Sys.NewCode> finish(Duration timeout) throws Failed {
        workers.forEach(w -> queue.add(END));
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (Worker w : workers) {
                if (!w.thread.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))) {
                    abandon();
                    throw new Failed(w.current, "codeChange timed out after " + timeout.toMillis() + " ms", null);
                }
            }
        } catch (InterruptedException stopped) {
            abandon();
            Thread.currentThread().interrupt(); // the code server is being stopped: keep the status for its loop
            throw new Failed(null, "interrupted during the conversions", stopped);
        }
        Failed f = failure.get();
        if (f != null) {
            throw f;
        }
        return results;
    }

    /** Stops every worker (an upgrade that will not commit); conversions still running are dropped. */
    void abandon() {
        queue.clear();
        workers.forEach(w -> w.thread.interrupt());
    }

    /** Takes items until {@link #END}, converting each unless a conversion has already failed. */
    private final class Worker {
        final Thread thread;
        volatile Pid current;

        Worker(int index) {
            thread = Thread.ofVirtual().name("codeChange worker " + index).start(this::run);
        }

        private void run() {
            try {
                for (Item item = queue.take(); item != END; item = queue.take()) {
                    if (failure.get() != null) {
                        continue;
                    }
                    current = item.pid();
                    try {
                        results.put(item.pid(), converter.convert(item.pid(), item.oldState()));
                    } catch (Exception | Error e) {
                        failure.compareAndSet(null, new Failed(item.pid(), "failed: " + e, e));
                    }
                }
            } catch (InterruptedException abandoned) {
                // the upgrade gave up on us
            }
        }
    }
}
