package io.agner.hotswap;

import io.agner.behaviour.Sys;
import io.agner.runtime.Pid;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Phase two of an upgrade: every prepared process's new code and state, computed off the
 * processes on a few virtual threads (one per core; each converts its share in turn), all within
 * one time limit. A conversion that blocks cannot wedge its process or the code server: at the
 * limit every thread is interrupted and the upgrade fails, naming the process whose conversion was
 * running. Used by the code server's process only.
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

    private Conversions() {}

    /** New code and state for each of {@code oldStates}' processes, in its order; throws {@link Failed} for the first that fails. */
    static Map<Pid, Sys.NewCode> all(Map<Pid, Object> oldStates, Converter converter, Duration timeout) throws Failed {
        List<Pid> pids = new ArrayList<>(oldStates.keySet());
        int shares = Math.max(1, Math.min(pids.size(), Runtime.getRuntime().availableProcessors()));
        Sys.NewCode[] results = new Sys.NewCode[pids.size()];
        List<Share> running = new ArrayList<>(shares);
        for (int s = 0; s < shares; s++) {
            running.add(new Share(pids, oldStates, converter, results, s, shares));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (Share share : running) {
                share.done.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (TimeoutException slow) {
            running.forEach(Share::stop);
            Share stuck = running.stream().filter(s -> !s.done.isDone()).findFirst().orElseThrow();
            throw new Failed(stuck.current, "codeChange timed out after " + timeout.toMillis() + " ms", slow);
        } catch (ExecutionException failed) {
            running.forEach(Share::stop);
            Failed f = (Failed) failed.getCause();
            throw f;
        } catch (InterruptedException stopped) {
            running.forEach(Share::stop);
            Thread.currentThread().interrupt(); // the code server is being stopped: keep the status for its loop
            throw new Failed(pids.getFirst(), "interrupted during the conversions", stopped);
        }
        Map<Pid, Sys.NewCode> out = new LinkedHashMap<>();
        for (int i = 0; i < results.length; i++) {
            out.put(pids.get(i), results[i]);
        }
        return out;
    }

    /** Every {@code step}-th process from {@code first}, converted in turn on a virtual thread of its own. */
    private static final class Share {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        final Thread thread;
        volatile Pid current;

        Share(List<Pid> pids, Map<Pid, Object> oldStates, Converter converter, Sys.NewCode[] results, int first, int step) {
            thread = Thread.ofVirtual().name("codeChange share " + first).start(() -> {
                try {
                    for (int i = first; i < pids.size(); i += step) {
                        Pid pid = pids.get(i);
                        current = pid;
                        try {
                            results[i] = converter.convert(pid, oldStates.get(pid));
                        } catch (Exception | Error e) {
                            throw new Failed(pid, "failed: " + e, e);
                        }
                    }
                    done.complete(null);
                } catch (Failed f) {
                    done.completeExceptionally(f);
                }
            });
        }

        void stop() {
            thread.interrupt();
        }
    }
}
