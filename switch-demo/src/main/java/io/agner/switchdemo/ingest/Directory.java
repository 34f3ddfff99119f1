package io.agner.switchdemo.ingest;

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
        long n = value(number);
        return n >= first() && n < first() + size ? (int) (n - first()) : -1;
    }

    /** Whether {@code number} is one of this area's lines. */
    public boolean contains(String number) {
        return index(number) >= 0;
    }

    /**
     * The number's value in one pass over its digits (the exchange asks for every line of every
     * event), or -1 if it is not 1 to 9 decimal digits: longer ones are no area's.
     */
    private static long value(String number) {
        int length = number.length();
        if (length < 1 || length > 9) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < length; i++) {
            char c = number.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
