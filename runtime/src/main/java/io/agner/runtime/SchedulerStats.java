package io.agner.runtime;

import java.util.List;
import java.util.Objects;

/**
 * A read-only snapshot of a node's scheduler, from {@link Node#schedulerStats()}. Counters are
 * cumulative since the node started; each carrier's are read without stopping it, so a snapshot
 * is consistent per counter, not across counters.
 *
 * @param kind                 the scheduler actually running the processes (after any fallback)
 * @param note                 why it is that kind when another was asked for (the fallback's
 *                             reason), or empty
 * @param carriers             one entry per carrier thread running now, replacements included,
 *                             then, once a replacement has retired, one entry with index -1 that
 *                             sums every retired replacement's counters; empty for
 *                             {@link SchedulerKind#JDK}
 * @param replacementsStarted  carriers started because others were blocked too long
 * @param uptimeNanos          time since the scheduler started
 */
public record SchedulerStats(SchedulerKind kind, String note, List<CarrierStats> carriers, long replacementsStarted,
                             long uptimeNanos) {

    public SchedulerStats {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(note, "note");
        carriers = List.copyOf(carriers);
    }

    /** Sum of every carrier's continuations run. */
    public long continuations() {
        return carriers.stream().mapToLong(CarrierStats::continuations).sum();
    }

    /**
     * One carrier's counters.
     *
     * @param index         its number (carriers are named {@code agner-carrier-<node>-<index>}); -1
     *                      for the sum of the retired replacements
     * @param replacement   started to stand in for a blocked carrier
     * @param alive         still running (a replacement retires when it has been idle a while)
     * @param continuations virtual-thread continuations run (each a process running until it blocks)
     * @param runNextHits   of those, taken from its run-next slot: a process woken by the one that ran
     *                      before it on this carrier
     * @param steals        continuations taken from other carriers
     * @param spins         times it spun looking for work before parking
     * @param parks         times it parked with nothing to do
     * @param busyNanos     time spent outside its idle loop (running continuations and finding them),
     *                      as BEAM's scheduler wall time counts it
     * @param utilisation   busyNanos / the carrier's lifetime, 0..1
     */
    public record CarrierStats(int index, boolean replacement, boolean alive, long continuations, long runNextHits,
                               long steals, long spins, long parks, long busyNanos, double utilisation) {}
}
