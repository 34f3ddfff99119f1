package io.agner.behaviour;

import io.agner.runtime.Alias;
import io.agner.runtime.ExitReason;
import io.agner.runtime.Pid;
import io.agner.runtime.ProcessContext;
import java.time.Duration;

/** A {@link GenServer}'s process: dispatches calls, casts and other messages to its callbacks. */
final class GenServerLoop<S> extends BehaviourLoop<S> {

    private GenServer<S> code; // replaced by an upgrade's commit; only this process touches it

    GenServerLoop(GenServer<S> code, Pid parent, Alias starter) {
        super("gen_server", parent, starter);
        this.code = code;
    }

    @Override
    Step<S> init(ProcessContext ctx) throws Exception {
        return switch (code.start(ctx)) {
            case null -> throw new IllegalStateException(code.getClass().getName() + ".start returned null, not an Init");
            case GenServer.Ok<S> ok -> then(ok.state(), ok.then());
            case GenServer.Ignore<S> i -> new Ignore<>();
        };
    }

    @Override
    Step<S> handle(ProcessContext ctx, Object message, S state) throws Exception {
        return switch (message) {
            case Protocol.Call c -> step(ctx, code.handleCall(ctx, c.request(), c.from(), state), c.from(), "handleCall");
            case Protocol.Cast c -> step(ctx, code.handleCast(ctx, c.request(), state), null, "handleCast");
            default -> step(ctx, code.handleInfo(ctx, message, state), null, "handleInfo");
        };
    }

    @Override
    Step<S> proceed(ProcessContext ctx, Object continuation, S state) throws Exception {
        return step(ctx, code.handleContinue(ctx, continuation, state), null, "handleContinue");
    }

    @Override
    Step<S> timedOut(ProcessContext ctx, S state) throws Exception {
        return step(ctx, code.handleInfo(ctx, GenServer.TIMEOUT, state), null, "handleInfo");
    }

    private Step<S> step(ProcessContext ctx, GenServer.Result<S> result, From from, String callback) {
        return switch (result) {
            case null -> throw new IllegalStateException(code.getClass().getName() + "." + callback + " returned null, not a Result");
            case GenServer.Reply<S> r -> {
                if (from == null) {
                    throw new IllegalStateException(code.getClass().getName() + "." + callback + " returned Reply, but there is no call to answer");
                }
                GenServers.reply(ctx, from, r.value());
                yield then(r.state(), r.then());
            }
            case GenServer.NoReply<S> n -> then(n.state(), n.then());
            case GenServer.Stop<S> s -> {
                if (s.reply() != null && from != null) {
                    GenServers.reply(ctx, from, s.reply());
                }
                yield new Exit<>(s.reason(), s.state());
            }
        };
    }

    private static <S> Continue<S> then(S state, GenServer.Then then) {
        return switch (then) {
            case GenServer.Then.Wait w -> new Continue<>(state);
            case GenServer.Then.WaitAtMost(Duration timeout) -> new Continue<>(state, timeout, null);
            case GenServer.Then.Continue(Object continuation) -> new Continue<>(state, null, continuation);
            case GenServer.Then.Hibernate h -> new Continue<>(state, null, null, true);
        };
    }

    @Override
    void terminate(ProcessContext ctx, ExitReason reason, S state) throws Exception {
        code.terminate(ctx, reason, state);
    }

    @Override
    @SuppressWarnings("unchecked")
    S install(Object newCode, Object state, S current) {
        if (!(newCode instanceof GenServer<?> next)) {
            throw new IllegalArgumentException("new code for a gen_server must be a GenServer, was " + newCode);
        }
        code = (GenServer<S>) next;
        return (S) state;
    }
}
