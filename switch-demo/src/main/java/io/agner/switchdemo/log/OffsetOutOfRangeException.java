package io.agner.switchdemo.log;

/** A read asked for an offset the partition no longer (retention) or not yet holds. */
public final class OffsetOutOfRangeException extends LogException {

    public OffsetOutOfRangeException(TopicPartition tp, long offset, long start, long end) {
        super("offset " + offset + " is out of range for " + tp + ": it holds [" + start + ", " + end + ")");
    }
}
