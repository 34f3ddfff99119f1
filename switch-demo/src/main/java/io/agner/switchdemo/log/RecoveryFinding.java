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
         * The last segment was cut at {@code position}: its tail, past the recovery point and with
         * no valid batch after it, held a torn write. Under {@code FsyncPolicy.always()} nothing
         * acknowledged is there.
         */
        TRUNCATED,
        /**
         * Damage that is no torn write — a valid batch follows it, or it lies in a sealed segment,
         * or below the recovery point — is kept in place with everything after it: recovery
         * neither cuts it nor deletes what follows, and hands none of its offsets out again.
         * Readers report it as a {@link CorruptRecordException} naming this segment and offset,
         * and move past it.
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
