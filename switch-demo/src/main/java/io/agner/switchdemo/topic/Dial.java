package io.agner.switchdemo.topic;

import io.agner.switchdemo.log.event.Schema;

/** The caller has dialled the called party's number; the switch routes the call now. */
@Schema(name = "switch.dial", version = 1)
public record Dial(long callId, String line, String digits, long at) implements SubscriberEvent {

    public Dial {
        SubscriberEvent.check(callId, line, at);
        if (digits == null || !SubscriberEvent.isWellFormed(digits)) {
            throw new IllegalArgumentException("digits must be 1-15 decimal digits, was " + (digits == null ? "null" : "'" + digits + "'"));
        }
    }

    @Override
    public int rank() {
        return 3;
    }
}
