package io.agner.behaviour;

import io.agner.runtime.ExitReason;

/**
 * A behaviour's init declined to start ({@link GenServer#ignore()}, {@link StateMachine#ignore()};
 * OTP's {@code ignore}): no process remains — it has exited {@code normal}, so a linked starter
 * that traps exits also received {@code Exit(pid, normal)}. What {@code start} and
 * {@code startLink} throw instead of OTP's {@code ignore} return value, so a caller that expects
 * a running process never gets a pid of one that is gone. A supervisor's child start that throws
 * it (or returns null) is ignored, as OTP's supervisor ignores {@code ignore}.
 */
public final class StartIgnoredException extends StartException {

    private static final long serialVersionUID = 1L;

    public StartIgnoredException(String what) {
        super(ExitReason.NORMAL, "start of " + what + " was ignored by its init");
    }
}
