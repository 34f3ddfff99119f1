package io.agner.hotswap;

import java.util.Map;

/**
 * JMX view of a node's registered supervisors and their restart counts ({@link AgnerMBeans}):
 * {@code io.agner:type=Supervisors,node=<node>}. Each read asks the supervisors
 * ({@code Supervisor.restarts}), waiting at most a second for each; supervisors without a
 * registered name are not listed.
 */
public interface SupervisorsMXBean {

    /** The registered names of the node's supervisors, sorted. */
    String[] getSupervisors();

    /** Every registered supervisor's restarts, keyed {@code "<supervisor>/<child id>"}. */
    Map<String, Long> getRestarts();

    /** Restarts of all children of every registered supervisor. */
    long getTotalRestarts();

    /** One supervisor's restarts by child id; empty if it does not run. */
    Map<String, Long> restartsOf(String supervisor);

    /** How often {@code supervisor} has restarted child {@code childId}; 0 if it never did or does not run. */
    long restarts(String supervisor, String childId);
}
