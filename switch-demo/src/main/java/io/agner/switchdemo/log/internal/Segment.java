package io.agner.switchdemo.log.internal;

import io.agner.switchdemo.log.ConsumerRecord;
import io.agner.switchdemo.log.CorruptRecordException;
import io.agner.switchdemo.log.LogConfig;
import io.agner.switchdemo.log.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * One segment file of a partition and its sparse index. The partition's writer thread appends,
 * forces, truncates and seals; any thread reads up to {@link #readableSize()}, which the writer
 * publishes (volatile) only after the bytes below it are acknowledged.
 */
final class Segment {

    private static final Logger LOG = LoggerFactory.getLogger("io.agner.switchdemo.log");
    static final String LOG_SUFFIX = ".log";
    static final String INDEX_SUFFIX = ".index";

    // Immutable.
    final long baseOffset;
    final Path logFile;
    final Path indexFile;
    private final FileChannel channel;
    private final LogConfig config;
    final OffsetIndex index = new OffsetIndex();

    // Writer thread only.
    private int writeSize;
    private int bytesSinceIndexEntry;
    private long nextOffset;
    private long maxTimestamp = -1;

    // Shared: written by the writer after acknowledgement, read by readers.
    private volatile int readableSize;
    /**
     * Readers' own channel: an interrupted reader (a killed process) closes the channel it reads
     * through, which must never be the writer's. Reopened on demand; guarded by {@code this}.
     */
    private volatile FileChannel readChannel;
    private boolean closed;

    private Segment(long baseOffset, Path dir, FileChannel channel, LogConfig config) {
        this.baseOffset = baseOffset;
        this.logFile = dir.resolve(fileName(baseOffset, LOG_SUFFIX));
        this.indexFile = dir.resolve(fileName(baseOffset, INDEX_SUFFIX));
        this.channel = channel;
        this.config = config;
        this.nextOffset = baseOffset;
    }

    static String fileName(long baseOffset, String suffix) {
        return String.format("%020d%s", baseOffset, suffix);
    }

    /** Creates an empty segment file (fsyncing the folder so the new name survives a crash). */
    static Segment create(Path dir, long baseOffset, LogConfig config) throws IOException {
        Path file = dir.resolve(fileName(baseOffset, LOG_SUFFIX));
        FileChannel ch = config.files().open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        try {
            Files.deleteIfExists(dir.resolve(fileName(baseOffset, INDEX_SUFFIX)));
            try {
                AtomicFiles.fsyncDirectory(config.files(), dir);
            } catch (IOException e) {
                throw new FsyncFailedException(dir, e);   // the new name may not survive a crash: the partition fences
            }
        } catch (IOException e) {
            try {
                ch.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return new Segment(baseOffset, dir, ch, config);
    }

    /** Opens an existing segment file; call {@link #recover} or {@link #trust} before use. */
    static Segment open(Path dir, long baseOffset, LogConfig config) throws IOException {
        FileChannel ch = config.files().open(dir.resolve(fileName(baseOffset, LOG_SUFFIX)),
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new Segment(baseOffset, dir, ch, config);
    }

    /** What a scan found: the bytes that are good, the next offset, and the first problem, if any. */
    record Scan(int validBytes, long nextOffset, String problem) {}

    /**
     * Walks the segment from the start, checking framing and offset continuity (and, when
     * {@code checkContent}, magic and CRC32C of every batch), rebuilding the index as it goes.
     * Stops at the first problem. Sets the writer state to the end of the good prefix.
     */
    Scan scan(boolean checkContent, FileWindow window) throws IOException {
        long fileSize = channel.size();
        long limit = Math.min(fileSize, Integer.MAX_VALUE);
        index.truncateTo(0);
        bytesSinceIndexEntry = 0;
        int pos = 0;
        long expected = baseOffset;
        long maxTs = -1;
        String problem = null;
        while (pos < limit) {
            if (limit - pos < BatchCodec.HEADER_SIZE) {
                problem = "incomplete batch header (" + (limit - pos) + " bytes)";
                break;
            }
            int at = window.ensure(channel, pos, BatchCodec.HEADER_SIZE, limit);
            ByteBuffer buf = window.buffer();
            problem = BatchCodec.checkFrame(buf, at, expected, limit - pos);
            if (problem == null && checkContent) {
                int total = BatchCodec.totalSize(buf, at);
                at = window.ensure(channel, pos, total, limit);
                buf = window.buffer();
                problem = BatchCodec.checkContent(buf, at);
            }
            if (problem != null) {
                break;
            }
            int total = BatchCodec.totalSize(buf, at);
            maybeIndex(expected, pos, total);
            maxTs = Math.max(maxTs, BatchCodec.maxTimestamp(buf, at));
            expected = BatchCodec.lastOffset(buf, at) + 1;
            pos += total;
        }
        if (problem == null && fileSize > limit) {
            problem = "segment larger than 2 GiB";
        }
        writeSize = pos;
        readableSize = pos;
        nextOffset = expected;
        maxTimestamp = maxTs;
        return new Scan(pos, expected, problem == null ? null : problem + " at byte " + pos + " (offset " + expected + ")");
    }

    /** Adds an index entry for the batch at {@code position} once enough bytes passed since the last. */
    private void maybeIndex(long batchBase, int position, int batchBytes) {
        if (bytesSinceIndexEntry >= config.indexIntervalBytes()) {
            index.append(Math.toIntExact(batchBase - baseOffset), position);
            bytesSinceIndexEntry = 0;
        }
        bytesSinceIndexEntry += batchBytes;
    }

    /**
     * Trusts a sealed segment below the recovery point: its size is the file's, its next offset
     * is the next segment's base; the index file is loaded, or rebuilt when it does not match.
     */
    void trust(long nextSegmentBase, FileWindow window) throws IOException {
        int size = (int) Math.min(channel.size(), Integer.MAX_VALUE);
        writeSize = size;
        readableSize = size;
        nextOffset = nextSegmentBase;
        if (!loadIndex(window)) {
            scanHeadersForIndex(window, size);
            writeIndex();                                        // a cache: replace the bad file for next time
        } else {
            maxTimestampFromTail(window, size);                  // retention by age needs it
        }
    }

    private void scanHeadersForIndex(FileWindow window, int size) throws IOException {
        index.truncateTo(0);
        bytesSinceIndexEntry = 0;
        int pos = 0;
        while (pos + BatchCodec.HEADER_SIZE <= size) {
            int at = window.ensure(channel, pos, BatchCodec.HEADER_SIZE, size);
            ByteBuffer buf = window.buffer();
            if (BatchCodec.checkFrame(buf, at, -1, size - pos) != null) {
                return;                         // readers will report the damage with its offset
            }
            int total = BatchCodec.totalSize(buf, at);
            maybeIndex(BatchCodec.baseOffset(buf, at), pos, total);
            maxTimestamp = Math.max(maxTimestamp, BatchCodec.maxTimestamp(buf, at));
            pos += total;
        }
    }

    /** The newest timestamp, from the batches at and after the last index entry (the segment's tail). */
    private void maxTimestampFromTail(FileWindow window, int size) throws IOException {
        int pos = index.size() == 0 ? 0 : index.positionAt(index.size() - 1);
        while (pos + BatchCodec.HEADER_SIZE <= size) {
            int at = window.ensure(channel, pos, BatchCodec.HEADER_SIZE, size);
            if (BatchCodec.checkFrame(window.buffer(), at, -1, size - pos) != null) {
                return;
            }
            maxTimestamp = Math.max(maxTimestamp, BatchCodec.maxTimestamp(window.buffer(), at));
            pos += BatchCodec.totalSize(window.buffer(), at);
        }
    }

    /** Loads the index file when it is consistent with the segment; returns whether it was. */
    private boolean loadIndex(FileWindow window) throws IOException {
        if (!Files.isRegularFile(indexFile)) {
            return false;
        }
        byte[] bytes = Files.readAllBytes(indexFile);
        if (bytes.length % 8 != 0) {
            return false;
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        index.truncateTo(0);
        int lastRel = -1;
        int lastPos = -1;
        int size = readableSize;
        while (in.hasRemaining()) {
            int rel = in.getInt();
            int pos = in.getInt();
            if (rel <= lastRel || pos <= lastPos || pos + BatchCodec.HEADER_SIZE > size) {
                index.truncateTo(0);
                return false;
            }
            int at = window.ensure(channel, pos, BatchCodec.HEADER_SIZE, size);
            if (BatchCodec.baseOffset(window.buffer(), at) != baseOffset + rel) {
                index.truncateTo(0);
                return false;
            }
            index.append(rel, pos);
            lastRel = rel;
            lastPos = pos;
        }
        return true;
    }

    // ---- writer thread ----

    int writeSize() {
        return writeSize;
    }

    long nextOffset() {
        return nextOffset;
    }

    long maxTimestamp() {
        return maxTimestamp;
    }

    /** Writes a whole encoded batch at the end; not yet readable. */
    void write(ByteBuffer batch, long batchBase, long lastOffset, long batchMaxTimestamp) throws IOException {
        int pos = writeSize;
        int total = batch.remaining();
        while (batch.hasRemaining()) {
            channel.write(batch, pos + (total - batch.remaining()));
        }
        maybeIndex(batchBase, pos, total);
        writeSize = pos + total;
        nextOffset = lastOffset + 1;
        maxTimestamp = Math.max(maxTimestamp, batchMaxTimestamp);
    }

    /** Forces the data written so far; a failure is a {@link FsyncFailedException}. */
    void force() throws FsyncFailedException {
        try {
            channel.force(false);
        } catch (IOException e) {
            throw new FsyncFailedException(logFile, e);
        }
    }

    /** Makes everything written so far readable (after it met the fsync policy). */
    void publish() {
        readableSize = writeSize;
    }

    /** Cuts unacknowledged bytes: back to {@code size} bytes ending at {@code nextOffset}. */
    void truncateTo(int size, long nextOffset) throws IOException {
        index.truncateTo(size);
        writeSize = size;
        this.nextOffset = nextOffset;
        if (readableSize > size) {
            readableSize = size;
        }
        channel.truncate(size);
    }

    /** Forces the data, then writes the index file (best effort: a cache, not fsynced). */
    void seal() throws FsyncFailedException {
        force();
        writeIndex();
    }

    /**
     * Writes the index file through the log's {@code FileChannels}. Best effort: the index is only
     * a cache, rebuilt on open when missing or wrong, so a failure (a full disk) is logged and
     * the file removed rather than left half-written.
     */
    void writeIndex() {
        try {
            AtomicFiles.writeCache(config.files(), indexFile, index.toBytes().array());
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not write index {} ({}); it is rebuilt from the segment on the next open", indexFile, e.toString());
            try {
                Files.deleteIfExists(indexFile);
            } catch (IOException ignored) {
                // a damaged index is detected and rebuilt on open
            }
        }
    }

    void close() throws IOException {
        synchronized (this) {
            closed = true;
            if (readChannel != null) {
                readChannel.close();
            }
        }
        channel.close();
    }

    void delete() throws IOException {
        close();
        Files.deleteIfExists(logFile);
        Files.deleteIfExists(indexFile);
    }

    // ---- any thread ----

    int readableSize() {
        return readableSize;
    }

    private FileChannel readChannel() throws IOException {
        FileChannel ch = readChannel;
        if (ch != null && ch.isOpen()) {
            return ch;
        }
        synchronized (this) {
            if (closed) {
                throw new ClosedChannelException();
            }
            if (readChannel == null || !readChannel.isOpen()) {
                readChannel = config.files().open(logFile, StandardOpenOption.READ);
            }
            return readChannel;
        }
    }

    /**
     * Reads records with offsets in {@code [from, until)} into {@code out}, at most {@code max},
     * starting at the indexed batch at or before {@code from}.
     *
     * @return the offset after the last record read, or {@code from} when none (the segment ends
     *         before {@code from})
     * @throws CorruptRecordException when a batch on the way fails its checks
     */
    long read(TopicPartition tp, long from, long until, int max, List<ConsumerRecord> out, FileWindow window)
            throws IOException {
        FileChannel channel = readChannel();
        int limit = readableSize;
        int pos = index.lookup(Math.toIntExact(from - baseOffset));
        if (pos >= limit) {
            pos = 0;
        }
        long next = from;
        int remaining = max;
        while (pos < limit && remaining > 0 && next < until) {
            if (limit - pos < BatchCodec.HEADER_SIZE) {
                throw new CorruptRecordException(tp, logFile, pos, next, next + 1, "incomplete batch header");
            }
            int at = window.ensure(channel, pos, BatchCodec.HEADER_SIZE, limit);
            String problem = BatchCodec.checkFrame(window.buffer(), at, -1, limit - pos);
            if (problem != null) {
                throw new CorruptRecordException(tp, logFile, pos, next, next + 1, problem);
            }
            int total = BatchCodec.totalSize(window.buffer(), at);
            if (BatchCodec.lastOffset(window.buffer(), at) < next) {
                pos += total;                  // wholly before the wanted offset
                continue;
            }
            at = window.ensure(channel, pos, total, limit);
            ByteBuffer buf = window.buffer();
            long batchBase = BatchCodec.baseOffset(buf, at);
            if (batchBase > next) {
                throw new CorruptRecordException(tp, logFile, pos, next, next + 1, "offsets " + next + ".." + (batchBase - 1) + " are missing");
            }
            problem = BatchCodec.checkContent(buf, at);
            if (problem != null) {
                throw new CorruptRecordException(tp, logFile, pos, next, next + 1, problem);
            }
            try {
                int added = BatchCodec.decode(buf, at, tp, next, until, remaining, out);
                remaining -= added;
                if (added > 0) {
                    next = out.getLast().offset() + 1;
                }
            } catch (IllegalArgumentException e) {
                throw new CorruptRecordException(tp, logFile, pos, next, next + 1, e.getMessage());
            }
            if (remaining > 0) {
                next = Math.max(next, Math.min(until, BatchCodec.lastOffset(buf, at) + 1));
                pos += total;
            }
        }
        return next;
    }

    @Override
    public String toString() {
        return logFile.toString();
    }
}
