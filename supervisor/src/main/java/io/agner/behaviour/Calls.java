package io.agner.behaviour;

import io.agner.runtime.Alias;
import io.agner.runtime.ExitReason;
import io.agner.runtime.Pid;
import io.agner.runtime.ProcessContext;
import io.agner.runtime.Ref;
import io.agner.runtime.ServerRef;
import io.agner.runtime.Signal;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The call mechanics behind every behaviour's client (OTP's {@code gen:call}): monitor the server,
 * send the request with a fresh alias, wait for the reply or the Down, raise an
 * {@link Protocol.ErrorReply} in the caller, and clean up so that nothing of this call is left in
 * — or can later reach — the caller's mailbox. Used on the calling process's thread.
 */
final class Calls {

    private Calls() {}

    /**
     * Calls {@code target} with the message {@code wrap} builds around a fresh {@link From};
     * returns the reply value, or throws the exception the server answered with.
     */
    static Object call(ProcessContext ctx, ServerRef target, Object request, Duration timeout, Function<From, Object> wrap) {
        Pid pid = target.resolve(ctx.node()).orElseThrow(() -> new CallException(target, request, ExitReason.NOPROC));
        if (pid.equals(ctx.self())) {
            // gen:call's calling_self: the reply could only come after the wait, so fail now.
            throw new CallException(target, request, ExitReason.of("calling_self"));
        }
        Ref monitor = ctx.monitor(pid);
        Alias alias = ctx.alias();
        Object answer;
        try {
            ctx.send(pid, wrap.apply(new From(alias)));
            answer = ctx.receive(m -> m instanceof Protocol.Reply r && r.tag().equals(alias.ref())
                    || m instanceof Signal.Down d && d.ref().equals(monitor), timeout).orElse(null);
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
        if (answer == null) {
            throw new CallTimeoutException(target, request, timeout);
        }
        return valueOf(target, request, answer);
    }

    /**
     * The value a call's {@code answer} carries: the reply's value; or, thrown, the exception the
     * server answered with, or a {@link CallException} for the server's Down. Shared by calls
     * and sent requests ({@link RequestId}).
     */
    static Object valueOf(ServerRef target, Object request, Object answer) {
        return switch (answer) {
            case Protocol.Reply(Ref tag, Protocol.ErrorReply error) -> throw error.raise();
            case Protocol.Reply r -> r.value();
            case Signal.Down d -> throw new CallException(target, request, d.reason());
            default -> throw new IllegalArgumentException("not a call's answer: " + answer);
        };
    }

    /**
     * Sends a request to every target at once and collects the answers, all within one
     * {@code timeout} (OTP's {@code gen_server:multi_call} on one node); returns each target's
     * {@link Answer}, in the order of {@code requests}, and also hands each to {@code onEach} as
     * soon as it is taken. Cleans up as {@link #call} does.
     */
    static Map<Pid, Answer> callAll(ProcessContext ctx, Map<Pid, Function<From, Object>> requests, Duration timeout,
                                    BiConsumer<Pid, Answer> onEach) {
        Map<Ref, Pid> byAlias = new HashMap<>();
        Map<Ref, Pid> byMonitor = new HashMap<>();
        Map<Pid, Alias> aliases = new HashMap<>();
        Map<Pid, Ref> monitors = new HashMap<>();
        Map<Pid, Answer> answers = new HashMap<>();
        try {
            requests.forEach((pid, wrap) -> {
                Ref monitor = ctx.monitor(pid);
                Alias alias = ctx.alias();
                byAlias.put(alias.ref(), pid);
                byMonitor.put(monitor, pid);
                aliases.put(pid, alias);
                monitors.put(pid, monitor);
                ctx.send(pid, wrap.apply(new From(alias)));
            });
            long deadline = System.nanoTime() + timeout.toNanos();
            while (answers.size() < requests.size()) {
                long left = Math.max(0, deadline - System.nanoTime());
                Object m = ctx.receive(x -> x instanceof Protocol.Reply r && byAlias.containsKey(r.tag())
                        || x instanceof Signal.Down d && byMonitor.containsKey(d.ref()), Duration.ofNanos(left)).orElse(null);
                switch (m) {
                    case null -> {
                        for (Pid pid : requests.keySet()) {
                            if (!answers.containsKey(pid)) {
                                answers.put(pid, new Answer.TimedOut());
                                onEach.accept(pid, answers.get(pid));
                            }
                        }
                    }
                    case Protocol.Reply r -> {
                        Pid pid = byAlias.remove(r.tag());
                        byMonitor.remove(monitors.get(pid));
                        Answer a = r.value() instanceof Protocol.ErrorReply(Throwable e)
                                ? new Answer.Raised(e) : new Answer.Value(r.value(), System.nanoTime());
                        answers.put(pid, a);
                        onEach.accept(pid, a);
                    }
                    case Signal.Down d -> {
                        Pid pid = byMonitor.remove(d.ref());
                        byAlias.remove(aliases.get(pid).ref());
                        Answer a = new Answer.Exited(d.reason());
                        answers.put(pid, a);
                        onEach.accept(pid, a);
                    }
                    default -> throw new AssertionError(m);
                }
            }
        } finally {
            aliases.values().forEach(ctx::unalias);
            monitors.values().forEach(ref -> ctx.demonitor(ref, true));
            Map<Ref, Pid> late = new HashMap<>();
            aliases.forEach((pid, alias) -> late.put(alias.ref(), pid));
            while (ctx.receive(m -> m instanceof Protocol.Reply r && late.containsKey(r.tag()), Duration.ZERO).isPresent()) {
                // dropped
            }
        }
        Map<Pid, Answer> inOrder = new LinkedHashMap<>();
        requests.keySet().forEach(pid -> inOrder.put(pid, answers.get(pid)));
        return inOrder;
    }
}
