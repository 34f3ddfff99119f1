package io.agner.switchdemo.topic;

import io.agner.switchdemo.log.event.Schema;

/** A subscriber lifts the handset to start call {@code callId}. */
@Schema(name = "switch.off-hook", version = 1)
public record OffHook(long callId, String line, long at) implements SubscriberEvent {

    public OffHook {
        SubscriberEvent.check(callId, line, at);
    }

    @Override
    public int rank() {
        return 2;
    }
}
