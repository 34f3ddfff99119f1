package io.agner.switchdemo.line.api;

/**
 * A subscriber line's states (the classic POTS line): a caller goes IDLE → DIAL_TONE → DIALING →
 * RING_BACK, BUSY_TONE or CONGESTION (as routing decides) → CONNECTED → IDLE; a called line IDLE →
 * RINGING → CONNECTED → IDLE.
 */
public enum LineState {
    IDLE, DIAL_TONE, DIALING, RING_BACK, RINGING, BUSY_TONE, CONGESTION, CONNECTED
}
