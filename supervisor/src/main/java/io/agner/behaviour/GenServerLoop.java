package io.agner.behaviour;

import io.agner.runtime.Alias;
import io.agner.runtime.ExitReason;
import io.agner.runtime.Pid;
import io.agner.runtime.ProcessContext;

/** A {@link GenServer}'s process: dispatches calls, casts and other messages to its callbacks. */
final class GenServerLoop<S> extends BehaviourLoop<S> {

    private GenServer<S> code; // replaced by an upgrade's commit; only this process touches it

    GenServerLoop(GenServer<S> code, Pid parent, Alias starter) {
        super("gen_server", parent, starter);
        this.code = code;
    }

    @Override
    S init(ProcessContext ctx) throws Exception {
        return code.init(ctx);
    }

    @Override
    Step<S> handle(ProcessContext ctx, Object message, S state) throws Exception {
        return switch (message) {
            case Protocol.Call c -> step(code.handleCall(ctx, c.request(), c.from(), state), c.from(), "handleCall");
            case Protocol.Cast c -> step(code.handleCast(ctx, c.request(), state), null, "handleCast");
            default -> step(code.handleInfo(ctx, message, state), null, "handleInfo");
        };
    }

    private Step<S> step(GenServer.Result<S> result, From from, String callback) {
        return switch (result) {
            case null -> throw new IllegalStateException(code.getClass().getName() + "." + callback + " returned null, not a Result");
            case GenServer.Reply<S> r -> {
                if (from == null) {
                    throw new IllegalStateException(code.getClass().getName() + "." + callback + " returned Reply, but there is no call to answer");
                }
                GenServers.reply(from, r.value());
                yield new Continue<>(r.state());
            }
            case GenServer.NoReply<S> n -> new Continue<>(n.state());
            case GenServer.Stop<S> s -> {
                if (s.reply() != null && from != null) {
                    GenServers.reply(from, s.reply());
                }
                yield new Exit<>(s.reason(), s.state());
            }
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
