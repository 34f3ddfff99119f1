package io.agner.switchdemo.log.internal;

import io.agner.switchdemo.log.ProducerRecord;
import io.agner.switchdemo.log.RecordMetadata;

import java.util.concurrent.CompletableFuture;

/**
 * One queued append: the record with its timestamp fixed, and the future its producer waits on.
 * A {@code null} record is a request to force the partition (its future completes with {@code null}).
 */
record PendingAppend(ProducerRecord record, long timestamp, CompletableFuture<RecordMetadata> ack) {

    /** An upper bound of this record's encoded size in any batch (length, delta varints at their widest). */
    int encodedSizeBound() {
        return BatchCodec.recordSize(this, 0, timestamp) + 5 + 10 + 5;
    }
}
