package io.agner.switchdemo.log;

import java.util.List;
import java.util.Objects;

/**
 * A record to append. Immutable; the arrays are not copied, so do not change them after handing
 * the record over.
 *
 * @param topic     where it goes
 * @param partition the partition, or {@link #ANY_PARTITION} to choose one from the key (records
 *                  with equal keys land in the same partition; without a key, partition 0)
 * @param key       may be {@code null}
 * @param value     may be {@code null} (a tombstone, in Kafka's terms)
 * @param timestamp milliseconds since the epoch, or {@link #NOW} for the log's clock
 * @param headers   never {@code null}
 */
public record ProducerRecord(String topic, int partition, byte[] key, byte[] value, long timestamp,
                             List<Header> headers) {

    public static final int ANY_PARTITION = -1;
    public static final long NOW = -1;

    public ProducerRecord {
        Topics.requireValidName(topic);
        if (partition < ANY_PARTITION) {
            throw new IllegalArgumentException("partition must be >= 0 or ANY_PARTITION, was " + partition);
        }
        if (timestamp < NOW) {
            throw new IllegalArgumentException("timestamp must be >= 0 or NOW, was " + timestamp);
        }
        headers = List.copyOf(Objects.requireNonNull(headers, "headers"));
    }

    public static ProducerRecord of(String topic, byte[] key, byte[] value) {
        return new ProducerRecord(topic, ANY_PARTITION, key, value, NOW, List.of());
    }

    public static ProducerRecord of(TopicPartition tp, byte[] key, byte[] value) {
        return new ProducerRecord(tp.topic(), tp.partition(), key, value, NOW, List.of());
    }

    public ProducerRecord withPartition(int partition) {
        return new ProducerRecord(topic, partition, key, value, timestamp, headers);
    }

    public ProducerRecord withTimestamp(long timestamp) {
        return new ProducerRecord(topic, partition, key, value, timestamp, headers);
    }

    public ProducerRecord withHeaders(List<Header> headers) {
        return new ProducerRecord(topic, partition, key, value, timestamp, headers);
    }
}
