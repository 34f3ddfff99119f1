package io.agner.hotswap;

import java.time.Duration;

/**
 * The control server's pause after a failed {@code accept} — typically EMFILE, the node out of
 * file descriptors, which fails every accept until some close: {@link #FIRST}, doubling with
 * each failure in a row up to {@link #MAX}, and none again after a success. It also tells where
 * a burst of failures starts and ends, so the loop logs one line for each, not one per failure.
 * Used by the accept loop's thread only: not thread-safe.
 */
final class AcceptBackoff {

    /** The pause after the first failure of a burst. */
    static final Duration FIRST = Duration.ofMillis(10);

    /** The longest pause: a node whose descriptors come back is served again within it. */
    static final Duration MAX = Duration.ofSeconds(1);

    private int failures;

    /** Records a failed accept; returns how long to pause before the next. */
    Duration failed() {
        Duration pause = FIRST.multipliedBy(1L << Math.min(failures, 30));
        failures++;
        return pause.compareTo(MAX) < 0 ? pause : MAX;
    }

    /** True right after the first failure of a burst: the one to log. */
    boolean burstStarted() {
        return failures == 1;
    }

    /** Records a successful accept; returns how many failures in a row it ends (0 if none). */
    int succeeded() {
        int ended = failures;
        failures = 0;
        return ended;
    }
}
