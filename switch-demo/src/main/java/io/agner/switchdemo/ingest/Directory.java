package io.agner.switchdemo.ingest;

import io.agner.switchdemo.topic.SubscriberEvent;

/**
 * One exchange area's subscribers: {@code size} lines numbered from {@code 100000} in area 0, and
 * from {@code area * 1000000 + 100000} in area {@code area} (so every number is unique across
 * areas). Immutable.
 */
public record Directory(int area, int size) {

    static final int FIRST = 100_000;
    static final int AREA_STRIDE = 1_000_000;
    /** Areas a node can serve; numbers stay below 10^9. */
    public static final int MAX_AREAS = 999;

    public Directory {
        if (area < 0 || area >= MAX_AREAS) {
            throw new IllegalArgumentException("area must be 0.." + (MAX_AREAS - 1) + ", was " + area);
        }
        if (size < 2 || size > 899_999) {
            throw new IllegalArgumentException("subscribers must be 2..899999, was " + size);
        }
    }

    /** Area 0's directory. */
    public Directory(int size) {
        this(0, size);
    }

    private long first() {
        return (long) area * AREA_STRIDE + FIRST;
    }

    public String number(int index) {
        return Long.toString(first() + index);
    }

    /** The index of {@code number} in this area ({@code number(index(n)).equals(n)}), or -1 when it is not one of its lines. */
    public int index(String number) {
        return contains(number) ? (int) (Long.parseLong(number) - first()) : -1;
    }

    /** Whether {@code number} is one of this area's lines. */
    public boolean contains(String number) {
        if (number.isEmpty() || number.length() > 9 || !SubscriberEvent.isWellFormed(number)) {
            return false;
        }
        long n = Long.parseLong(number);
        return n >= first() && n < first() + size;
    }
}
