package io.agner.switchdemo.log.kafka;

import io.agner.switchdemo.log.ConsumerRecord;
import io.agner.switchdemo.log.Header;
import io.agner.switchdemo.log.ProducerRecord;
import io.agner.switchdemo.log.RecordMetadata;
import io.agner.switchdemo.log.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Converts between the log's records and Kafka's. Stateless; any thread. */
final class KafkaRecords {

    private static final byte[] NO_BYTES = {};

    private KafkaRecords() {}

    static org.apache.kafka.common.TopicPartition toKafka(TopicPartition tp) {
        return new org.apache.kafka.common.TopicPartition(tp.topic(), tp.partition());
    }

    static TopicPartition fromKafka(org.apache.kafka.common.TopicPartition tp) {
        return new TopicPartition(tp.topic(), tp.partition());
    }

    static List<org.apache.kafka.common.TopicPartition> toKafka(Collection<TopicPartition> tps) {
        return tps.stream().map(KafkaRecords::toKafka).toList();
    }

    static List<TopicPartition> fromKafka(Collection<org.apache.kafka.common.TopicPartition> tps) {
        return tps.stream().map(KafkaRecords::fromKafka).toList();
    }

    /** {@code ANY_PARTITION} leaves the choice to Kafka's partitioner (by key); {@code NOW} to the producer's clock. */
    static org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]> toKafka(ProducerRecord r) {
        List<org.apache.kafka.common.header.Header> headers = new ArrayList<>(r.headers().size());
        for (Header h : r.headers()) {
            headers.add(new RecordHeader(h.key(), h.value()));
        }
        return new org.apache.kafka.clients.producer.ProducerRecord<>(r.topic(),
                r.partition() == ProducerRecord.ANY_PARTITION ? null : r.partition(),
                r.timestamp() == ProducerRecord.NOW ? null : r.timestamp(),
                r.key(), r.value(), headers);
    }

    static RecordMetadata fromKafka(org.apache.kafka.clients.producer.RecordMetadata m) {
        return new RecordMetadata(new TopicPartition(m.topic(), m.partition()), m.offset(), m.timestamp());
    }

    /** A Kafka header may carry a {@code null} value, which the log's {@link Header} cannot: it reads as empty. */
    static ConsumerRecord fromKafka(org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]> r) {
        List<Header> headers = new ArrayList<>();
        for (org.apache.kafka.common.header.Header h : r.headers()) {
            headers.add(new Header(h.key(), h.value() == null ? NO_BYTES : h.value()));
        }
        return new ConsumerRecord(new TopicPartition(r.topic(), r.partition()), r.offset(), r.timestamp(), r.key(), r.value(),
                headers);
    }
}
