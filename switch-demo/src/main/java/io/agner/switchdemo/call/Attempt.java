package io.agner.switchdemo.call;

import io.agner.switchdemo.billing.api.CallRecord;
import io.agner.switchdemo.billing.api.Outcome;

/** One call attempt in progress, from off-hook to the caller's on-hook. Confined to its {@link CallControl}. */
final class Attempt {

    final long callId;
    final String caller;
    final long offHookAt;
    String callee = "";
    long dialedAt = -1;
    long seizedAt = -1;
    long answeredAt = -1;
    Phase phase = Phase.DIAL_TONE;
    /**
     * Holds a trunk circuit: from seizure to the caller's on-hook, even once the call is dropped. In
     * event time a circuit is busy until the caller hangs up whatever happens to the call's
     * processes, so a fault never frees one early for a call that a fault-free run would block.
     */
    boolean holdsTrunk;

    Attempt(long callId, String caller, long offHookAt) {
        this.callId = callId;
        this.caller = caller;
        this.offHookAt = offHookAt;
    }

    /** Whether a call process carries it: from the trunk's seizure until the call is dropped or cleared. */
    boolean hasCallProcess() {
        return phase == Phase.RINGING || phase == Phase.CONNECTED;
    }

    CallRecord record(Outcome outcome, long clearedAt) {
        return new CallRecord(callId, caller, callee, offHookAt, dialedAt, seizedAt, answeredAt,
                Math.max(clearedAt, offHookAt), outcome);
    }

    Checkpoint.AttemptState state() {
        return new Checkpoint.AttemptState(callId, caller, callee, offHookAt, dialedAt, seizedAt, answeredAt, phase, holdsTrunk);
    }

    static Attempt of(Checkpoint.AttemptState s) {
        Attempt a = new Attempt(s.callId(), s.caller(), s.offHookAt());
        a.callee = s.callee();
        a.dialedAt = s.dialedAt();
        a.seizedAt = s.seizedAt();
        a.answeredAt = s.answeredAt();
        a.phase = s.phase();
        a.holdsTrunk = s.holdsTrunk();
        return a;
    }
}
