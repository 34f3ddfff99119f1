package io.agner.testkit;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import io.agner.runtime.ExitException;
import io.agner.runtime.Node;
import io.agner.runtime.Pid;
import io.agner.runtime.ProcessContext;
import io.agner.runtime.SpawnOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A process that records every message it receives, for tests to inspect from the test thread,
 * and that runs test code inside its own process context ({@link #run}). Thread-safe.
 *
 * <p>It records everything, signals included; {@link NodeExtension} kills its probes after each
 * test, so one that traps exits does not hold up the node's shutdown.
 */
public final class Probe {

    /** How long {@link #next()} and {@link #run} wait before failing the test. */
    public static final Duration WAIT = Duration.ofSeconds(20);

    private final Node node;
    private final Pid pid;
    private final LinkedBlockingQueue<Object> received = new LinkedBlockingQueue<>();
    private volatile Thread thread; // the probe process's, once it runs

    private Probe(Node node, SpawnOptions options) {
        this.node = node;
        this.pid = node.spawn(this::loop, options);
    }

    public static Probe spawn(Node node) {
        return new Probe(node, SpawnOptions.DEFAULT);
    }

    public static Probe spawn(Node node, SpawnOptions options) {
        return new Probe(node, options);
    }

    public Pid pid() {
        return pid;
    }

    private void loop(ProcessContext ctx) {
        thread = Thread.currentThread();
        while (true) {
            Object m = ctx.receive();
            if (m instanceof Action a) {
                a.runIn(ctx);
            } else {
                received.add(m);
            }
        }
    }

    /** The next message received, waiting up to {@link #WAIT}; fails the test if none comes. */
    public Object next() {
        try {
            Object m = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (m == null) {
                fail("probe " + pid + " received nothing within " + WAIT);
            }
            return m;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for a message", e);
        }
    }

    /** The next message, which must be a {@code type}. */
    public <T> T next(Class<T> type) {
        return assertInstanceOf(type, next());
    }

    /**
     * The next message if one had reached the probe when this was called; waits only for the probe
     * to {@link #sync()}, never for a message to arrive.
     */
    public Optional<Object> poll() {
        sync();
        return Optional.ofNullable(received.poll());
    }

    /** Every message that had reached the probe when this was called, oldest first; {@link #sync()}s first. */
    public List<Object> drain() {
        sync();
        List<Object> messages = new ArrayList<>();
        received.drainTo(messages);
        return messages;
    }

    /**
     * Waits until the probe has recorded every message that reached its mailbox before this call.
     * Call it before checking that something did <em>not</em> arrive: without it, a message still
     * in the mailbox (not yet copied for the test) would look absent. It runs a no-op through the
     * probe's process, which takes messages in order, so everything ahead of the no-op has been
     * recorded when it completes. "Before" means: the send happened-before this call (for
     * example, the test observed a state that the sender reached after sending). A dead probe
     * records nothing more, so it returns at once.
     *
     * @throws IllegalStateException from inside {@link #run}, where the probe would wait for itself
     */
    public void sync() {
        if (Thread.currentThread() == thread) {
            throw new IllegalStateException("probe " + pid + " cannot sync from inside its own process (in run/call)");
        }
        if (node.isAlive(pid)) {
            run(ctx -> {});
        }
    }

    /** Runs {@code action} inside this probe's process and waits for it; its exceptions are rethrown here. */
    public void run(Consumer<ProcessContext> action) {
        call(ctx -> {
            action.accept(ctx);
            return null;
        });
    }

    /** Runs {@code action} inside this probe's process and returns its result. */
    public <R> R call(Function<ProcessContext, R> action) {
        CompletableFuture<Object> done = new CompletableFuture<>();
        node.send(pid, new Action(action, done));
        try {
            @SuppressWarnings("unchecked")
            R result = (R) done.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return result;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new AssertionError(e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("probe " + pid + " did not run the action within " + WAIT + " (is it alive?)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private record Action(Function<ProcessContext, ?> action, CompletableFuture<Object> done) {
        void runIn(ProcessContext ctx) {
            try {
                done.complete(action.apply(ctx));
            } catch (ExitException e) {
                done.completeExceptionally(e);
                throw e; // the probe's process exits, as the action asked
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        }
    }
}
