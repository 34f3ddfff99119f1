package telco.billing;

import io.agner.behaviour.From;
import io.agner.behaviour.GenServer;
import io.agner.runtime.ProcessContext;
import io.agner.switchdemo.billing.api.Charge;
import io.agner.switchdemo.billing.api.Outcome;
import io.agner.switchdemo.billing.api.Rate;

import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Billing, version 2: per second, 0.0015 in the peak hours (08:00-18:00 UTC of the call's
 * answer time) and 0.0005 off-peak. Registers as {@code billing}. Its state adds a component;
 * the default code change fills it in, so no hand-written {@code codeChange} is needed.
 */
public class Billing implements GenServer<Billing.State> {

    static final long PEAK_MICROS_PER_SECOND = 1_500;
    static final long OFF_PEAK_MICROS_PER_SECOND = 500;

    /** How many calls this process has rated, and how many of them (since version 2) at peak. */
    public record State(long rated, long ratedAtPeak) {}

    @Override
    public State init(ProcessContext ctx) {
        ctx.register("billing");
        return new State(0, 0);
    }

    @Override
    public Result<State> handleCall(ProcessContext ctx, Object request, From from, State s) {
        if (request instanceof Rate(var call)) {
            if (call.outcome() != Outcome.COMPLETED) {
                return GenServer.reply(new Charge(0, "none", 2), new State(s.rated() + 1, s.ratedAtPeak()));
            }
            int hour = Instant.ofEpochMilli(call.answeredAt()).atZone(ZoneOffset.UTC).getHour();
            boolean peak = hour >= 8 && hour < 18;
            long micros = call.conversationSeconds() * (peak ? PEAK_MICROS_PER_SECOND : OFF_PEAK_MICROS_PER_SECOND);
            return GenServer.reply(new Charge(micros, peak ? "peak" : "off-peak", 2),
                    new State(s.rated() + 1, s.ratedAtPeak() + (peak ? 1 : 0)));
        }
        return GenServer.reply(new IllegalArgumentException("billing@2 cannot handle " + request), s);
    }
}
