package io.agner.switchdemo.log.internal;

import io.agner.switchdemo.log.ConsumerRecord;
import io.agner.switchdemo.log.CorruptRecordException;
import io.agner.switchdemo.log.FsyncPolicy;
import io.agner.switchdemo.log.LogConfig;
import io.agner.switchdemo.log.LogException;
import io.agner.switchdemo.log.OffsetOutOfRangeException;
import io.agner.switchdemo.log.ProducerRecord;
import io.agner.switchdemo.log.RecordMetadata;
import io.agner.switchdemo.log.RecoveryFinding;
import io.agner.switchdemo.log.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One partition: its segments, its writer thread, and reads. Any thread may {@link #append} and
 * {@link #read}; only the writer thread touches the active segment's write state.
 *
 * <p>Design, in sections.
 * <p><b>Group commit.</b> Appends queue up; the writer takes everything queued (up to
 * {@code maxBatchBytes}), encodes it as one batch, writes it, forces it when the policy says so,
 * and only then publishes and acknowledges it. One {@code fsync} thus covers every producer that
 * appended while the previous one ran.
 * <p><b>Publication.</b> The writer makes a batch readable in this order: the segment's readable
 * size, then {@code endOffset} (volatile). A reader reads {@code endOffset} first, so every byte
 * of every record below it is written, forced as the policy requires, and visible.
 * <p><b>Failure.</b> A failed write fails that batch's appends, cuts the segment back to its last
 * acknowledged byte and forces the cut; the writer carries on with the next batch. A failed
 * {@code fsync} (of a batch, a roll, a period, or of that cut) instead <em>fences</em> the
 * partition: after it the kernel may have dropped pages it never wrote, so no later success
 * proves the file is what the log believes. A fenced partition refuses appends with a
 * {@link LogException} until the log is reopened (whose recovery scan re-reads the disk), and its
 * close is unclean. Reads of acknowledged records go on.
 * <p><b>Lifecycle.</b> {@code OPEN -> CLOSING} (no new appends; the writer drains what is queued,
 * seals the active segment and records the recovery point) {@code -> CLOSED}.
 */
final class PartitionLog {

    private static final Logger LOG = LoggerFactory.getLogger("io.agner.switchdemo.log");
    private static final PendingAppend CLOSE = new PendingAppend(null, 0, null);

    /** Something waiting for new records on this partition. */
    interface Waiter {
        void wake();
    }

    // Immutable.
    final TopicPartition tp;
    private final Path dir;
    private final LogConfig config;
    private final Thread writer;
    private final List<RecoveryFinding> recoveryFindings;
    private final ReadHandles handles;

    // Shared.
    private final ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>();
    private final LinkedBlockingQueue<PendingAppend> queue = new LinkedBlockingQueue<>();
    private final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();
    private volatile long endOffset;
    private volatile long startOffset;
    /** Every offset below it is forced to disk: how far a consumer commit may point. Written by the writer (or before it starts). */
    private volatile long durableOffset;
    private volatile boolean open = true;
    /** Set once, by the writer, after an fsync error; never cleared (see "Failure"). */
    private volatile LogException fenced;
    private final CompletableFuture<Boolean> closed = new CompletableFuture<>();

    // Writer thread only.
    private Segment active;
    private boolean unforced;
    private long lastForceNanos = System.nanoTime();

    private PartitionLog(TopicPartition tp, Path dir, LogConfig config, List<Segment> opened, List<RecoveryFinding> findings,
                         ReadHandles handles) {
        this.tp = tp;
        this.handles = handles;
        this.recoveryFindings = findings;
        this.dir = dir;
        this.config = config;
        for (Segment s : opened) {
            segments.put(s.baseOffset, s);
        }
        this.active = opened.getLast();
        this.startOffset = opened.getFirst().baseOffset;
        this.endOffset = active.nextOffset();
        this.durableOffset = endOffset;                  // recovery forced the last segment; a clean close forced all
        this.writer = Thread.ofPlatform().daemon().name("log-writer-" + tp).unstarted(this::runWriter);
    }

    static PartitionLog open(TopicPartition tp, Path dir, LogConfig config, boolean clean, ReadHandles handles) throws IOException {
        PartitionRecovery recovery = new PartitionRecovery(tp, dir, config, handles);
        List<Segment> segments = recovery.open(clean);
        PartitionLog log = new PartitionLog(tp, dir, config, segments, recovery.findings(), handles);
        log.applyRetention();
        log.writer.start();
        return log;
    }

    /** What the recovery scan of this open found and did (immutable). */
    List<RecoveryFinding> recoveryFindings() {
        return recoveryFindings;
    }

    long endOffset() {
        return endOffset;
    }

    long startOffset() {
        return startOffset;
    }

    // ---- appends ----

    CompletableFuture<RecordMetadata> append(ProducerRecord record, long timestamp) {
        CompletableFuture<RecordMetadata> ack = new CompletableFuture<>();
        PendingAppend p = new PendingAppend(record, timestamp, ack);
        if (!open) {
            ack.completeExceptionally(closedError());
            return ack;
        }
        LogException fence = fenced;
        if (fence != null) {
            ack.completeExceptionally(fenceError(fence));
            return ack;
        }
        queue.add(p);
        if (!open && queue.remove(p)) {          // raced with close: the writer may be gone
            ack.completeExceptionally(closedError());
        }
        return ack;
    }

    private LogException closedError() {
        return new LogException("cannot append to " + tp + ": the log is closed");
    }

    private LogException fenceError(LogException fence) {
        return new LogException("cannot append to " + tp + ": " + fence.getMessage(), fence.getCause());
    }

    /** Writer thread: refuses every later append; see "Failure" in the class doc. */
    private void fence(String what, Throwable cause) {
        if (fenced == null) {
            fenced = new LogException("the partition is fenced since " + what + " (" + cause
                    + "); it refuses appends until the log is reopened", cause);
            LOG.error("{}: {}", tp, fenced.getMessage());
        }
    }

    private void runWriter() {
        List<PendingAppend> batch = new ArrayList<>();
        try {
            while (true) {
                PendingAppend first = takeNext();
                if (first == CLOSE) {
                    break;
                }
                if (first == null) {
                    continue;
                }
                if (first.record() == null) {
                    flush(first);
                    continue;
                }
                batch.add(first);
                long bytes = first.encodedSizeBound();
                PendingAppend p;
                while ((p = queue.peek()) != null && p != CLOSE && p.record() != null
                        && bytes + p.encodedSizeBound() <= config.maxBatchBytes()) {
                    queue.poll();
                    batch.add(p);
                    bytes += p.encodedSizeBound();
                }
                writeBatch(batch);
                batch.clear();
            }
            closed.complete(shutDown());
        } catch (Throwable t) {
            open = false;                           // no writer any more: appends fail at once instead of queueing
            LOG.error("{}: log writer failed; the partition takes no more appends until the log is reopened", tp, t);
            closeSegments();
            closed.complete(false);
        } finally {
            for (PendingAppend left; (left = queue.poll()) != null; ) {
                if (left != CLOSE) {
                    left.ack().completeExceptionally(closedError());
                }
            }
        }
    }

    /** The next append, waiting; under an interval policy, wakes up to force a pending write in time. */
    private PendingAppend takeNext() throws InterruptedException {
        if (unforced && config.fsync() instanceof FsyncPolicy.Interval(var period)) {
            long wait = period.toNanos() - (System.nanoTime() - lastForceNanos);
            PendingAppend p = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : null;
            if (p == null) {
                try {
                    forceActive();
                } catch (IOException e) {          // acknowledged already (interval policy); nothing to fail but later appends
                    unforced = false;
                    fence("a periodic fsync of " + active.logFile.getFileName() + " failed", e);
                }
            }
            return p;
        }
        return queue.take();
    }

    private void writeBatch(List<PendingAppend> batch) {
        LogException fence = fenced;
        if (fence != null) {
            for (PendingAppend p : batch) {
                p.ack().completeExceptionally(fenceError(fence));
            }
            return;
        }
        long base = active.nextOffset();
        int goodSize = active.writeSize();
        Segment target = active;
        try {
            var encoded = BatchCodec.encode(batch, base);
            if (active.writeSize() > 0 && (long) active.writeSize() + encoded.remaining() > config.segmentBytes()) {
                roll();
                target = active;
                goodSize = 0;
            }
            long maxTs = batch.stream().mapToLong(PendingAppend::timestamp).max().orElseThrow();
            target.write(encoded, base, base + batch.size() - 1, maxTs);
            unforced = true;
            if (config.fsync() instanceof FsyncPolicy.Always
                    || (config.fsync() instanceof FsyncPolicy.Interval(var period)
                        && System.nanoTime() - lastForceNanos >= period.toNanos())) {
                forceActive();
            }
        } catch (IOException | RuntimeException e) {
            LogException failure = new LogException("append to " + tp + " failed at offset " + base + " ("
                    + batch.size() + " records not written): " + e, e);
            if (e instanceof FsyncFailedException) {
                fence("an fsync failed at offset " + base, e);
            }
            cutBack(target, goodSize, base, e);          // before failing the acks: a retry finds the cut durable, or the fence
            for (PendingAppend p : batch) {
                p.ack().completeExceptionally(failure);
            }
            return;
        }
        target.publish();
        endOffset = base + batch.size();                 // volatile: publishes the batch to readers
        for (int i = 0; i < batch.size(); i++) {
            PendingAppend p = batch.get(i);
            p.ack().complete(new RecordMetadata(tp, base + i, p.timestamp()));
        }
        for (Waiter w : waiters) {
            w.wake();
        }
    }

    /**
     * Cuts the failed batch off and forces the cut, so that a power loss cannot bring back a batch
     * reported failed. If that fails too, fences the partition: the file may still hold it.
     */
    private void cutBack(Segment target, int goodSize, long nextOffset, Exception cause) {
        try {
            target.truncateTo(goodSize, nextOffset);
            target.force();
            unforced = false;
        } catch (IOException | RuntimeException e) {
            // The bytes past goodSize stay unreadable (not published); the fence keeps anything from following them.
            LOG.error("{}: could not cut {} back to {} bytes after a failed append ({}): {}", tp,
                    target.logFile.getFileName(), goodSize, cause, e.toString());
            fence("a failed batch at offset " + nextOffset + " could not be cut off durably", e);
        }
    }

    private void forceActive() throws IOException {
        active.force();
        unforced = false;
        lastForceNanos = System.nanoTime();
        durableOffset = active.nextOffset();
    }

    /**
     * Waits until every offset below {@code offset} is forced to disk, forcing the active segment
     * if need be (under {@code os()} or {@code every(p)} acknowledged records may not be yet). A
     * consumer commit calls it first, so that a committed offset never runs ahead of what a power
     * loss leaves of the log.
     *
     * @throws LogException when the force fails (the partition is then fenced) or the log closes
     */
    void awaitDurable(long offset) {
        if (offset <= durableOffset) {
            return;
        }
        CompletableFuture<RecordMetadata> done = new CompletableFuture<>();
        PendingAppend flush = new PendingAppend(null, 0, done);
        if (!open) {
            throw closedError();
        }
        LogException fence = fenced;
        if (fence != null) {
            throw fenceError(fence);
        }
        queue.add(flush);
        if (!open && queue.remove(flush)) {
            throw closedError();
        }
        try {
            done.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof LogException le ? new LogException(le.getMessage(), le) : e;
        }
    }

    /** Writer thread: a flush request (see {@link #awaitDurable}); everything queued before it is written. */
    private void flush(PendingAppend request) {
        LogException fence = fenced;
        if (fence != null) {
            request.ack().completeExceptionally(fenceError(fence));
            return;
        }
        try {
            forceActive();
            request.ack().complete(null);
        } catch (IOException e) {
            unforced = false;
            fence("an fsync before a consumer commit failed", e);
            request.ack().completeExceptionally(new LogException("cannot make " + tp + " durable up to offset " + endOffset
                    + " before a consumer commit: " + e, e));
        }
    }

    private void roll() throws IOException {
        Segment sealed = active;
        sealed.seal();
        durableOffset = sealed.nextOffset();
        Segment next = Segment.create(dir, sealed.nextOffset(), config, handles);
        segments.put(next.baseOffset, next);
        active = next;
        try {
            sealed.closeWriter();                   // forced: readers go on through the read-handle cache
        } catch (IOException e) {
            LOG.warn("{}: closing the write channel of sealed {}: {}", tp, sealed.logFile.getFileName(), e.toString());
        }
        try {
            PartitionRecovery.writeRecoveryPoint(config.files(), dir, next.baseOffset);
        } catch (IOException e) {
            LOG.warn("{}: could not record recovery point {} ({}); a crash would rescan more", tp, next.baseOffset, e.toString());
        }
        applyRetention();
    }

    /** Deletes whole sealed segments, oldest first, while the retention limits are exceeded. */
    private void applyRetention() {
        var retention = config.retention();
        long now = config.clock().millis();
        long total = segments.values().stream().mapToLong(Segment::readableSize).sum();
        while (segments.size() > 1) {
            Map.Entry<Long, Segment> first = segments.firstEntry();
            Segment s = first.getValue();
            boolean tooBig = retention.maxBytes() >= 0 && total > retention.maxBytes();
            boolean tooOld = retention.maxAge() != null && s.maxTimestamp() >= 0
                    && s.maxTimestamp() < now - retention.maxAge().toMillis();
            if (!tooBig && !tooOld) {
                return;
            }
            segments.remove(first.getKey());
            startOffset = segments.firstKey();
            total -= s.readableSize();
            try {
                s.delete();
            } catch (IOException e) {
                LOG.warn("{}: retention could not delete {}: {}", tp, s.logFile, e.toString());
            }
        }
    }

    /**
     * Writer thread, on close: force and seal the active segment, record the end as recovery
     * point. A fenced partition does neither: its close is unclean, so the next open scans it.
     */
    private boolean shutDown() {
        try {
            if (fenced != null) {
                LOG.warn("{}: closing a fenced partition; the next open will recover it", tp);
                return false;
            }
            active.seal();
            PartitionRecovery.writeRecoveryPoint(config.files(), dir, active.nextOffset());
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.error("{}: could not seal {} on close; the next open will recover it", tp, active.logFile, e);
            return false;
        } finally {
            closeSegments();
        }
    }

    private void closeSegments() {
        for (Segment s : segments.values()) {
            try {
                s.close();
            } catch (IOException e) {
                LOG.warn("{}: closing {}: {}", tp, s.logFile, e.toString());
            }
        }
    }

    /** Stops appends, drains the queue and waits for the writer; returns whether it shut down cleanly. */
    boolean close() {
        if (open) {
            open = false;
            queue.add(CLOSE);
        }
        boolean clean = closed.join();
        for (Waiter w : waiters) {
            w.wake();
        }
        return clean;
    }

    // ---- reads ----

    void addWaiter(Waiter w) {
        waiters.add(w);
    }

    void removeWaiter(Waiter w) {
        waiters.remove(w);
    }

    /**
     * Reads up to {@code max} acknowledged records from {@code from} into {@code out}; returns the
     * offset after the last one read ({@code from} when none is there yet).
     *
     * @throws OffsetOutOfRangeException when {@code from} is below the start or above the end
     * @throws CorruptRecordException    when the first batch to read is damaged, naming the offsets
     *                                   it stands for and the offset to resume at (when records
     *                                   before it were read in this call, they are returned and
     *                                   the next call throws)
     */
    long read(long from, int max, List<ConsumerRecord> out, FileWindow window) {
        int before = out.size();
        long end = endOffset;                             // volatile: everything below is readable
        if (from == end) {
            return from;
        }
        if (from < startOffset || from > end) {
            throw new OffsetOutOfRangeException(tp, from, startOffset, end);
        }
        long next = from;
        try {
            while (next < end && out.size() - before < max) {
                Map.Entry<Long, Segment> e = segments.floorEntry(next);
                if (e == null || next < startOffset) {
                    throw new OffsetOutOfRangeException(tp, next, startOffset, end);
                }
                Segment seg = e.getValue();
                Map.Entry<Long, Segment> higher = segments.higherEntry(seg.baseOffset);
                long segmentEnd = higher == null ? end : Math.min(end, higher.getKey());
                long got;
                try {
                    got = seg.read(tp, next, end, max - (out.size() - before), out, window);
                } catch (ClosedByInterruptException interrupted) {
                    throw new LogException("reading " + tp + " at offset " + next + " was interrupted", interrupted);
                } catch (ClosedChannelException closedByRetention) {
                    if (!open) {
                        throw new LogException("cannot read " + tp + ": the log is closed");
                    }
                    window.invalidate();
                    continue;                               // re-check the start offset
                } catch (CorruptRecordException damaged) {
                    throw damaged.resumeOffset() > segmentEnd ? damaged.resumingAt(segmentEnd) : damaged;
                }
                if (got == next) {
                    String problem = higher == null
                            ? "segment ends before offset " + next + " (partition end " + end + ")"
                            : "offsets " + next + ".." + (higher.getKey() - 1) + " are missing";
                    throw new CorruptRecordException(tp, seg.logFile, seg.readableSize(), next, segmentEnd, problem);
                }
                next = got;
            }
        } catch (CorruptRecordException e) {
            if (out.size() == before) {
                throw e;
            }
            return out.getLast().offset() + 1;          // what was read first; the next call reports it
        } catch (IOException e) {
            if (out.size() == before) {
                throw new LogException("cannot read " + tp + " at offset " + next + ": " + e, e);
            }
            return out.getLast().offset() + 1;
        }
        return next;
    }
}
