package io.agner.behaviour;

import io.agner.runtime.Alias;
import io.agner.runtime.ProcessContext;
import io.agner.runtime.Ref;
import io.agner.runtime.ServerRef;
import io.agner.runtime.Signal;
import java.util.Optional;
import java.util.function.Function;

/**
 * A request sent without waiting (OTP's {@code gen_server:send_request/2}): its answer comes later
 * as a message to the process that sent it, and is taken with {@link GenServers#receiveResponse}
 * or recognised among other messages with {@link #check}, or with a {@link RequestIds} collection
 * when many are outstanding. Until then the sender keeps working: a process can have thousands of
 * requests in flight, to one server or many, and pays one mailbox round trip for all of them.
 *
 * <p>As {@code send_request}, it monitors the server and gives the reply an alias, so the answer is
 * exactly one message: the reply, or the Down if the server is gone or exits first. Taking it
 * removes both; a request that is {@link #abandon abandoned} leaves nothing behind either.
 * Confined to the process that sent it, like its mailbox.
 *
 * @param <T> the answer's type, once {@code decode} has turned the server's reply into it
 */
public final class RequestId<T> {

    private final ServerRef target;
    private final Object request;
    private final Alias alias;
    private final Ref monitor;
    private final Function<Object, T> decode;

    RequestId(ServerRef target, Object request, Alias alias, Ref monitor, Function<Object, T> decode) {
        this.target = target;
        this.request = request;
        this.alias = alias;
        this.monitor = monitor;
        this.decode = decode;
    }

    /** Where the request went. */
    public ServerRef target() {
        return target;
    }

    /** What was asked. */
    public Object request() {
        return request;
    }

    /**
     * Whether {@code message} is this request's answer: its reply, or the Down of its server.
     * Does not take it; see {@link #check}.
     */
    public boolean answeredBy(Object message) {
        return message instanceof Protocol.Reply r && r.tag().equals(alias.ref())
                || message instanceof Signal.Down d && d.ref().equals(monitor);
    }

    /**
     * If {@code message} (just received by the sender) is this request's answer, takes it and
     * returns the decoded reply; empty if it is some other message (OTP's {@code check_response/2}).
     *
     * @throws CallException    the server was not alive or exited before replying
     * @throws RuntimeException the exception the server answered with ({@link GenServers#replyError})
     */
    public Optional<T> check(ProcessContext ctx, Object message) {
        return answeredBy(message) ? Optional.ofNullable(take(ctx, message)) : Optional.empty();
    }

    /**
     * Takes {@code message}, which {@link #answeredBy answers} this request: cleans up and decodes
     * it. No scan of the mailbox: once the answer is taken nothing else of this request can be in
     * it (the Down is flushed only if the server died after replying; a second reply from a server
     * that answers twice is a bug in the server, and {@code check} on it finds nothing).
     */
    T take(ProcessContext ctx, Object message) {
        ctx.unalias(alias);
        ctx.demonitor(monitor, true);
        return decode.apply(Calls.valueOf(target, request, message));
    }

    /**
     * Gives the request up: no answer reaches the sender's mailbox after this (OTP's
     * {@code receive_response} on timeout with abandon), and none that came already is left.
     * The server may still act on it. Idempotent.
     */
    public void abandon(ProcessContext ctx) {
        ctx.unalias(alias);
        ctx.demonitor(monitor, true);
        while (ctx.receive(m -> m instanceof Protocol.Reply r && r.tag().equals(alias.ref()), java.time.Duration.ZERO).isPresent()) {
            // a reply that slipped in: dropped
        }
    }

    /** The alias ref and monitor ref, the two tags an answer can carry. */
    Ref replyTag() {
        return alias.ref();
    }

    Ref monitorRef() {
        return monitor;
    }

    @Override
    public String toString() {
        return "request " + request.getClass().getName() + " to " + target;
    }
}
