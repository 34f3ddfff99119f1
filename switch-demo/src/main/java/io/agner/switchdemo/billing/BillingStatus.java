package io.agner.switchdemo.billing;

/**
 * What billing has done so far; published after every batch, read by anyone.
 *
 * @param nextOffset       the next {@code calls} offset billing will read
 * @param cdrs             CDRs written by this run of the host
 * @param duplicates       call records skipped because their call was already billed
 * @param retries          rating calls retried because the billing process was down
 * @param cdrsByVersion    CDRs per billing version (index = version)
 * @param chargeByVersion  money charged per billing version, in micros
 * @param firstOffsetByVersion the first {@code calls} offset each version priced, {@code -1} if none
 */
public record BillingStatus(long nextOffset, long cdrs, long duplicates, long retries, long[] cdrsByVersion,
                            long[] chargeByVersion, long[] firstOffsetByVersion) {

    public static final BillingStatus NONE = new BillingStatus(0, 0, 0, 0, new long[3], new long[3], new long[] {-1, -1, -1});
}
