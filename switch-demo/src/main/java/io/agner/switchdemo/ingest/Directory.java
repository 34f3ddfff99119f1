package io.agner.switchdemo.ingest;

/**
 * The exchange's subscribers: {@code size} lines numbered {@code 100000} upwards. Immutable.
 */
public record Directory(int size) {

    static final int FIRST = 100_000;

    public Directory {
        if (size < 2 || size > 899_999) {
            throw new IllegalArgumentException("subscribers must be 2..899999, was " + size);
        }
    }

    public String number(int index) {
        return Integer.toString(FIRST + index);
    }

    /** Whether {@code number} is one of this exchange's lines. */
    public boolean contains(String number) {
        if (number.length() != 6) {
            return false;
        }
        int n = Integer.parseInt(number);
        return n >= FIRST && n < FIRST + size;
    }

    static boolean isWellFormed(String digits) {
        int n = digits.length();
        if (n < 1 || n > 15) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
