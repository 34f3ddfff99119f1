package io.agner.behaviour;

import io.agner.runtime.ExitReason;
import io.agner.runtime.Ref;
import io.agner.runtime.SystemMessage;
import java.util.function.UnaryOperator;

/** The messages behaviours exchange with their clients. Immutable records; not API. */
final class Protocol {

    private Protocol() {}

    /** A synchronous request (gen_server's {@code '$gen_call'}). */
    record Call(From from, Object request) {}

    /** An asynchronous request (gen_server's {@code '$gen_cast'}). */
    record Cast(Object request) {}

    /** The answer to a {@link Call} or a {@link SysRequest}, tagged with the caller's alias ref. */
    record Reply(Ref tag, Object value) {}

    /** A reply {@link Calls#call} throws in the caller instead of returning it: an unchecked exception or an error. */
    record ErrorReply(Throwable error) {
        ErrorReply {
            if (!(error instanceof RuntimeException) && !(error instanceof Error)) {
                throw new IllegalArgumentException("an error reply is an unchecked exception or an error, was " + error);
            }
        }

        /** Throws the error in the calling thread. */
        RuntimeException raise() {
            if (error instanceof Error e) {
                throw e;
            }
            throw (RuntimeException) error;
        }
    }

    /**
     * A starter's answer from init: {@code failure} null means started, unless {@code ignored}
     * (init declined; the process then exits {@code normal}).
     */
    record InitAck(Ref tag, ExitReason failure, boolean ignored) {
        static InitAck started(Ref tag) {
            return new InitAck(tag, null, false);
        }

        static InitAck failed(Ref tag, ExitReason failure) {
            return new InitAck(tag, failure, false);
        }

        static InitAck ignored(Ref tag) {
            return new InitAck(tag, null, true);
        }
    }

    /** A {@code sys} request; served even while suspended, never dropped by a bounded mailbox. */
    record SysRequest(From from, SysOp op) implements SystemMessage {}

    /** What a {@link SysRequest} asks. */
    sealed interface SysOp {}

    record Suspend() implements SysOp {}

    record Resume() implements SysOp {}

    record GetState() implements SysOp {}

    record ReplaceState(UnaryOperator<Object> replace) implements SysOp {}

    /** Run {@code terminate} and exit with {@code reason} (OTP's {@code proc_lib:stop}). */
    record Terminate(ExitReason reason) implements SysOp {}

    /** Label the process with the module version it runs, for {@code ProcessInfo.moduleVersion}. */
    record SetModuleVersion(String moduleVersion) implements SysOp {}

    /** Suspend and answer the state (an upgrade's phase one). */
    record PrepareUpgrade() implements SysOp {}

    /** Switch to the new code and state, label, resume (an upgrade's commit). */
    record CommitUpgrade(Sys.NewCode next, String moduleVersion) implements SysOp {}

    /** Resume on the old code (an upgrade's abort). */
    record AbortUpgrade() implements SysOp {}
}
