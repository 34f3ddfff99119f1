package io.agner.runtime;

/**
 * What {@link ProcessContext#spawnMonitor(ProcessBody)} returns: the new process and the
 * monitor that was in place before it ran.
 */
public record MonitoredPid(Pid pid, Ref ref) {}
