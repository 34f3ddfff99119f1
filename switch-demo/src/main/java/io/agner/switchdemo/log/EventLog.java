package io.agner.switchdemo.log;

/**
 * A durable, partitioned, append-only log shaped like Apache Kafka: topics of fixed partition
 * count, producers that append, consumers in groups that poll and commit. Thread-safe: any
 * thread may create topics, and {@link #producer()} and {@link #consumer} hand out objects with
 * their own thread-safety contracts.
 *
 * <p>{@link io.agner.switchdemo.log.backend.EventLogs} opens one: the embedded single-node log in
 * a folder (see the package documentation for what is durable when and what recovery does), or a
 * Kafka cluster (see {@link io.agner.switchdemo.log.kafka}). Closing the log completes or fails
 * every pending append, stops its writers, and leaves a clean-shutdown marker so the next open
 * skips the recovery scan.
 */
public interface EventLog extends AutoCloseable {

    /**
     * Creates a topic with this many partitions, or does nothing when it exists with that many.
     *
     * @throws LogException when it exists with another partition count
     */
    void createTopic(String topic, int partitions);

    /** The topic's partition count. @throws LogException when there is no such topic */
    int partitions(String topic);

    /** The oldest offset still kept (retention moves it forward). */
    long beginningOffset(TopicPartition tp);

    /** The offset the next acknowledged append will get; every offset below it is readable. */
    long endOffset(TopicPartition tp);

    /** A producer for any topic; producers are cheap and share the log's writers. */
    Producer producer();

    /** A consumer in {@code group}; partitions without a committed offset start at {@code reset}. */
    LogConsumer consumer(String group, StartPosition reset);

    /** Flushes, stops the writers and writes the clean-shutdown marker; idempotent. */
    @Override
    void close();
}
