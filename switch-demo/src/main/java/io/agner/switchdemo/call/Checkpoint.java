package io.agner.switchdemo.call;

import io.agner.switchdemo.log.event.Decoded;
import io.agner.switchdemo.log.event.EventCodec;
import io.agner.switchdemo.log.event.Schema;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The exchange's state at a point of the {@code events} topic, appended to
 * {@code switch-checkpoints} before the consumer group's offset is committed: a restarted
 * exchange resumes from {@code nextOffset} with exactly the state it had there, so it decides
 * every later event as it did (or would have) before the stop.
 *
 * <p>Version 2 says which attempts hold a trunk circuit ({@link AttemptState#holdsTrunk}): a
 * dropped call keeps its circuit until the caller's on-hook. Version 1 checkpoints, written when a
 * dropped call released its circuit at once, still decode ({@link #read}) and restore as they were
 * meant: their dropped attempts hold no circuit, and {@code busyTrunks} counts none for them.
 *
 * @param nextOffset the first event not reflected in this state
 * @param eventTime  the event time reached
 * @param busyTrunks circuits held by the attempts below
 */
@Schema(name = "switch.checkpoint", version = 2)
public record Checkpoint(long nextOffset, long eventTime, int busyTrunks, List<AttemptState> attempts, Counters counters) {

    /** Writes the current version of the checkpoint schema and reads every version. */
    static final EventCodec CODEC = EventCodec.of(Checkpoint.class, V1.class);

    public Checkpoint {
        if (nextOffset < 0) {
            throw new IllegalArgumentException("nextOffset must be >= 0, was " + nextOffset);
        }
        attempts = List.copyOf(attempts);
        Objects.requireNonNull(counters, "counters");
        int holding = (int) attempts.stream().filter(AttemptState::holdsTrunk).count();
        if (busyTrunks != holding) {
            throw new IllegalArgumentException("busyTrunks must be the " + holding + " circuits the attempts hold, was " + busyTrunks);
        }
    }

    /** The checkpoint in {@code bytes}, of any version, or empty if they are none. */
    static Optional<Checkpoint> read(byte[] bytes) {
        return switch (CODEC.decode(bytes)) {
            case Decoded.Valid(Checkpoint c, var schema, var version) -> Optional.of(c);
            case Decoded.Valid(V1 old, var schema, var version) -> Optional.of(old.upgrade());
            default -> Optional.empty();
        };
    }

    /**
     * One attempt in progress.
     *
     * @param holdsTrunk whether it holds a trunk circuit (released at the caller's on-hook, dropped or not)
     */
    public record AttemptState(long callId, String caller, String callee, long offHookAt, long dialedAt, long seizedAt,
                               long answeredAt, Phase phase, boolean holdsTrunk) {}

    /** The exchange's running totals, so that its status survives a restart. */
    public record Counters(long events, long completed, long blocked, long busy, long abandoned, long dropped,
                           long rejected, long absorbed) {
        public static final Counters ZERO = new Counters(0, 0, 0, 0, 0, 0, 0, 0);
    }

    /** Version 1, kept so that its checkpoints still decode: a dropped attempt had released its circuit. */
    @Schema(name = "switch.checkpoint", version = 1)
    record V1(long nextOffset, long eventTime, int busyTrunks, List<AttemptStateV1> attempts, Counters counters) {

        record AttemptStateV1(long callId, String caller, String callee, long offHookAt, long dialedAt, long seizedAt,
                              long answeredAt, Phase phase) {}

        Checkpoint upgrade() {
            List<AttemptState> states = attempts.stream().map(a -> new AttemptState(a.callId(), a.caller(), a.callee(),
                    a.offHookAt(), a.dialedAt(), a.seizedAt(), a.answeredAt(), a.phase(),
                    a.seizedAt() >= 0 && a.phase() != Phase.DROPPED)).toList();
            return new Checkpoint(nextOffset, eventTime, busyTrunks, states, counters);
        }
    }
}
