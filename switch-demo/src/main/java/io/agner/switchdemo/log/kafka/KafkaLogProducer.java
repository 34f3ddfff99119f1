package io.agner.switchdemo.log.kafka;

import io.agner.switchdemo.log.LogException;
import io.agner.switchdemo.log.Producer;
import io.agner.switchdemo.log.ProducerRecord;
import io.agner.switchdemo.log.RecordMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Appends through the log's one {@link KafkaProducer}. Thread-safe, as that producer is: records
 * one thread appends to one partition keep that thread's order (idempotence keeps it through
 * retries). An {@link #appendAsync} future completes on Kafka's I/O thread: a stage chained to
 * it without an executor runs there and must not block.
 */
final class KafkaLogProducer implements Producer {

    private final KafkaProducer<byte[], byte[]> producer;
    private final String bootstrap;
    private final Runnable checkOpen;

    KafkaLogProducer(KafkaProducer<byte[], byte[]> producer, String bootstrap, Runnable checkOpen) {
        this.producer = producer;
        this.bootstrap = bootstrap;
        this.checkOpen = checkOpen;
    }

    /** Waits for the acknowledgement: every in-sync replica has the record ({@code acks=all}). */
    @Override
    public RecordMetadata append(ProducerRecord record) {
        try {
            return appendAsync(record).join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            // Rethrown afresh, so the stack trace shows the caller rather than Kafka's I/O thread.
            throw new LogException(cause.getMessage(), cause);
        }
    }

    @Override
    public CompletableFuture<RecordMetadata> appendAsync(ProducerRecord record) {
        checkOpen.run();
        CompletableFuture<RecordMetadata> acked = new CompletableFuture<>();
        try {
            producer.send(KafkaRecords.toKafka(record), (metadata, error) -> {
                if (error == null) {
                    acked.complete(KafkaRecords.fromKafka(metadata));
                } else {
                    acked.completeExceptionally(KafkaErrors.translate(error, bootstrap, where(record)));
                }
            });
        } catch (RuntimeException e) {
            // send throws itself for what fails before the record is queued: no metadata for the topic, a closed producer.
            acked.completeExceptionally(KafkaErrors.translate(e, bootstrap, where(record)));
        }
        return acked;
    }

    private static String where(ProducerRecord record) {
        return "appending to " + record.topic()
                + (record.partition() == ProducerRecord.ANY_PARTITION ? "" : "-" + record.partition());
    }
}
