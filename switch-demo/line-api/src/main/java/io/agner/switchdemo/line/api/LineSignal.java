package io.agner.switchdemo.line.api;

/**
 * What the exchange tells a line process. All signals to a line come from the exchange, so they
 * arrive in the order the exchange decided them.
 */
public sealed interface LineSignal {

    long callId();

    /** This line went off-hook for call {@code callId}: dial tone. */
    record Seize(long callId) implements LineSignal {}

    /** The caller dialled {@code digits}: the exchange routes the call next. */
    record Digits(long callId, String digits) implements LineSignal {}

    /** The call this line makes is routed: ring-back tone. */
    record RingBack(long callId) implements LineSignal {}

    /** An incoming call: this line rings. */
    record Ring(long callId) implements LineSignal {}

    /** The called line is busy: busy tone. */
    record BusyTone(long callId) implements LineSignal {}

    /** No trunk circuit was free: congestion tone. */
    record Congestion(long callId) implements LineSignal {}

    /** Answered: talking. */
    record Connect(long callId) implements LineSignal {}

    /** The call is over: back to idle. */
    record Release(long callId) implements LineSignal {}

    /** Idle for long: stop (normally; the line's next event starts it again). */
    record Deactivate(long callId) implements LineSignal {}

    /**
     * Several signals decided for this line while the exchange handled one poll of events, in
     * the order decided: one message and one wake-up instead of several. A line handles them one
     * by one, in order, before its next message. Its call is the last signal's.
     */
    record Batch(java.util.List<LineSignal> signals) implements LineSignal {
        public Batch {
            signals = java.util.List.copyOf(signals);
            if (signals.isEmpty()) {
                throw new IllegalArgumentException("an empty batch");
            }
        }

        @Override
        public long callId() {
            return signals.getLast().callId();
        }
    }
}
