package io.agner.switchdemo.log;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads partitions in offset order and commits its group's progress. Like Kafka's consumer, one
 * thread at a time: only {@link #wakeup()} may be called from another thread.
 *
 * <p>A consumer's position on a partition is the offset of the next record {@link #poll} returns.
 * It starts at the group's committed offset, else at the consumer's {@link StartPosition}; when
 * retention has deleted the records at the position, it moves to the oldest kept record.
 * Committed offsets are durable when {@link #commit} returns and survive restarts of the log.
 */
public interface LogConsumer extends AutoCloseable {

    /** Reads exactly these partitions (replacing any earlier assignment or subscription). */
    void assign(Collection<TopicPartition> partitions);

    /**
     * Reads every partition of these topics, as a member of the group. The embedded log has one
     * member per group, which owns all partitions; the Kafka backend balances them among members.
     */
    void subscribe(Collection<String> topics);

    /**
     * {@link #subscribe(Collection)}, telling {@code listener} as partitions are assigned and
     * revoked. This default suits a backend whose single member owns every partition (the
     * embedded log): it subscribes and reports the whole assignment at once.
     */
    default void subscribe(Collection<String> topics, RebalanceListener listener) {
        subscribe(topics);
        listener.onAssigned(assignment());
    }

    Set<TopicPartition> assignment();

    /**
     * Returns up to {@code maxRecords} records that follow the positions, waiting up to
     * {@code timeout} for the first (without spinning), and advances the positions past them.
     * Returns an empty list on timeout or {@link #wakeup()}.
     *
     * @throws CorruptRecordException when a stored batch fails its checks, naming the offsets it
     *                                stands for; the embedded consumer reports it once and moves the
     *                                position past them, to {@link CorruptRecordException#resumeOffset()}
     *                                (Kafka's stays at the damage until {@link #seek})
     */
    List<ConsumerRecord> poll(int maxRecords, Duration timeout);

    /**
     * Commits the current positions of every assigned partition; durable on return. The embedded
     * log first forces each partition up to the committed offset (under {@code os()} and
     * {@code every(p)} acknowledged records may not be forced yet), so that after a power loss a
     * committed offset never runs ahead of the log.
     */
    void commit();

    /** Commits these offsets (the next offset to read, as in Kafka); durable on return, as {@link #commit()}. */
    void commit(Map<TopicPartition, Long> offsets);

    OptionalLong committed(TopicPartition tp);

    long position(TopicPartition tp);

    void seek(TopicPartition tp, long offset);

    void seekToBeginning(Collection<TopicPartition> partitions);

    void seekToEnd(Collection<TopicPartition> partitions);

    /** Makes a blocked or the next {@link #poll} return early; callable from any thread. */
    void wakeup();

    @Override
    void close();
}
