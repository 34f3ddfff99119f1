package io.agner.switchdemo.log;

import java.util.Collection;

/**
 * Told when a subscribed consumer's partitions change. Called on the consumer's own thread, from
 * inside {@link LogConsumer#subscribe(Collection, RebalanceListener)}, {@link LogConsumer#poll} or
 * {@link LogConsumer#close}, never concurrently with the consumer's other calls, so a listener may
 * commit or seek on it: committing in {@link #onRevoked} hands the next owner exactly what this
 * one processed.
 *
 * <p>The Kafka backend calls it from Kafka's group management: {@link #onRevoked} before
 * partitions move to another member (commit what was processed here), {@link #onAssigned} once
 * the new ones are this member's. The embedded log has one member per group: it calls
 * {@link #onAssigned} once with every partition and never revokes.
 */
public interface RebalanceListener {

    /** Does nothing. */
    RebalanceListener NONE = new RebalanceListener() {};

    /** These partitions are now this member's; positions start at the committed offsets. */
    default void onAssigned(Collection<TopicPartition> partitions) {}

    /** These partitions are about to leave this member: commit what was processed here. */
    default void onRevoked(Collection<TopicPartition> partitions) {}

    /**
     * These partitions were lost with this member's membership (it stalled past its session
     * timeout): another member may own them already, so do not commit or checkpoint for them; stop
     * working on them. The default treats a loss as a revocation, which suits a listener that
     * never commits.
     */
    default void onLost(Collection<TopicPartition> partitions) {
        onRevoked(partitions);
    }
}
