package io.agner.behaviour;

import io.agner.runtime.Alias;
import io.agner.runtime.ExitReason;
import io.agner.runtime.Node;
import io.agner.runtime.Pid;
import io.agner.runtime.ProcessContext;
import io.agner.runtime.Ref;
import io.agner.runtime.Signal;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The call mechanics behind {@link GenServers#call} and {@link Sys} (OTP's {@code gen:call}):
 * monitor the server, send the request with a fresh alias, wait for the reply or the Down, and
 * clean up so that nothing of this call is left in — or can later reach — the caller's mailbox.
 * Used on the calling process's thread.
 */
final class Caller {

    /** How often a caller outside any process checks that its helper process still lives. */
    private static final Duration HELPER_CHECK = Duration.ofMillis(50);

    private Caller() {}

    /**
     * Calls {@code target} (a pid, or a name to look up) with the message {@code wrap} builds
     * around a fresh {@link From}; returns the reply value.
     */
    static Object call(ProcessContext ctx, Object target, Object request, Duration timeout, Function<From, Object> wrap) {
        Optional<Pid> pid = resolve(ctx, target);
        if (pid.isEmpty()) {
            throw new CallException(target, request, ExitReason.NOPROC);
        }
        if (pid.get().equals(ctx.self())) {
            // gen:call's calling_self: the reply could only come after the wait, so fail now.
            throw new CallException(target, request, ExitReason.of("calling_self"));
        }
        Ref monitor = ctx.monitor(pid.get());
        Alias alias = ctx.alias();
        try {
            ctx.send(pid.get(), wrap.apply(new From(alias)));
            Object answer = ctx.receive(m -> m instanceof Protocol.Reply r && r.tag().equals(alias.ref())
                    || m instanceof Signal.Down d && d.ref().equals(monitor), timeout).orElse(null);
            return switch (answer) {
                case Protocol.Reply r -> r.value();
                case Signal.Down d -> throw new CallException(target, request, d.reason());
                case null -> throw new CallTimeoutException(target, request, timeout);
                default -> throw new AssertionError(answer);
            };
        } finally {
            // Order matters: once unaliased no reply can arrive; then drop the Down and every reply
            // that slipped in before the alias closed — a late one, or a second one after the
            // reply we took (a From answered twice), as OTP's reply_demonitor alias drops it.
            ctx.unalias(alias);
            ctx.demonitor(monitor, true);
            while (ctx.receive(m -> m instanceof Protocol.Reply r && r.tag().equals(alias.ref()), Duration.ZERO).isPresent()) {
                // dropped
            }
        }
    }

    /**
     * Runs {@code action} in a short-lived process, for callers that are not processes (a main
     * thread, a test, a web handler); returns its result or rethrows its exception here.
     */
    static <T> T outside(Node node, Function<ProcessContext, T> action) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Pid helper = node.spawn(ctx -> {
            try {
                result.complete(action.apply(ctx));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        try {
            // A helper killed before it ran (the node closing) never completes the result: its
            // completion happens before its exit, so done-or-gone is the condition to wait for
            // (gone: info is empty once it has exited; isAlive turns false as soon as it is
            // condemned, before a helper that catches the signal has completed the result).
            while (true) {
                try {
                    return result.get(HELPER_CHECK.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException stillRunning) {
                    if (node.info(helper).isEmpty() && !result.isDone()) {
                        throw new IllegalStateException("the node stopped the helper process " + helper
                                + " of a call from outside any process before it answered (is the node closing?)");
                    }
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a call", e);
        }
    }

    static Optional<Pid> resolve(ProcessContext ctx, Object target) {
        return switch (target) {
            case Pid p -> Optional.of(p);
            case String name -> ctx.node().whereis(name);
            default -> throw new IllegalArgumentException("a call target is a Pid or a registered name, was " + target);
        };
    }
}
