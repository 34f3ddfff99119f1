package io.agner.switchdemo.call;

/**
 * What the exchange has done so far; published after every batch of events, read by anyone.
 *
 * @param nextOffset  the next event offset the exchange will read
 * @param eventTime   the event time reached (simulated epoch milliseconds)
 * @param activeCalls attempts in progress
 * @param busyTrunks  circuits held now
 * @param activeLines line processes alive
 * @param rejected    events dead-lettered (undecodable or impossible)
 * @param absorbed    events of dropped calls, absorbed without effect
 * @param lineCrashes line processes this exchange process saw exit abnormally; their supervisor restarts
 *                    each (transient children), so this counts line restarts. Not checkpointed.
 * @param callCrashes call processes this exchange process saw exit abnormally; temporary children, not
 *                    restarted: their calls are dropped. Not checkpointed.
 */
public record ExchangeStatus(long nextOffset, long eventTime, long events, int activeCalls, int busyTrunks, int activeLines,
                             long completed, long blocked, long busy, long abandoned, long dropped, long rejected,
                             long absorbed, long lineCrashes, long callCrashes) {

    public static final ExchangeStatus NONE = new ExchangeStatus(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** Call attempts finished, whatever the outcome. */
    public long finished() {
        return completed + blocked + busy + abandoned + dropped;
    }
}
