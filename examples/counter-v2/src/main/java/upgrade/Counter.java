package upgrade;

import io.agner.behaviour.From;
import io.agner.behaviour.GenServer;
import io.agner.runtime.ProcessContext;

/**
 * Version 2 of the live-upgrade example's counter: keeps the count across the upgrade (the
 * code server's by-name default conversion fills the new {@code calls} field with 0) and also
 * counts the calls it answers.
 */
public class Counter implements GenServer<Counter.State> {

    public record State(long count, long calls) {}

    @Override
    public State init(ProcessContext ctx) {
        return new State(0, 0);
    }

    @Override
    public Result<State> handleCast(ProcessContext ctx, Object request, State s) {
        return GenServer.noReply("incr".equals(request) ? new State(s.count() + 1, s.calls()) : s);
    }

    @Override
    public Result<State> handleCall(ProcessContext ctx, Object request, From from, State s) {
        State next = new State(s.count(), s.calls() + 1);
        return GenServer.reply("v2: count=" + s.count() + ", calls answered since the upgrade=" + next.calls(), next);
    }
}
