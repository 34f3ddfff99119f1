package io.agner.runtime.internal;

import io.agner.runtime.ExitReason;
import io.agner.runtime.Pid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a crash report, once, for a process that ended itself abnormally (OTP's proc_lib crash
 * report): pid, registered name, reason and, for a thrown exception, its stack. Processes killed
 * by a signal are not reported; the process that crashed first is.
 */
final class CrashReport {

    /** The logger every crash report goes to. */
    static final String LOGGER = "io.agner.crash";

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    private CrashReport() {}

    static void log(Pid pid, String name, ExitReason reason) {
        String who = name == null ? pid.toString() : pid + " (registered as '" + name + "')";
        if (reason instanceof ExitReason.Error(Throwable cause)) {
            LOG.error("crash report: process {} exited with reason {}", who, reason, cause);
        } else {
            LOG.error("crash report: process {} exited with reason {}", who, reason);
        }
    }
}
