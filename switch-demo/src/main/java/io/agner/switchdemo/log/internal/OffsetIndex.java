package io.agner.switchdemo.log.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A segment's sparse offset index, in memory: sorted (relative offset, byte position) pairs, one
 * per batch that starts after {@code indexIntervalBytes} of batches since the last entry. It is
 * only a cache of the segment; the segment writes it to its {@code .index} file when sealed or
 * closed and rebuilds it when that file is missing or wrong.
 *
 * <p>One writer thread appends and truncates; any thread may {@link #floorEntry}. The writer fills
 * an entry, then publishes it with the volatile {@code size}; a reader reads {@code size} first,
 * so every entry below it is complete. A truncation only lowers {@code size}; a racing reader may
 * still use a dropped entry, which points at or beyond the truncation and is clamped by the
 * segment's readable size (racy, but benign).
 */
final class OffsetIndex {

    private volatile long[] entries = new long[64];   // (relativeOffset << 32) | position
    private volatile int size;

    /**
     * The last entry whose offset is at or below {@code relativeOffset}, packed as
     * {@code (relativeOffset << 32) | position} (read both from one value: a truncation may
     * replace entries), else -1.
     */
    long floorEntry(int relativeOffset) {
        int n = size;
        long[] e = entries;
        int lo = 0;
        int hi = n - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if ((int) (e[mid] >>> 32) <= relativeOffset) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found < 0 ? -1 : e[found];
    }

    /** Writer thread only. Entries must grow in both offset and position. */
    void append(int relativeOffset, int position) {
        int n = size;
        assert n == 0 || ((int) (entries[n - 1] >>> 32) < relativeOffset && (int) entries[n - 1] < position);
        if (n == entries.length) {
            entries = Arrays.copyOf(entries, n * 2);
        }
        entries[n] = ((long) relativeOffset << 32) | (position & 0xffffffffL);
        size = n + 1;
    }

    /** Writer thread only: drops entries at or beyond {@code position}. */
    void truncateTo(int position) {
        int n = size;
        while (n > 0 && (int) entries[n - 1] >= position) {
            n--;
        }
        size = n;
    }

    int size() {
        return size;
    }

    int relativeOffsetAt(int i) {
        return (int) (entries[i] >>> 32);
    }

    int positionAt(int i) {
        return (int) entries[i];
    }

    /** The index file's bytes: 8 per entry, big-endian relative offset then position. */
    ByteBuffer toBytes() {
        int n = size;
        ByteBuffer out = ByteBuffer.allocate(n * 8);
        for (int i = 0; i < n; i++) {
            out.putInt(relativeOffsetAt(i)).putInt(positionAt(i));
        }
        return out.flip();
    }
}
