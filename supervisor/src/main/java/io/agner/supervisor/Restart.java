package io.agner.supervisor;

/** When a child is restarted (OTP's restart types). */
public enum Restart {
    /** Always. */
    PERMANENT,
    /** Only after an abnormal exit: not after {@code normal}, {@code shutdown} or {@code shutdown} with a detail; it then stays listed without a pid. */
    TRANSIENT,
    /** Never; the child is removed from the supervisor when it exits. */
    TEMPORARY
}
