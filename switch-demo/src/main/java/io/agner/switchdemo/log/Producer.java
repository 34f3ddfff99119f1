package io.agner.switchdemo.log;

import java.util.concurrent.CompletableFuture;

/**
 * Appends records. Thread-safe: any number of threads (or processes) may append at once, and the
 * log gathers concurrent appends to one partition into one write and one {@code fsync}. Records
 * one caller appends to one partition keep the caller's order.
 */
public interface Producer {

    /**
     * Appends and waits for the acknowledgement (the log's {@link FsyncPolicy} met).
     *
     * @return where the record landed
     * @throws LogException when the write or the {@code fsync} failed; the record is then not in
     *                      the log, and nothing acknowledged before it is harmed
     */
    RecordMetadata append(ProducerRecord record);

    /** Appends without waiting; the future completes on acknowledgement, or exceptionally with a {@link LogException}. */
    CompletableFuture<RecordMetadata> appendAsync(ProducerRecord record);
}
