package io.agner.switchdemo.log.kafka;

import io.agner.switchdemo.log.ConsumerRecord;
import io.agner.switchdemo.log.LogConsumer;
import io.agner.switchdemo.log.LogException;
import io.agner.switchdemo.log.RebalanceListener;
import io.agner.switchdemo.log.TopicPartition;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.errors.WakeupException;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A {@link LogConsumer} over one {@link KafkaConsumer}. One thread at a time, as Kafka's; only
 * {@link #wakeup()} may be called from another.
 *
 * <p>Design:
 * <ul>
 * <li><b>Buffer.</b> Kafka fixes {@code max.poll.records} per consumer, while
 *     {@link #poll(int, Duration)} takes a maximum per call. The Kafka consumer fetches up to
 *     {@link #FETCH_RECORDS} at a time; a poll hands out at most its maximum and keeps the rest
 *     for the next, without asking Kafka again. Kafka's position is therefore past the buffered
 *     records: {@link #position} and {@link #commit()} use the first buffered offset of a
 *     partition instead, and seeking, reassignment and revocation drop a partition's buffer.</li>
 * <li><b>Wakeup.</b> {@link KafkaConsumer#wakeup()} makes the next blocking Kafka call throw.
 *     A blocked or next {@link #poll} turns that into an empty result, as the log's contract
 *     says. When another call (a commit, a position lookup) catches it instead, the call is
 *     done again and the wakeup is kept for the next poll.</li>
 * <li><b>Commits</b> are synchronous ({@code commitSync}) and name the next offset to read.</li>
 * </ul>
 */
final class KafkaLogConsumer implements LogConsumer {

    /** Kafka's {@code max.poll.records}: the most records one fetch from Kafka hands this consumer. */
    static final int FETCH_RECORDS = 10_000;

    // Immutable.
    private final KafkaConsumer<byte[], byte[]> kafka;
    private final String group;
    private final KafkaLogConfig config;
    private final Consumer<KafkaLogConsumer> onClose;

    // The owning thread's.
    private final ArrayDeque<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>> buffered = new ArrayDeque<>();
    private boolean wakeupPending;                  // a wakeup another call absorbed, for the next poll
    private boolean subscribed;

    // OPEN -> CLOSED -> RELEASED. Closed: calls fail (set by the owner, or by the log's close from
    // any thread). Released: the Kafka client is closed, which only a thread not racing the owner can do.
    private volatile boolean closed;
    private volatile boolean released;

    KafkaLogConsumer(KafkaConsumer<byte[], byte[]> kafka, String group, KafkaLogConfig config,
                     Consumer<KafkaLogConsumer> onClose) {
        this.kafka = kafka;
        this.group = group;
        this.config = config;
        this.onClose = onClose;
    }

    @Override
    public void assign(Collection<TopicPartition> partitions) {
        checkOpen();
        call("assigning " + partitions, () -> {
            if (subscribed) {
                kafka.unsubscribe();
                subscribed = false;
            }
            kafka.assign(KafkaRecords.toKafka(partitions));
            return null;
        });
        Set<TopicPartition> kept = Set.copyOf(partitions);
        buffered.removeIf(r -> !kept.contains(new TopicPartition(r.topic(), r.partition())));
    }

    @Override
    public void subscribe(Collection<String> topics) {
        subscribe(topics, RebalanceListener.NONE);
    }

    /** Joins the group through Kafka's group management; {@code listener} hears of each rebalance during {@link #poll}. */
    @Override
    public void subscribe(Collection<String> topics, RebalanceListener listener) {
        checkOpen();
        call("subscribing to " + topics, () -> {
            kafka.subscribe(List.copyOf(topics), new Rebalance(listener));
            subscribed = true;
            return null;
        });
        Set<String> kept = Set.copyOf(topics);
        buffered.removeIf(r -> !kept.contains(r.topic()));
    }

    /** Forwards Kafka's callbacks; they run inside {@code KafkaConsumer.poll} (or {@code close}), on the owning thread. */
    private final class Rebalance implements ConsumerRebalanceListener {

        private final RebalanceListener listener;

        Rebalance(RebalanceListener listener) {
            this.listener = listener;
        }

        @Override
        public void onPartitionsRevoked(Collection<org.apache.kafka.common.TopicPartition> partitions) {
            try {
                if (!partitions.isEmpty()) {
                    listener.onRevoked(KafkaRecords.fromKafka(partitions));   // a commit here sees the buffered positions
                }
            } finally {
                drop(partitions);
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<org.apache.kafka.common.TopicPartition> partitions) {
            listener.onAssigned(KafkaRecords.fromKafka(partitions));
        }

        @Override
        public void onPartitionsLost(Collection<org.apache.kafka.common.TopicPartition> partitions) {
            try {
                if (!partitions.isEmpty()) {
                    listener.onLost(KafkaRecords.fromKafka(partitions));      // already another member's: do not commit
                }
            } finally {
                drop(partitions);
            }
        }
    }

    @Override
    public Set<TopicPartition> assignment() {
        checkOpen();
        return Set.copyOf(KafkaRecords.fromKafka(kafka.assignment()));
    }

    @Override
    public List<ConsumerRecord> poll(int maxRecords, Duration timeout) {
        if (maxRecords < 1) {
            throw new IllegalArgumentException("maxRecords must be >= 1, was " + maxRecords);
        }
        checkOpen();
        if (wakeupPending) {
            wakeupPending = false;
            return List.of();
        }
        if (buffered.isEmpty()) {
            try {
                kafka.poll(timeout).forEach(buffered::add);
            } catch (WakeupException e) {
                return List.of();
            } catch (RuntimeException e) {
                throw KafkaErrors.translate(e, config.bootstrap(), "polling for group '" + group + "'");
            }
        }
        List<ConsumerRecord> out = new ArrayList<>(Math.min(maxRecords, buffered.size()));
        while (out.size() < maxRecords && !buffered.isEmpty()) {
            out.add(KafkaRecords.fromKafka(buffered.poll()));
        }
        return out;
    }

    @Override
    public void commit() {
        checkOpen();
        Map<TopicPartition, Long> positions = new HashMap<>();
        for (TopicPartition tp : assignment()) {
            positions.put(tp, position(tp));
        }
        commit(positions);
    }

    @Override
    public void commit(Map<TopicPartition, Long> offsets) {
        checkOpen();
        Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> kafkaOffsets = new HashMap<>();
        offsets.forEach((tp, off) -> {
            if (off < 0) {
                throw new IllegalArgumentException("offset to commit for " + tp + " must be >= 0, was " + off);
            }
            kafkaOffsets.put(KafkaRecords.toKafka(tp), new OffsetAndMetadata(off));
        });
        if (kafkaOffsets.isEmpty()) {
            return;
        }
        String what = "committing " + offsets + " for group '" + group + "'";
        try {
            call(what, () -> {
                kafka.commitSync(kafkaOffsets);
                return null;
            });
        } catch (LogException e) {
            if (e.getCause() instanceof CommitFailedException) {
                throw new LogException(what + " was refused: the group rebalanced and these partitions may be another "
                        + "member's now; poll again (the listener hears what was revoked) and commit what is still yours",
                        e.getCause());
            }
            throw e;
        }
    }

    @Override
    public OptionalLong committed(TopicPartition tp) {
        checkOpen();
        org.apache.kafka.common.TopicPartition ktp = KafkaRecords.toKafka(tp);
        OffsetAndMetadata committed = call("reading the committed offset of " + tp + " for group '" + group + "'",
                () -> kafka.committed(Set.of(ktp)).get(ktp));
        return committed == null ? OptionalLong.empty() : OptionalLong.of(committed.offset());
    }

    /** The offset of the next record {@link #poll} returns: the first buffered one, else Kafka's position. */
    @Override
    public long position(TopicPartition tp) {
        org.apache.kafka.common.TopicPartition ktp = requireAssigned(tp);
        for (var r : buffered) {
            if (r.partition() == tp.partition() && r.topic().equals(tp.topic())) {
                return r.offset();
            }
        }
        return call("reading the position on " + tp + " for group '" + group + "'", () -> kafka.position(ktp));
    }

    @Override
    public void seek(TopicPartition tp, long offset) {
        org.apache.kafka.common.TopicPartition ktp = requireAssigned(tp);
        if (offset < 0) {
            throw new IllegalArgumentException("seek offset for " + tp + " must be >= 0, was " + offset);
        }
        drop(List.of(ktp));
        kafka.seek(ktp, offset);
    }

    @Override
    public void seekToBeginning(Collection<TopicPartition> partitions) {
        List<org.apache.kafka.common.TopicPartition> ktps = partitions.stream().map(this::requireAssigned).toList();
        drop(ktps);
        kafka.seekToBeginning(ktps);
    }

    @Override
    public void seekToEnd(Collection<TopicPartition> partitions) {
        List<org.apache.kafka.common.TopicPartition> ktps = partitions.stream().map(this::requireAssigned).toList();
        drop(ktps);
        kafka.seekToEnd(ktps);
    }

    /** Any thread: makes a blocked or the next {@link #poll} return an empty list. */
    @Override
    public void wakeup() {
        kafka.wakeup();
    }

    /**
     * Leaves the group (a rebalance hands the partitions to the other members at once) and closes
     * the client; idempotent.
     *
     * @throws ConcurrentModificationException when another thread is inside a call on this consumer
     */
    @Override
    public void close() {
        if (released) {
            return;
        }
        // Still open while Kafka closes: a rebalance listener may commit in its onRevoked.
        // A process closes its consumer as it exits on an exit signal, which interrupts its thread;
        // Kafka's close gives up at an interrupt without leaving the group (the next owner would
        // wait out the session), so the flag is set aside while Kafka closes and restored after.
        boolean interrupted = Thread.interrupted();
        try {
            kafka.close(CloseOptions.timeout(config.timeout()));
        } catch (ConcurrentModificationException e) {
            throw e;                                      // not released: the thread inside a call must close it
        } catch (RuntimeException e) {
            // Kafka releases the client even when it reports an error on the way (a commit or leave that failed).
            release();
            throw KafkaErrors.translate(e, config.bootstrap(), "closing the consumer of group '" + group + "'");
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        release();
    }

    private void release() {
        closed = true;
        released = true;
        onClose.accept(this);
    }

    /**
     * The log is closing (any thread). Closes this consumer, or, when its owner is inside a call
     * (a blocked poll), marks it closed and wakes the owner, whose next call fails as closed and
     * whose {@link #close()} then releases the client.
     */
    void closeFromLog() {
        closed = true;
        try {
            close();
        } catch (ConcurrentModificationException inUse) {
            kafka.wakeup();
        } catch (LogException e) {
            // Closing reported an error but released the client; the log is closing anyway.
        }
    }

    private org.apache.kafka.common.TopicPartition requireAssigned(TopicPartition tp) {
        checkOpen();
        org.apache.kafka.common.TopicPartition ktp = KafkaRecords.toKafka(tp);
        if (!kafka.assignment().contains(ktp)) {
            throw new IllegalStateException(tp + " is not assigned to this consumer of group '" + group + "' (assigned: "
                    + assignment() + ")");
        }
        return ktp;
    }

    private void drop(Collection<org.apache.kafka.common.TopicPartition> partitions) {
        Set<org.apache.kafka.common.TopicPartition> gone = new HashSet<>(partitions);
        buffered.removeIf(r -> gone.contains(new org.apache.kafka.common.TopicPartition(r.topic(), r.partition())));
    }

    /** Runs a Kafka call that is not a poll: a wakeup it catches is kept for the next poll, and the call redone. */
    private <T> T call(String what, Supplier<T> op) {
        while (true) {
            try {
                return op.get();
            } catch (WakeupException e) {
                wakeupPending = true;
            } catch (IllegalStateException | IllegalArgumentException e) {
                throw e;
            } catch (RuntimeException e) {
                throw KafkaErrors.translate(e, config.bootstrap(), what);
            }
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new LogException("this consumer of group '" + group + "' (Kafka at " + config.bootstrap() + ") is closed");
        }
    }

    @Override
    public String toString() {
        return "KafkaLogConsumer[group " + group + " on " + config.bootstrap() + "]";
    }
}
