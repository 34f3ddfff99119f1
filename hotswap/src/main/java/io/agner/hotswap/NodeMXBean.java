package io.agner.hotswap;

/** JMX view of a node ({@link AgnerMBeans}): {@code io.agner:type=Node,name=<node>}. Read-only. */
public interface NodeMXBean {

    /** The name it was registered under. */
    String getName();

    long getUptimeMillis();

    /** Processes alive or exiting now. */
    long getProcessCount();

    /** Processes spawned since the node started. */
    long getSpawned();

    /** Processes exited since the node started. */
    long getExited();

    /** The scheduler running the processes: {@code agner} or {@code jdk}. */
    String getScheduler();

    /** The registered names, sorted. */
    String[] getRegisteredNames();
}
