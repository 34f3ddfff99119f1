package io.agner.switchdemo.call;

/** Where a call attempt stands, as the exchange decides it in event time. */
public enum Phase {
    /** The caller is off-hook and dialling. */
    DIAL_TONE,
    /** A trunk is seized and the called line rings. */
    RINGING,
    /** Answered: the two lines talk. */
    CONNECTED,
    /** Every trunk was busy; the caller hears congestion tone until on-hook. */
    BLOCKED,
    /** The called line was busy; the caller hears busy tone until on-hook. */
    BUSY,
    /**
     * A process of the call crashed; its record is written, later events of it are absorbed, and
     * its trunk circuit (if it seized one) stays busy until the caller's on-hook.
     */
    DROPPED
}
