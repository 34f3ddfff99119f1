package io.agner.switchdemo.log.event;

import io.agner.switchdemo.log.ConsumerRecord;
import io.agner.switchdemo.log.CorruptRecordException;
import io.agner.switchdemo.log.LogConsumer;
import io.agner.switchdemo.log.LogException;
import io.agner.switchdemo.log.RecordMetadata;
import io.agner.switchdemo.log.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One thread at a time, like the consumer it wraps (only {@link #deadLettered()} may be read from
 * any thread): polls a {@link LogConsumer} and decodes each record into an {@link Event},
 * dead-lettering the ones that do not decode.
 *
 * <p>Bad bytes never stop the reader: {@link #poll} leaves each invalid record out of its result and
 * appends it to the dead-letter topic with the decoder's reason and its origin offset. The dead
 * letters of one poll are appended together (one group commit) and acknowledged before {@code poll}
 * returns, so committing the consumer's positions afterwards never loses an invalid record. A
 * batch damaged on disk, which the consumer reports with a {@link CorruptRecordException} and
 * moves past, is dead-lettered too, as one record without key or value that names its offsets
 * (see {@link DeadLetters#sendDamaged}), before the poll goes on.
 */
public final class EventReader {

    private final LogConsumer consumer;
    private final EventCodec codec;
    private final DeadLetters deadLetters;
    /** Written only by the reader's thread; volatile so that a monitor on another thread reads a current count. */
    private volatile long deadLettered;

    public EventReader(LogConsumer consumer, EventCodec codec, DeadLetters deadLetters) {
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
    }

    /**
     * Polls up to {@code maxRecords} records (as {@link LogConsumer#poll}) and returns the valid events
     * among them, in the consumer's order, as a new list the caller owns.
     *
     * @throws LogException when the poll fails, or a dead letter cannot be appended; in the latter
     *                      case the consumer is first rewound to this poll's first record on each
     *                      partition, so the next poll reads them again (and may dead-letter some twice)
     */
    public List<Event> poll(int maxRecords, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ConsumerRecord> records;
        while (true) {
            try {
                records = consumer.poll(maxRecords, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
                break;
            } catch (CorruptRecordException damage) {
                deadLetterDamage(damage);
            }
        }
        List<Event> events = new ArrayList<>(records.size());
        List<CompletableFuture<RecordMetadata>> pending = null;
        for (ConsumerRecord record : records) {
            switch (codec.decode(record.value())) {
                case Decoded.Valid valid -> events.add(new Event(record, valid.event()));
                case Decoded.Invalid(String reason) -> {
                    if (pending == null) {
                        pending = new ArrayList<>();
                    }
                    pending.add(sendAsync(record, reason));
                }
            }
        }
        if (pending != null) {
            await(pending, records);
        }
        return events;
    }

    /**
     * Dead-letters an event that decoded but that the application cannot process ("answer on an
     * idle line"), exactly as {@link #poll} dead-letters bad bytes, and waits for the acknowledgement.
     *
     * @throws LogException when the append fails
     */
    public void deadLetter(Event event, String reason) {
        Objects.requireNonNull(event, "event");
        deadLetters.send(event.record(), reason);
        deadLettered = deadLettered + 1; // single writer
    }

    /**
     * A damaged stored batch the consumer reported (and moved past): dead-lettered with its
     * offsets. When that append fails, the consumer is put back at the damage, so the next poll
     * reports it again, and the failure is thrown.
     */
    private void deadLetterDamage(CorruptRecordException damage) {
        try {
            deadLetters.sendDamaged(damage);
        } catch (LogException e) {
            consumer.seek(damage.topicPartition(), damage.offset());
            throw new LogException("cannot append the dead letter of a damaged batch (" + damage.getMessage()
                    + "); rewound the consumer to it so the next poll reports it again", e);
        }
        deadLettered = deadLettered + 1; // single writer
    }

    /** How many dead letters this reader has appended (and had acknowledged). */
    public long deadLettered() {
        return deadLettered;
    }

    public LogConsumer consumer() {
        return consumer;
    }

    private CompletableFuture<RecordMetadata> sendAsync(ConsumerRecord record, String reason) {
        try {
            return deadLetters.sendAsync(record, reason);
        } catch (LogException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void await(List<CompletableFuture<RecordMetadata>> pending, List<ConsumerRecord> records) {
        long acknowledged = 0;
        RuntimeException failure = null;
        for (CompletableFuture<RecordMetadata> f : pending) {
            try {
                f.join();
                acknowledged++;
            } catch (CompletionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException cause ? cause : e;
                }
            }
        }
        deadLettered = deadLettered + acknowledged; // single writer
        if (failure != null) {
            Map<TopicPartition, Long> first = new LinkedHashMap<>();
            for (ConsumerRecord r : records) {
                first.putIfAbsent(r.topicPartition(), r.offset());
            }
            first.forEach(consumer::seek);
            throw new LogException("cannot append " + (pending.size() - acknowledged) + " of " + pending.size()
                    + " dead letters; rewound the consumer to " + first + " so the next poll reads them again", failure);
        }
    }

    @Override
    public String toString() {
        return "EventReader[" + codec + ", " + deadLettered + " dead-lettered]";
    }
}
