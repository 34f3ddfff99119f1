package io.agner.switchdemo.call;

import io.agner.runtime.ExitReason;
import io.agner.runtime.NoProcException;
import io.agner.runtime.Pid;
import io.agner.runtime.ProcessContext;

/**
 * One connected call: a process linked to both lines, so that a crash of either line ends the
 * call (and the other line, which traps exits, hears it as a drop), and a crash of the call ends
 * it for both. Started under the calls' dynamic supervisor, temporary: a dropped call is not
 * redialled. It exits normally when the exchange sends {@link #CLEAR}, unlinked from the lines first.
 */
public final class CallProcess {

    /** The exchange's "this call is over" message. */
    public static final Object CLEAR = new Object() {
        @Override
        public String toString() {
            return "clear";
        }
    };

    private CallProcess() {}

    /**
     * The process body for call {@code callId} between these two line processes. A line that is
     * already gone is an expected race (it crashed while the call was set up): the call process
     * exits with {@code noproc}, which drops this call only, rather than crash with the link's
     * {@link NoProcException} and its stack.
     */
    public static void run(ProcessContext ctx, long callId, Pid caller, Pid callee) {
        try {
            ctx.link(caller);
            ctx.link(callee);
        } catch (NoProcException lineGone) {
            ctx.exit(ExitReason.NOPROC);
        }
        ctx.receive(m -> m == CLEAR);
        // A cleared call ends normally, which the lines ignore: unlinked first, they are not woken
        // for it (Erlang's idiom of unlinking before a normal exit). Its supervisor still hears it.
        ctx.unlink(caller);
        ctx.unlink(callee);
    }
}
