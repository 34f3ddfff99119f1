package io.agner.switchdemo.log;

import java.nio.file.Path;

/**
 * A stored batch failed its CRC32C or framing check where the log trusted it (a sealed segment,
 * or below the recovery point). Nothing is skipped silently: the reader stops at this offset and
 * the message names the segment file, the byte position and the offset.
 */
public final class CorruptRecordException extends LogException {

    private final transient Path segment;
    private final long position;
    private final long offset;

    public CorruptRecordException(Path segment, long position, long offset, String problem) {
        super("corrupt batch in " + segment + " at byte " + position + " (offset " + offset + "): " + problem);
        this.segment = segment;
        this.position = position;
        this.offset = offset;
    }

    public Path segment() {
        return segment;
    }

    public long position() {
        return position;
    }

    /** The offset the reader expected at {@link #position()}. */
    public long offset() {
        return offset;
    }
}
