package io.agner.switchdemo.topic;

import io.agner.switchdemo.log.event.Schema;

/** The called party lifts the handset of a ringing line. */
@Schema(name = "switch.answer", version = 1)
public record Answer(long callId, String line, long at) implements SubscriberEvent {

    public Answer {
        SubscriberEvent.check(callId, line, at);
    }

    @Override
    public int rank() {
        return 1;
    }
}
