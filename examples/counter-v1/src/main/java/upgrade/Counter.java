package upgrade;

import io.agner.behaviour.From;
import io.agner.behaviour.GenServer;
import io.agner.runtime.ProcessContext;

/** Version 1 of the live-upgrade example's counter: counts "incr" casts, answers "get". */
public class Counter implements GenServer<Counter.State> {

    public record State(long count) {}

    @Override
    public State init(ProcessContext ctx) {
        return new State(0);
    }

    @Override
    public Result<State> handleCast(ProcessContext ctx, Object request, State s) {
        return GenServer.noReply("incr".equals(request) ? new State(s.count() + 1) : s);
    }

    @Override
    public Result<State> handleCall(ProcessContext ctx, Object request, From from, State s) {
        return GenServer.reply("v1: count=" + s.count(), s);
    }
}
