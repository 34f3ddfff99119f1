package io.agner.behaviour;

import io.agner.runtime.ProcessContext;
import io.agner.runtime.Ref;
import io.agner.runtime.Signal;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Many outstanding {@link RequestId}s, each with a label (OTP 25's request id collections,
 * {@code gen_server:reqids_new/0} and {@code check_response/3}): hand it every message the process
 * receives and it says, in O(1), whether the message answers one of them, and which. Confined to
 * the process that sent the requests; not thread-safe.
 *
 * @param <L> what the sender wants back with each answer (a key, a callback, the request itself)
 */
public final class RequestIds<L> {

    private record Pending<L>(RequestId<?> id, L label) {}

    /**
     * One request's answer: its label and the decoded reply, or the error the request ended with.
     *
     * @param label what the request was added with
     * @param value the decoded reply; meaningful when {@code error} is null
     * @param error why the request failed ({@link CallException} if the server was gone or
     *              exited, or the exception the server answered with); null if it succeeded
     */
    public record Answer<L>(L label, Object value, RuntimeException error) {

        /** The reply, or the failure thrown in the caller. */
        public Object get() {
            if (error != null) {
                throw error;
            }
            return value;
        }
    }

    private final Map<Ref, Pending<L>> byReplyTag = new HashMap<>();
    private final Map<Ref, Pending<L>> byMonitor = new HashMap<>();

    /** Adds a request sent with {@link GenServers#sendRequest} or a typed client's {@code send…} method. */
    public void add(RequestId<?> id, L label) {
        Pending<L> p = new Pending<>(id, label);
        byReplyTag.put(id.replyTag(), p);
        byMonitor.put(id.monitorRef(), p);
    }

    /**
     * If {@code message} answers one of the requests, takes it out of the collection and returns
     * its answer; empty for any other message. Never throws for a failed request: the failure is
     * in the {@link Answer}.
     */
    public Optional<Answer<L>> check(ProcessContext ctx, Object message) {
        Pending<L> p = switch (message) {
            case Protocol.Reply r -> byReplyTag.get(r.tag());
            case Signal.Down d -> byMonitor.get(d.ref());
            default -> null;
        };
        if (p == null) {
            return Optional.empty();
        }
        byReplyTag.remove(p.id().replyTag());
        byMonitor.remove(p.id().monitorRef());
        try {
            return Optional.of(new Answer<>(p.label(), p.id().take(ctx, message), null));
        } catch (RuntimeException failed) {
            return Optional.of(new Answer<>(p.label(), null, failed));
        }
    }

    /** Whether {@code message} answers one of the requests (without taking it): a predicate for a selective receive. */
    public boolean answeredBy(Object message) {
        return switch (message) {
            case Protocol.Reply r -> byReplyTag.containsKey(r.tag());
            case Signal.Down d -> byMonitor.containsKey(d.ref());
            default -> false;
        };
    }

    /** Requests not answered yet. */
    public int size() {
        return byReplyTag.size();
    }

    public boolean isEmpty() {
        return byReplyTag.isEmpty();
    }

    /** Abandons every outstanding request (see {@link RequestId#abandon}); the collection is empty after. */
    public void abandonAll(ProcessContext ctx) {
        byReplyTag.values().forEach(p -> p.id().abandon(ctx));
        byReplyTag.clear();
        byMonitor.clear();
    }
}
