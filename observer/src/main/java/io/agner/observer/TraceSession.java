package io.agner.observer;

import io.agner.runtime.ExitException;
import io.agner.runtime.Node;
import io.agner.runtime.Pid;
import io.agner.runtime.ProcessContext;
import io.agner.runtime.Trace;
import io.agner.runtime.TraceOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One trace streamed to a page: the request's own (virtual) thread becomes the tracer process
 * ({@code Node.asProcess}), so tracing ends when the stream does — at the budget
 * ({@code node.trace}'s maximum count and rate), at the process's exit, or when the page goes
 * away (the next write fails; a keep-alive is written every {@link #KEEP_ALIVE} to notice) —
 * because a tracer's exit turns its trace off. Used on one thread.
 */
final class TraceSession {

    static final Duration KEEP_ALIVE = Duration.ofSeconds(5);
    static final long MAX_EVENTS_LIMIT = 10_000;

    private final Node node;

    TraceSession(Node node) {
        this.node = node;
    }

    /**
     * Traces {@code target}, handing each event (a map for {@link Json}; {@code null} for a
     * keep-alive) to {@code out} until the trace stops. {@code out} throws when the page is gone.
     */
    void run(Pid target, long maxEvents, long perSecond, Consumer<Map<String, Object>> out) {
        try {
            node.asProcess(ctx -> {
                stream(ctx, target, Math.clamp(maxEvents, 1, MAX_EVENTS_LIMIT), Math.max(1, perSecond), out);
                return null;
            });
        } catch (ExitException | IllegalStateException nodeClosing) {
            out.accept(event("stopped", "the node is closing", 0));
        }
    }

    private void stream(ProcessContext ctx, Pid target, long max, long perSecond, Consumer<Map<String, Object>> out) {
        long start = node.clock().nanoTime();
        if (!node.trace(target, new TraceOptions(ctx.self(), max, perSecond))) {
            out.accept(event("stopped", "no process " + target, 0));
            return;
        }
        out.accept(event("tracing", target + " (at most " + max + " events, " + perSecond + "/s)", 0));
        while (true) {
            Object m = ctx.receive(KEEP_ALIVE).orElse(null);
            switch (m) {
                case null -> out.accept(null);
                case Trace.Stopped s -> {
                    out.accept(event("stopped", s.reason(), s.nanos() - start));
                    return;
                }
                case Trace.Receive r -> out.accept(event("in", NodeViews.text(r.message()), r.nanos() - start));
                case Trace.Send s -> out.accept(event("out", "to " + s.to() + ": " + NodeViews.text(s.message()), s.nanos() - start));
                case Trace.Exit e -> out.accept(event("exit", String.valueOf(e.reason()), e.nanos() - start));
                default -> {
                    // nothing else is sent to a tracer
                }
            }
        }
    }

    private static Map<String, Object> event(String kind, String text, long nanos) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind);
        m.put("text", text);
        m.put("ms", Math.max(0, nanos) / 1e6);
        return m;
    }
}
