package io.agner.switchdemo.log.internal;

import io.agner.switchdemo.log.ConsumerRecord;
import io.agner.switchdemo.log.CorruptRecordException;
import io.agner.switchdemo.log.LogConsumer;
import io.agner.switchdemo.log.LogException;
import io.agner.switchdemo.log.OffsetOutOfRangeException;
import io.agner.switchdemo.log.StartPosition;
import io.agner.switchdemo.log.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * A consumer of the embedded log. One thread at a time (Kafka's rule); {@link #wakeup()} from
 * any. Waiting polls park on their partitions' {@link PartitionLog.Waiter} list and are unparked
 * by the writer that publishes, so an idle consumer costs nothing.
 */
final class EmbeddedConsumer implements LogConsumer, PartitionLog.Waiter {

    private static final Logger LOG = LoggerFactory.getLogger("io.agner.switchdemo.log");

    private final EmbeddedLog log;
    private final String group;
    private final StartPosition reset;
    private final FileWindow window = new FileWindow();
    private final Map<TopicPartition, PartitionLog> assigned = new LinkedHashMap<>();
    private final Map<TopicPartition, Long> positions = new HashMap<>();
    private int nextPartition;                     // round-robin start, for fairness
    private boolean closed;

    // Shared with wake() / wakeup() callers.
    private volatile Thread polling;
    private volatile boolean signalled;
    private volatile boolean wakeupRequested;

    EmbeddedConsumer(EmbeddedLog log, String group, StartPosition reset) {
        this.log = log;
        this.group = group;
        this.reset = reset;
    }

    @Override
    public void assign(Collection<TopicPartition> partitions) {
        checkOpen();
        Map<TopicPartition, PartitionLog> next = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            next.put(tp, log.partition(tp));
        }
        assigned.clear();
        assigned.putAll(next);
        positions.keySet().retainAll(next.keySet());
    }

    @Override
    public void subscribe(Collection<String> topics) {
        List<TopicPartition> all = new ArrayList<>();
        for (String topic : topics) {
            for (int p = 0; p < log.partitions(topic); p++) {
                all.add(new TopicPartition(topic, p));
            }
        }
        assign(all);
    }

    @Override
    public Set<TopicPartition> assignment() {
        return Set.copyOf(assigned.keySet());
    }

    @Override
    public List<ConsumerRecord> poll(int maxRecords, Duration timeout) {
        if (maxRecords < 1) {
            throw new IllegalArgumentException("maxRecords must be >= 1, was " + maxRecords);
        }
        checkOpen();
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ConsumerRecord> out = new ArrayList<>(Math.min(maxRecords, 1024));
        polling = Thread.currentThread();
        try {
            while (true) {
                signalled = false;
                fetch(maxRecords, out);
                if (!out.isEmpty()) {
                    return out;                    // a pending wakeup stays for the next poll, as in Kafka
                }
                if (wakeupRequested) {
                    wakeupRequested = false;
                    return out;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || Thread.currentThread().isInterrupted()) {
                    return out;
                }
                awaitRecords(left);
            }
        } finally {
            polling = null;
        }
    }

    /**
     * Reads round-robin from the assigned partitions, starting one further each poll. A partition
     * that fails (say, a corrupt batch) is reported without stalling the others: when nothing
     * was read yet, its error is thrown and the next poll starts after it; otherwise what was
     * read is delivered and the next poll starts at it, to report it. A corrupt batch is reported
     * once: with the report, the position moves past its offsets (Kafka's consumer instead stays
     * at a corrupt record until the application seeks past it).
     */
    private void fetch(int maxRecords, List<ConsumerRecord> out) {
        List<TopicPartition> order = new ArrayList<>(assigned.keySet());
        int n = order.size();
        if (n == 0) {
            return;
        }
        int start = nextPartition % n;
        nextPartition = (start + 1) % n;
        for (int i = 0; i < n && out.size() < maxRecords; i++) {
            int at = (start + i) % n;
            TopicPartition tp = order.get(at);
            PartitionLog p = assigned.get(tp);
            try {
                positions.put(tp, readFrom(tp, p, maxRecords - out.size(), out));
            } catch (CorruptRecordException e) {
                if (out.isEmpty()) {
                    positions.put(tp, e.resumeOffset());  // reported once, here: the next poll goes on after it
                    nextPartition = (at + 1) % n;
                    throw e;
                }
                nextPartition = at;                // deliver what was read; the next poll reports this one
                return;
            } catch (LogException e) {
                if (out.isEmpty()) {
                    nextPartition = (at + 1) % n;  // rotate past it, so healthy partitions are not starved
                    throw e;
                }
                nextPartition = at;                // deliver what was read; the next poll reports this one
                return;
            }
        }
    }

    /** Reads from the position; a position retention passed (or beyond the end) moves as Kafka's reset does. */
    private long readFrom(TopicPartition tp, PartitionLog p, int max, List<ConsumerRecord> out) {
        long from = position(tp);
        for (int attempt = 0; ; attempt++) {
            try {
                return p.read(from, max, out, window);
            } catch (OffsetOutOfRangeException e) {
                if (attempt > 2) {
                    throw e;
                }
                long moved = from < p.startOffset() ? p.startOffset()
                        : reset == StartPosition.EARLIEST ? p.startOffset() : p.endOffset();
                LOG.info("{} (group {}): position {} is out of range; moving to {}", tp, group, from, moved);
                from = moved;
            }
        }
    }

    /** Parks until a writer publishes to an assigned partition, a wakeup, or the deadline. */
    private void awaitRecords(long nanos) {
        for (PartitionLog p : assigned.values()) {
            p.addWaiter(this);
        }
        try {
            for (Map.Entry<TopicPartition, PartitionLog> e : assigned.entrySet()) {
                if (e.getValue().endOffset() > position(e.getKey())) {
                    return;                                  // published while we registered
                }
            }
            long deadline = System.nanoTime() + nanos;
            while (!signalled && !wakeupRequested && !Thread.currentThread().isInterrupted()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                LockSupport.parkNanos(this, left);
            }
        } finally {
            for (PartitionLog p : assigned.values()) {
                p.removeWaiter(this);
            }
        }
    }

    @Override
    public void wake() {
        signalled = true;
        Thread t = polling;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    @Override
    public void wakeup() {
        wakeupRequested = true;
        wake();
    }

    @Override
    public void commit() {
        Map<TopicPartition, Long> current = new HashMap<>();
        for (TopicPartition tp : assigned.keySet()) {
            current.put(tp, position(tp));
        }
        commit(current);
    }

    @Override
    public void commit(Map<TopicPartition, Long> offsets) {
        checkOpen();
        offsets.forEach((tp, off) -> {
            if (off < 0) {
                throw new IllegalArgumentException("offset to commit for " + tp + " must be >= 0, was " + off);
            }
        });
        offsets.forEach(log::awaitDurable);      // a committed offset must not run ahead of what a power loss leaves
        log.offsets().commit(group, offsets);
    }

    @Override
    public OptionalLong committed(TopicPartition tp) {
        return log.offsets().committed(group, tp);
    }

    @Override
    public long position(TopicPartition tp) {
        Long pos = positions.get(tp);
        if (pos != null) {
            return pos;
        }
        PartitionLog p = assignedPartition(tp);
        OptionalLong committed = committed(tp);
        long start = committed.isPresent() ? committed.getAsLong()
                : reset == StartPosition.EARLIEST ? p.startOffset() : p.endOffset();
        positions.put(tp, start);
        return start;
    }

    @Override
    public void seek(TopicPartition tp, long offset) {
        assignedPartition(tp);
        if (offset < 0) {
            throw new IllegalArgumentException("seek offset for " + tp + " must be >= 0, was " + offset);
        }
        positions.put(tp, offset);
    }

    @Override
    public void seekToBeginning(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            positions.put(tp, assignedPartition(tp).startOffset());
        }
    }

    @Override
    public void seekToEnd(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            positions.put(tp, assignedPartition(tp).endOffset());
        }
    }

    private PartitionLog assignedPartition(TopicPartition tp) {
        PartitionLog p = assigned.get(tp);
        if (p == null) {
            throw new IllegalStateException(tp + " is not assigned to this consumer (assigned: " + assigned.keySet() + ")");
        }
        return p;
    }

    private void checkOpen() {
        if (closed) {
            throw new LogException("this consumer of group '" + group + "' is closed");
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}
