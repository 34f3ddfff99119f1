package io.agner.hotswap;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * One computation shared by everyone who asks while it runs ("single flight"): the first caller
 * computes, callers that arrive before it finishes wait for its result instead of computing their
 * own, and the next caller after that computes afresh. So 200 {@code ps} requests at once walk the
 * process table about once, not 200 times; an answer is at most one computation old, which a
 * snapshot of a running node is anyway. Thread-safe.
 *
 * @param <T> the answer; shared between callers, so immutable
 */
final class SharedAnswer<T> {

    private final Supplier<T> compute;

    // ---- guarded by this
    private CompletableFuture<T> running;

    SharedAnswer(Supplier<T> compute) {
        this.compute = compute;
    }

    /** The answer of the computation running now, or of one this call runs; its exception if it threw. */
    T get() {
        CompletableFuture<T> answer;
        boolean mine;
        synchronized (this) {
            mine = running == null;
            if (mine) {
                running = new CompletableFuture<>();
            }
            answer = running;
        }
        if (mine) {
            try {
                answer.complete(compute.get());
            } catch (RuntimeException | Error e) {
                answer.completeExceptionally(e);
            } finally {
                synchronized (this) {
                    running = null;
                }
            }
        }
        try {
            return answer.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }
}
