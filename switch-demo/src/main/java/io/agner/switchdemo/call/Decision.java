package io.agner.switchdemo.call;

import io.agner.switchdemo.line.api.LineSignal;
import io.agner.switchdemo.billing.api.CallRecord;

/**
 * What {@link CallControl} decides, for the exchange process to carry out in the order given.
 * Each names lines by number and calls by id: no processes, no log.
 */
sealed interface Decision {

    /** The line takes part in an event at event time {@code at}: it is active, and not idle since then. */
    record UseLine(String line, long at) implements Decision {}

    /** Tell the line's process; it follows whatever the exchange decides. */
    record Tell(String line, LineSignal signal) implements Decision {}

    /** A trunk is seized for the call: start its call process, linked to both lines' processes. */
    record StartCall(long callId, String caller, String callee) implements Decision {}

    /** The call is over: its call process exits normally. */
    record ClearCall(long callId) implements Decision {}

    /** The call is dropped: its call process is killed. */
    record KillCall(long callId) implements Decision {}

    /** A call attempt is finished: append its record to the {@code calls} topic. */
    record WriteRecord(CallRecord call) implements Decision {}

    /** The event is impossible: dead-letter it with this reason. */
    record Reject(String reason) implements Decision {}
}
