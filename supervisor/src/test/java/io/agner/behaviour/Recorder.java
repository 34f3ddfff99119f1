package io.agner.behaviour;

import io.agner.runtime.ExitReason;
import io.agner.runtime.Pid;
import io.agner.runtime.ProcessContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A gen_server for the tests: its state is the list of what it was cast (or appended by a call),
 * in order; it tells {@code observer} about its info messages and its terminate.
 *
 * {@snippet :
 * call Get                  → reply(state)
 * call Await(gate, item)    → waits for gate, appends item, reply("ok")
 * call/cast Crash(message)  → throws IllegalStateException(message)
 * call/cast StopWith(r, v)  → stop(r, v)
 * call anything else        → reply(request)          (an echo)
 * cast anything else        → appends it
 * info                      → tells observer Info(message)
 * terminate(reason, state)  → tells observer Terminated(reason, state)
 * }
 */
final class Recorder implements GenServer<List<Object>> {

    record Get() {}

    record Await(CountDownLatch gate, Object item) {}

    record Crash(String message) {}

    record StopWith(ExitReason reason, Object reply) {}

    record Info(Object message) {}

    record Terminated(ExitReason reason, List<Object> state) {}

    private final Pid observer; // null: tell no one
    private final boolean trapExit;

    private Recorder(Pid observer, boolean trapExit) {
        this.observer = observer;
        this.trapExit = trapExit;
    }

    static Recorder unobserved() {
        return new Recorder(null, false);
    }

    static Recorder observedBy(Pid observer) {
        return new Recorder(observer, false);
    }

    static Recorder trappingExits(Pid observer) {
        return new Recorder(observer, true);
    }

    @Override
    public List<Object> init(ProcessContext ctx) {
        ctx.trapExit(trapExit);
        return List.of();
    }

    @Override
    public Result<List<Object>> handleCall(ProcessContext ctx, Object request, From from, List<Object> state) throws Exception {
        return switch (request) {
            case Get g -> GenServer.reply(state, state);
            case Await(CountDownLatch gate, Object item) -> {
                gate.await();
                yield GenServer.reply("ok", append(state, item));
            }
            case Crash(String message) -> throw new IllegalStateException(message);
            case StopWith(ExitReason reason, Object reply) -> GenServer.stop(reason, reply, state);
            default -> GenServer.reply(request, state);
        };
    }

    @Override
    public Result<List<Object>> handleCast(ProcessContext ctx, Object request, List<Object> state) {
        return switch (request) {
            case Crash(String message) -> throw new IllegalStateException(message);
            case StopWith(ExitReason reason, Object reply) -> GenServer.stop(reason, state);
            default -> GenServer.noReply(append(state, request));
        };
    }

    @Override
    public Result<List<Object>> handleInfo(ProcessContext ctx, Object message, List<Object> state) {
        tell(ctx, new Info(message));
        return GenServer.noReply(state);
    }

    @Override
    public void terminate(ProcessContext ctx, ExitReason reason, List<Object> state) {
        tell(ctx, new Terminated(reason, state));
    }

    private void tell(ProcessContext ctx, Object what) {
        if (observer != null) {
            ctx.send(observer, what);
        }
    }

    static List<Object> append(List<Object> state, Object item) {
        List<Object> next = new ArrayList<>(state);
        next.add(item);
        return List.copyOf(next);
    }
}
