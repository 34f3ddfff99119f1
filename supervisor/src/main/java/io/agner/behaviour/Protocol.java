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

    /** A starter's answer from init: {@code failure} null means started. */
    record InitAck(Ref tag, ExitReason failure) {}

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

    /** Switch to {@code code} with {@code state}, both computed by the caller (a code server's upgrade). */
    record InstallCode(Object code, Object state) implements SysOp {}

    /** Label the process with the module version it runs, for {@code ProcessInfo.moduleVersion}. */
    record SetModuleVersion(String moduleVersion) implements SysOp {}

    /** Switch to {@code code} and convert the state with its {@code codeChange(oldVersion, state, extra)}. */
    record ChangeCode(Object code, Object oldVersion, Object extra) implements SysOp {}
}
