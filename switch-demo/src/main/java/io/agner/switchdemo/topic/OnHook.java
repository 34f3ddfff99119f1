package io.agner.switchdemo.topic;

import io.agner.switchdemo.log.event.Schema;

/** The caller puts the handset down, which ends call {@code callId} whatever state it is in. */
@Schema(name = "switch.on-hook", version = 1)
public record OnHook(long callId, String line, long at) implements SubscriberEvent {

    public OnHook {
        SubscriberEvent.check(callId, line, at);
    }

    @Override
    public int rank() {
        return 0;
    }
}
