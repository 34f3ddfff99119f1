package io.agner.switchdemo.log;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Something an unclean open's recovery scan found, and what it did about it. The embedded log
 * keeps the findings of its last open (see {@code EmbeddedLog.recoveryFindings()}); each is also
 * logged.
 *
 * @param tp       the partition
 * @param action   what recovery did
 * @param segment  the segment file concerned
 * @param position the byte position in it where the problem starts
 * @param offset   the offset expected at that position
 * @param detail   what was wrong, in words
 */
public record RecoveryFinding(TopicPartition tp, Action action, Path segment, long position, long offset, String detail) {

    public enum Action {
        /**
         * The last segment was cut at {@code position}: its tail held a torn or damaged write.
         * Under {@code FsyncPolicy.always()} nothing acknowledged is there.
         */
        TRUNCATED,
        /**
         * A sealed (non-last) segment is damaged or ends short of its successor. Sealed segments
         * were forced before their successor existed, so this is not a torn write: recovery
         * neither cuts it nor deletes what follows; readers report it as a
         * {@link CorruptRecordException} naming this segment and offset.
         */
        LEFT_FOR_READERS
    }

    public RecoveryFinding {
        Objects.requireNonNull(tp, "tp");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(detail, "detail");
    }

    @Override
    public String toString() {
        return tp + ": " + action + " " + segment.getFileName() + " at byte " + position + " (offset " + offset + "): " + detail;
    }
}
