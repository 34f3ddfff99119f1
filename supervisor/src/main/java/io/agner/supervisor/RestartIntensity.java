package io.agner.supervisor;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Restart intensity as OTP computes it: the restarts of the last {@code period}, and whether one
 * more exceeds {@code intensity}. Times come from the node's monotonic clock (so tests use a
 * manual one). Used on the supervisor's process only.
 */
final class RestartIntensity {

    private final int intensity;
    private final long periodNanos;
    private final Deque<Long> restarts = new ArrayDeque<>();

    RestartIntensity(int intensity, long periodNanos) {
        this.intensity = intensity;
        this.periodNanos = periodNanos;
    }

    /** Records a restart at {@code now}; false if that makes more than {@code intensity} within the period. */
    boolean allow(long now) {
        restarts.addLast(now);
        while (!restarts.isEmpty() && now - restarts.peekFirst() > periodNanos) {
            restarts.removeFirst();
        }
        return restarts.size() <= intensity;
    }
}
