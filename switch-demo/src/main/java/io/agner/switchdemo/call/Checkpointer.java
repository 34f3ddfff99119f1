package io.agner.switchdemo.call;

import io.agner.switchdemo.log.ConsumerRecord;
import io.agner.switchdemo.log.EventLog;
import io.agner.switchdemo.log.LogConsumer;
import io.agner.switchdemo.log.ProducerRecord;
import io.agner.switchdemo.log.RecordMetadata;
import io.agner.switchdemo.log.StartPosition;
import io.agner.switchdemo.log.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The exchange's checkpoints on its area's {@code switch-checkpoints} partition: one every
 * {@code every} events, and one when idle. Writing one waits for the call records appended since
 * the last, appends the state, then commits the consumer's offset — in that order, so a committed
 * offset never runs ahead of the records and state it stands for. Confined to the exchange process.
 */
final class Checkpointer {

    private static final String RESTORE_GROUP = Exchange.GROUP + "-restore";

    private final EventLog log;
    private final TopicPartition partition;
    private final int every;
    private final List<CompletableFuture<RecordMetadata>> pending = new ArrayList<>();
    private long sinceLast;          // events consumed since the last checkpoint

    Checkpointer(EventLog log, TopicPartition partition, int every) {
        this.log = log;
        this.partition = partition;
        this.every = every;
    }

    /** An append the next checkpoint waits for. */
    void track(CompletableFuture<RecordMetadata> append) {
        pending.add(append);
    }

    /** Counts events consumed (decided or dead-lettered): the next checkpoint commits past them. */
    void consumed(long events) {
        sinceLast += events;
    }

    /** Whether a checkpoint is due: {@code every} events since the last, or any when {@code idle}. */
    boolean isDue(boolean idle) {
        return sinceLast >= every || (idle && sinceLast > 0);
    }

    /** Writes {@code state} once every tracked append is acknowledged, then commits {@code consumer}'s position. */
    void write(Checkpoint state, LogConsumer consumer) {
        for (CompletableFuture<RecordMetadata> f : pending) {
            f.join();
        }
        pending.clear();
        log.producer().append(ProducerRecord.of(partition, null, Checkpoint.CODEC.encode(state)));
        consumer.commit();
        sinceLast = 0;
    }

    /** The last checkpoint written, if any. */
    Optional<Checkpoint> readLast() {
        long end = log.endOffset(partition);
        if (end == 0) {
            return Optional.empty();
        }
        try (LogConsumer last = log.consumer(RESTORE_GROUP, StartPosition.LATEST)) {
            last.assign(List.of(partition));
            last.seek(partition, end - 1);
            ConsumerRecord r = pollOne(last);
            return Optional.of(Checkpoint.read(r.value()).orElseThrow(() ->
                    new IllegalStateException("the last checkpoint at offset " + r.offset() + " does not decode")));
        }
    }

    /** The next record, waiting as long as a backend may need to fetch it (a Kafka consumer's first fetch can be slow). */
    private static ConsumerRecord pollOne(LogConsumer consumer) {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() < deadline) {
            List<ConsumerRecord> got = consumer.poll(1, Duration.ofSeconds(1));
            if (!got.isEmpty()) {
                return got.getFirst();
            }
        }
        throw new IllegalStateException("the last checkpoint could not be read within a minute");
    }
}
