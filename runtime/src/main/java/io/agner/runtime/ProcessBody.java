package io.agner.runtime;

/**
 * The code a process runs: plain blocking Java, called once on the process's own virtual thread.
 *
 * <p>Returning ends the process with reason {@code normal}; throwing ends it with
 * {@link ExitReason.Error} carrying the exception (and a crash report);
 * {@link ProcessContext#exit(ExitReason)} ends it with the reason given.
 */
@FunctionalInterface
public interface ProcessBody {

    void run(ProcessContext ctx) throws Exception;
}
