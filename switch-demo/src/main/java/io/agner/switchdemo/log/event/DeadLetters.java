package io.agner.switchdemo.log.event;

import io.agner.switchdemo.log.ConsumerRecord;
import io.agner.switchdemo.log.CorruptRecordException;
import io.agner.switchdemo.log.EventLog;
import io.agner.switchdemo.log.Header;
import io.agner.switchdemo.log.LogException;
import io.agner.switchdemo.log.Producer;
import io.agner.switchdemo.log.ProducerRecord;
import io.agner.switchdemo.log.RecordMetadata;
import io.agner.switchdemo.log.TopicPartition;
import io.agner.switchdemo.log.Topics;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Thread-safe, as the {@link Producer} it wraps, so any thread may send: appends records that
 * cannot be processed to {@link Topics#DEAD_LETTER}, and reads them back.
 *
 * <p>A dead letter is the original record's key and value, unchanged, in partition 0 of the
 * dead-letter topic, with the original's timestamp and headers, followed by four UTF-8 headers:
 * {@value #REASON}, {@value #ORIGIN_TOPIC}, {@value #ORIGIN_PARTITION} and {@value #ORIGIN_OFFSET}.
 * They come last, so they win over same-named headers of the original (a dead letter of a dead
 * letter describes the second failure). Create the topic once with {@link #ensureTopic}.
 */
public final class DeadLetters {

    public static final String REASON = "dlq.reason";
    public static final String ORIGIN_TOPIC = "dlq.origin.topic";
    public static final String ORIGIN_PARTITION = "dlq.origin.partition";
    public static final String ORIGIN_OFFSET = "dlq.origin.offset";
    /**
     * Only on the dead letter of a damaged batch: the offset after the damaged ones, which run
     * from {@value #ORIGIN_OFFSET} up to this one (exclusive).
     */
    public static final String ORIGIN_END_OFFSET = "dlq.origin.end.offset";

    private final Producer producer;

    public DeadLetters(Producer producer) {
        this.producer = Objects.requireNonNull(producer, "producer");
    }

    /** Creates the dead-letter topic with one partition, or does nothing when it exists so. */
    public static void ensureTopic(EventLog log) {
        log.createTopic(Topics.DEAD_LETTER, 1);
    }

    /**
     * Appends {@code origin} as a dead letter and waits for the acknowledgement.
     *
     * @throws LogException when the append fails; the dead letter is then not in the log
     */
    public RecordMetadata send(ConsumerRecord origin, String reason) {
        return producer.append(deadLetter(origin, reason));
    }

    /** As {@link #send}, without waiting; the future fails with a {@link LogException} when the append does. */
    public CompletableFuture<RecordMetadata> sendAsync(ConsumerRecord origin, String reason) {
        return producer.appendAsync(deadLetter(origin, reason));
    }

    /**
     * Appends a dead letter for a damaged stored batch, which has no record to carry: no key, no
     * value, the report's message as reason, its first offset as {@value #ORIGIN_OFFSET} and the
     * offset after its last as {@value #ORIGIN_END_OFFSET}. Waits for the acknowledgement.
     *
     * @throws LogException when the append fails; the dead letter is then not in the log
     */
    public RecordMetadata sendDamaged(CorruptRecordException damage) {
        Objects.requireNonNull(damage, "damage");
        TopicPartition tp = damage.topicPartition();
        List<Header> headers = List.of(Header.of(REASON, damage.getMessage()), Header.of(ORIGIN_TOPIC, tp.topic()),
                Header.of(ORIGIN_PARTITION, Integer.toString(tp.partition())),
                Header.of(ORIGIN_OFFSET, Long.toString(damage.offset())),
                Header.of(ORIGIN_END_OFFSET, Long.toString(damage.resumeOffset())));
        return producer.append(new ProducerRecord(Topics.DEAD_LETTER, 0, null, null, ProducerRecord.NOW, headers));
    }

    private static ProducerRecord deadLetter(ConsumerRecord origin, String reason) {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(reason, "reason");
        List<Header> headers = new ArrayList<>(origin.headers().size() + 4);
        headers.addAll(origin.headers());
        headers.add(Header.of(REASON, reason));
        headers.add(Header.of(ORIGIN_TOPIC, origin.topicPartition().topic()));
        headers.add(Header.of(ORIGIN_PARTITION, Integer.toString(origin.topicPartition().partition())));
        headers.add(Header.of(ORIGIN_OFFSET, Long.toString(origin.offset())));
        long timestamp = origin.timestamp() >= 0 ? origin.timestamp() : ProducerRecord.NOW;
        return new ProducerRecord(Topics.DEAD_LETTER, 0, origin.key(), origin.value(), timestamp, headers);
    }

    /**
     * Reads a dead letter back: empty when the record lacks a {@code dlq.*} header or one does not
     * parse (a record that {@link #send} did not write).
     */
    public static Optional<DeadLetter> parse(ConsumerRecord record) {
        Optional<String> reason = header(record, REASON);
        Optional<String> topic = header(record, ORIGIN_TOPIC);
        Optional<String> partition = header(record, ORIGIN_PARTITION);
        Optional<String> offset = header(record, ORIGIN_OFFSET);
        if (reason.isEmpty() || topic.isEmpty() || partition.isEmpty() || offset.isEmpty()) {
            return Optional.empty();
        }
        try {
            TopicPartition origin = new TopicPartition(topic.get(), Integer.parseInt(partition.get()));
            return Optional.of(new DeadLetter(origin, Long.parseLong(offset.get()), reason.get(), record.key(), record.value()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> header(ConsumerRecord record, String key) {
        return record.header(key).map(Header::valueAsString);
    }

    @Override
    public String toString() {
        return "DeadLetters[" + Topics.DEAD_LETTER + "]";
    }
}
