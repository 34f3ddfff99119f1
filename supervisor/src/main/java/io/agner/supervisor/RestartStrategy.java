package io.agner.supervisor;

/** Which children a supervisor restarts when one fails (OTP's strategies). */
public enum RestartStrategy {
    /** Only the failed child. */
    ONE_FOR_ONE,
    /** All children: the others are stopped (in reverse start order), then all start again in order. */
    ONE_FOR_ALL,
    /** The failed child and those started after it. */
    REST_FOR_ONE,
    /** Dynamic children of one template, started on demand with extra arguments; only the failed one restarts. */
    SIMPLE_ONE_FOR_ONE
}
