package io.agner.switchdemo.billing.api;

import java.util.Objects;

/**
 * A finished call attempt, as the switch writes it to the {@code calls} topic. Times are event
 * times (simulated epoch milliseconds); {@code -1} where a phase never happened.
 *
 * @param callId     unique per attempt, from the traffic source
 * @param dialedAt   when the number was complete and the switch routed the call ({@code -1} when never dialled)
 * @param seizedAt   when a trunk circuit was taken ({@code -1} when none was)
 * @param answeredAt when the called party answered
 * @param clearedAt  when the call ended
 */
public record CallRecord(long callId, String caller, String callee, long offHookAt, long dialedAt, long seizedAt,
                         long answeredAt, long clearedAt, Outcome outcome) {

    public CallRecord {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(callee, "callee");
        Objects.requireNonNull(outcome, "outcome");
        if (callId < 0) {
            throw new IllegalArgumentException("callId must be >= 0, was " + callId);
        }
        if (clearedAt < offHookAt) {
            throw new IllegalArgumentException("clearedAt must be >= offHookAt, was " + clearedAt + " < " + offHookAt);
        }
    }

    /** Whole seconds of conversation (answer to clear), 0 when never answered. */
    public long conversationSeconds() {
        return answeredAt < 0 ? 0 : (clearedAt - answeredAt) / 1000;
    }

    /** Conversation in milliseconds, 0 when never answered. */
    public long conversationMillis() {
        return answeredAt < 0 ? 0 : clearedAt - answeredAt;
    }
}
