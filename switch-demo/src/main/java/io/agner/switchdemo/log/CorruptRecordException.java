package io.agner.switchdemo.log;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A stored batch failed its CRC32C or framing check, or offsets are missing where the log holds
 * records. Nothing is skipped silently: a reader reports the damage once with this exception,
 * naming the partition, the segment file, the byte position and the offsets it cannot deliver,
 * {@code [offset(), resumeOffset())}; an embedded consumer's position then moves on to
 * {@link #resumeOffset()}. The damaged bytes stay on disk.
 */
public final class CorruptRecordException extends LogException {

    private final TopicPartition tp;
    private final transient Path segment;
    private final long position;
    private final long offset;
    private final long resumeOffset;
    private final String problem;

    public CorruptRecordException(TopicPartition tp, Path segment, long position, long offset, long resumeOffset, String problem) {
        super("corrupt batch in " + segment + " at byte " + position + " (" + describe(tp, offset, resumeOffset) + "): " + problem);
        this.tp = Objects.requireNonNull(tp, "tp");
        this.segment = segment;
        this.position = position;
        this.offset = offset;
        this.resumeOffset = resumeOffset;
        this.problem = problem;
    }

    private static String describe(TopicPartition tp, long offset, long resumeOffset) {
        String range = resumeOffset == offset + 1 ? "offset " + offset
                : "offsets " + offset + ".." + (resumeOffset - 1);
        return range + " of " + tp + "; readers move on at offset " + resumeOffset;
    }

    public TopicPartition topicPartition() {
        return tp;
    }

    public Path segment() {
        return segment;
    }

    public long position() {
        return position;
    }

    /** The first offset the reader cannot deliver: the one it expected at {@link #position()}. */
    public long offset() {
        return offset;
    }

    /** The offset after the damaged ones: the next record a reader can deliver, or the end offset. */
    public long resumeOffset() {
        return resumeOffset;
    }

    /** This report with another resume offset (the damage runs to the end of its segment: the partition knows where the next begins). */
    public CorruptRecordException resumingAt(long resume) {
        return new CorruptRecordException(tp, segment, position, offset, resume, problem);
    }
}
