package io.agner.switchdemo.topic;

import io.agner.switchdemo.billing.api.CallRecord;
import io.agner.switchdemo.log.event.Schema;

import java.util.Objects;

/** A finished call attempt as the exchange appends it to the {@code calls} topic. */
@Schema(name = "switch.call-ended", version = 1)
public record CallEnded(CallRecord call) {

    public CallEnded {
        Objects.requireNonNull(call, "call");
    }
}
