package io.agner.switchdemo.call;

/** A subscriber line's states (the classic POTS line). */
public enum LineState {
    IDLE, DIAL_TONE, RING_BACK, RINGING, BUSY_TONE, CONGESTION, CONNECTED
}
