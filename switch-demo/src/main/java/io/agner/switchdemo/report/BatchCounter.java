package io.agner.switchdemo.report;

/**
 * Not thread-safe: one owner calls {@link #attempt} and {@link #estimate}, or callers
 * synchronize. Counts call attempts and blockings into {@code batches} consecutive stretches of
 * simulated time, each {@code batchMillis} long, for a {@link BlockingEstimate} by batch means.
 * {@snippet lang=text :
 * batch:    0             1                   batches-1
 *        |-------------|-------------| ... |-------------|
 *      start      start+batchMillis                     end = start + batches·batchMillis
 * }
 * An attempt before {@code start} counts in batch 0, one at or after {@code end} in the last
 * batch, so a run that overshoots its planned length loses nothing.
 */
public final class BatchCounter {

    private final long startMillis;
    private final long batchMillis;
    private final long endMillis;
    private final long[] attempts;
    private final long[] blocked;

    /**
     * @throws IllegalArgumentException if {@code batchMillis < 1}, {@code batches < 2} (an
     *                                  error needs two batches), or the end time overflows
     */
    public BatchCounter(long startMillis, long batchMillis, int batches) {
        if (batchMillis < 1) {
            throw new IllegalArgumentException("batchMillis must be >= 1, was " + batchMillis);
        }
        if (batches < 2) {
            throw new IllegalArgumentException("batches must be >= 2, was " + batches);
        }
        try {
            this.endMillis = Math.addExact(startMillis, Math.multiplyExact(batchMillis, batches));
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("startMillis " + startMillis + " + batchMillis " + batchMillis
                    + " × batches " + batches + " overflows a long", e);
        }
        this.startMillis = startMillis;
        this.batchMillis = batchMillis;
        this.attempts = new long[batches];
        this.blocked = new long[batches];
    }

    /** Records one call attempt at simulated time {@code atMillis}, and whether it was blocked. */
    public void attempt(long atMillis, boolean blocked) {
        int i = batchOf(atMillis);
        attempts[i]++;
        if (blocked) {
            this.blocked[i]++;
        }
    }

    /**
     * The estimate from the counts so far; the counter keeps counting afterwards.
     *
     * @throws IllegalArgumentException if fewer than two batches have attempts yet
     */
    public BlockingEstimate estimate() {
        return BlockingEstimate.fromBatches(attempts, blocked);
    }

    private int batchOf(long atMillis) {
        if (atMillis < startMillis) {
            return 0;
        }
        if (atMillis >= endMillis) {
            return attempts.length - 1;
        }
        // start <= at < end, and end - start fits in a long, so this cannot overflow.
        return (int) ((atMillis - startMillis) / batchMillis);
    }
}
