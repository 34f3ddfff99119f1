package telco.billing;

import io.agner.behaviour.From;
import io.agner.behaviour.GenServer;
import io.agner.runtime.ProcessContext;
import io.agner.switchdemo.billing.api.Charge;
import io.agner.switchdemo.billing.api.Outcome;
import io.agner.switchdemo.billing.api.Rate;

/**
 * Billing, version 1: a flat rate of 0.05 per started minute of conversation, whatever the time
 * of day. Registers as {@code billing}.
 */
public class Billing implements GenServer<Billing.State> {

    static final long MICROS_PER_STARTED_MINUTE = 50_000;

    /** How many calls this process has rated. */
    public record State(long rated) {}

    @Override
    public State init(ProcessContext ctx) {
        ctx.register("billing");
        return new State(0);
    }

    @Override
    public Result<State> handleCall(ProcessContext ctx, Object request, From from, State s) {
        if (request instanceof Rate(var call)) {
            long minutes = call.outcome() == Outcome.COMPLETED ? (call.conversationMillis() + 59_999) / 60_000 : 0;
            return GenServer.reply(new Charge(minutes * MICROS_PER_STARTED_MINUTE, "flat", 1), new State(s.rated() + 1));
        }
        return GenServer.reply(new IllegalArgumentException("billing@1 cannot handle " + request), s);
    }
}
