package io.agner.switchdemo.topic;

/**
 * What a subscriber does, as the traffic source appends it to the {@code events} topic. Every
 * event names its call attempt and happens at an event time ({@code at}, simulated epoch
 * milliseconds); the switch decides in event time only.
 */
public sealed interface SubscriberEvent permits OffHook, Dial, Answer, OnHook {

    long callId();

    /** The directory number of the line the event happens on. */
    String line();

    long at();

    /** Order among events at the same millisecond: clearing before answering before new calls. */
    int rank();

    static void check(long callId, String line, long at) {
        if (callId < 0) {
            throw new IllegalArgumentException("callId must be >= 0, was " + callId);
        }
        if (line == null || !isWellFormed(line)) {
            throw new IllegalArgumentException("line must be 1-15 decimal digits, was " + (line == null ? "null" : "'" + line + "'"));
        }
        if (at < 0) {
            throw new IllegalArgumentException("at must be >= 0, was " + at);
        }
    }

    /** Whether {@code digits} is a well-formed number, a line's or a dialled one: 1 to 15 decimal digits. */
    static boolean isWellFormed(String digits) {
        int n = digits.length();
        if (n < 1 || n > 15) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
