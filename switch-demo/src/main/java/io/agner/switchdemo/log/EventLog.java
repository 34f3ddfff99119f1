package io.agner.switchdemo.log;

import io.agner.switchdemo.log.internal.EmbeddedLog;
import io.agner.switchdemo.log.kafka.KafkaEventLog;

import java.nio.file.Path;

/**
 * A durable, partitioned, append-only log shaped like Apache Kafka: topics of fixed partition
 * count, producers that append, consumers in groups that poll and commit. Thread-safe: any
 * thread may create topics, and {@link #producer()} and {@link #consumer} hand out objects with
 * their own thread-safety contracts.
 *
 * <p>{@link #open(Path)} opens (or creates) the embedded single-node log in a folder; see the
 * package documentation for what is durable when and what recovery does. Closing the log
 * completes or fails every pending append, stops its writers, and leaves a clean-shutdown marker
 * so the next open skips the recovery scan.
 *
 * <p>{@link #connect(String)} picks the backend from one configuration string: the embedded log
 * (the default) or a Kafka cluster; see {@link io.agner.switchdemo.log.kafka}.
 */
public interface EventLog extends AutoCloseable {

    static EventLog open(Path dir) {
        return open(dir, LogConfig.DEFAULT);
    }

    static EventLog open(Path dir, LogConfig config) {
        return EmbeddedLog.open(dir, config);
    }

    /**
     * Opens the log a configuration string names:
     * {@snippet lang=text :
     * embedded:<dir>                 the embedded log in <dir>, as open(Path)   (the default backend)
     * kafka:<host:port>[,<host:port>] a Kafka cluster, through these bootstrap servers
     * }
     *
     * @throws IllegalArgumentException when the string names neither
     */
    static EventLog connect(String spec) {
        int colon = spec.indexOf(':');
        String scheme = colon < 0 ? "" : spec.substring(0, colon);
        String rest = colon < 0 ? "" : spec.substring(colon + 1);
        if (rest.isBlank() || !(scheme.equals("embedded") || scheme.equals("kafka"))) {
            throw new IllegalArgumentException("log spec must be 'embedded:<dir>' or 'kafka:<host:port>[,<host:port>...]', was '"
                    + spec + "'");
        }
        return scheme.equals("embedded") ? open(Path.of(rest)) : KafkaEventLog.connect(rest);
    }

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
