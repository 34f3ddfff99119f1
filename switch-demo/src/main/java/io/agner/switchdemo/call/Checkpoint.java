package io.agner.switchdemo.call;

import io.agner.switchdemo.log.event.Schema;

import java.util.List;
import java.util.Objects;

/**
 * The exchange's state at a point of the {@code events} topic, appended to
 * {@code switch-checkpoints} before the consumer group's offset is committed: a restarted
 * exchange resumes from {@code nextOffset} with exactly the state it had there, so it decides
 * every later event as it did (or would have) before the stop.
 *
 * @param nextOffset the first event not reflected in this state
 * @param eventTime  the event time reached
 * @param busyTrunks circuits held by the attempts below
 */
@Schema(name = "switch.checkpoint", version = 1)
public record Checkpoint(long nextOffset, long eventTime, int busyTrunks, List<AttemptState> attempts, Counters counters) {

    public Checkpoint {
        if (nextOffset < 0) {
            throw new IllegalArgumentException("nextOffset must be >= 0, was " + nextOffset);
        }
        attempts = List.copyOf(attempts);
        Objects.requireNonNull(counters, "counters");
    }

    /** One attempt in progress. */
    public record AttemptState(long callId, String caller, String callee, long offHookAt, long dialedAt, long seizedAt,
                               long answeredAt, Phase phase) {}

    /** The exchange's running totals, so that its status survives a restart. */
    public record Counters(long events, long completed, long blocked, long busy, long abandoned, long dropped,
                           long rejected, long absorbed) {
        public static final Counters ZERO = new Counters(0, 0, 0, 0, 0, 0, 0, 0);
    }
}
