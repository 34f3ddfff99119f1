package io.agner.switchdemo.call;

/**
 * A group of {@code size} trunk circuits, the exchange's shared resource. Confined to the
 * exchange process, which seizes and releases in event order (so the decisions are reproducible).
 */
final class TrunkGroup {

    private final int size;
    private int busy;

    TrunkGroup(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("trunks must be >= 1, was " + size);
        }
        this.size = size;
    }

    /** Takes a circuit if one is free. */
    boolean trySeize() {
        if (busy == size) {
            return false;
        }
        busy++;
        return true;
    }

    void release() {
        assert busy > 0 : "release with no circuit busy";
        busy--;
    }

    int busy() {
        return busy;
    }

    int size() {
        return size;
    }

    void restore(int busy) {
        if (busy < 0 || busy > size) {
            throw new IllegalArgumentException("busy trunks must be 0.." + size + ", was " + busy);
        }
        this.busy = busy;
    }
}
