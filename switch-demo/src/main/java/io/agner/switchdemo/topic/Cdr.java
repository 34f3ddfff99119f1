package io.agner.switchdemo.topic;

import io.agner.switchdemo.billing.api.Outcome;
import io.agner.switchdemo.log.event.Schema;

/**
 * A call detail record, as billing appends it to the {@code cdr} topic: one per call attempt
 * (uncharged unless completed), identified by {@code callId}.
 *
 * @param callsOffset    the offset of the call's record in the {@code calls} topic
 * @param billingVersion the billing module version that priced it
 */
@Schema(name = "switch.cdr", version = 1)
public record Cdr(long callId, String caller, String callee, Outcome outcome, long answeredAt, long clearedAt,
                  long seconds, long chargeMicros, String tariff, int billingVersion, long callsOffset) {

    public Cdr {
        if (chargeMicros < 0) {
            throw new IllegalArgumentException("chargeMicros must be >= 0, was " + chargeMicros);
        }
    }
}
