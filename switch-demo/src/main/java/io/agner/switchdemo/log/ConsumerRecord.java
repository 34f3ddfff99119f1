package io.agner.switchdemo.log;

import java.util.List;
import java.util.Optional;

/**
 * A record as read back: where it sits (partition and offset) and what was appended.
 *
 * @param timestamp milliseconds since the epoch, as appended (or the log's clock for {@code NOW})
 * @param key       may be {@code null}
 * @param value     may be {@code null}
 */
public record ConsumerRecord(TopicPartition topicPartition, long offset, long timestamp, byte[] key, byte[] value,
                             List<Header> headers) {

    public ConsumerRecord {
        headers = List.copyOf(headers);
    }

    /** The last header with this key, as Kafka's {@code lastHeader}. */
    public Optional<Header> header(String key) {
        for (int i = headers.size() - 1; i >= 0; i--) {
            if (headers.get(i).key().equals(key)) {
                return Optional.of(headers.get(i));
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "ConsumerRecord[" + topicPartition + "@" + offset + ", " + (value == null ? "null" : value.length + " bytes") + "]";
    }
}
