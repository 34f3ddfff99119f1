package io.agner.switchdemo.log.internal;

import io.agner.switchdemo.log.ConsumerRecord;
import io.agner.switchdemo.log.CorruptRecordException;
import io.agner.switchdemo.log.LogConfig;
import io.agner.switchdemo.log.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One segment file of a partition and its sparse index. The partition's writer thread appends,
 * forces, truncates and seals; any thread reads up to {@link #readableSize()}, which the writer
 * publishes (volatile) only after the bytes below it are acknowledged.
 *
 * <p>File descriptors: the write channel is open only while the segment is active (or being
 * recovered); {@link #closeWriter()} closes it once the segment is sealed. Readers borrow a
 * channel from the log's bounded {@link ReadHandles} cache for the length of one read.
 *
 * <p>Damage: a batch that fails its checks is reported by readers with the offsets it stands
 * for, up to the next valid batch, which they look for by its checksum (see {@link #resync}).
 */
final class Segment {

    private static final Logger LOG = LoggerFactory.getLogger("io.agner.switchdemo.log");
    static final String LOG_SUFFIX = ".log";
    static final String INDEX_SUFFIX = ".index";
    /** The fewest bytes a record takes (length, attributes, timestamp and offset deltas, key, value, header count). */
    static final int MIN_RECORD_BYTES = 7;

    // Immutable.
    final long baseOffset;
    final Path logFile;
    final Path indexFile;
    private final LogConfig config;
    private final ReadHandles handles;
    final OffsetIndex index = new OffsetIndex();

    // Writer thread (or recovery) only.
    private FileChannel channel;                  // null once sealed and closed
    private int writeSize;
    private int bytesSinceIndexEntry;
    private long nextOffset;
    private long maxTimestamp = -1;

    // Shared: written by the writer after acknowledgement, read by readers.
    private volatile int readableSize;
    private volatile boolean closed;
    /** Where the next valid batch lies after a damaged one, by the damaged one's position: found once, by recovery or a reader. */
    private final Map<Integer, Resync> damage = new ConcurrentHashMap<>();

    private Segment(long baseOffset, Path dir, FileChannel channel, LogConfig config, ReadHandles handles) {
        this.baseOffset = baseOffset;
        this.logFile = dir.resolve(fileName(baseOffset, LOG_SUFFIX));
        this.indexFile = dir.resolve(fileName(baseOffset, INDEX_SUFFIX));
        this.channel = channel;
        this.config = config;
        this.handles = handles;
        this.nextOffset = baseOffset;
    }

    static String fileName(long baseOffset, String suffix) {
        return String.format("%020d%s", baseOffset, suffix);
    }

    /** Creates an empty segment file (fsyncing the folder so the new name survives a crash). */
    static Segment create(Path dir, long baseOffset, LogConfig config, ReadHandles handles) throws IOException {
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
        return new Segment(baseOffset, dir, ch, config, handles);
    }

    /** Opens an existing segment file; call {@link #scan} or {@link #trust} before use. */
    static Segment open(Path dir, long baseOffset, LogConfig config, ReadHandles handles) throws IOException {
        FileChannel ch = config.files().open(dir.resolve(fileName(baseOffset, LOG_SUFFIX)),
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new Segment(baseOffset, dir, ch, config, handles);
    }

    /**
     * Where reading goes on after a damaged batch: the next valid batch's position and base offset.
     */
    record Resync(int position, long offset) {}

    /** A damaged stretch with valid batches after it: bytes {@code [position, resume.position)}, offsets {@code [offset, resume.offset)}. */
    record Hole(int position, long offset, Resync resume, String problem) {}

    /**
     * What a scan found: the end of the last valid batch, the next offset, the damaged stretches
     * it stepped over, and the problem that ended it (damage with no valid batch after it), if any.
     */
    record Scan(int validBytes, long nextOffset, String problem, List<Hole> holes) {}

    /**
     * Walks the segment from the start, checking framing and offset continuity (and, when
     * {@code checkContent}, magic and CRC32C of every batch), rebuilding the index as it goes.
     * With {@code checkContent}, it steps over damage that a valid batch follows (a {@link Hole});
     * otherwise it stops at the first problem. Sets the writer state to the end of the last valid batch.
     */
    Scan scan(boolean checkContent, FileWindow window) throws IOException {
        FileChannel ch = channel;
        long fileSize = ch.size();
        int limit = (int) Math.min(fileSize, Integer.MAX_VALUE);
        index.truncateTo(0);
        bytesSinceIndexEntry = 0;
        int pos = 0;
        long expected = baseOffset;
        long maxTs = -1;
        String problem = null;
        List<Hole> holes = new ArrayList<>();
        while (pos < limit) {
            problem = check(ch, window, pos, limit, checkContent);
            long base = problem == null ? BatchCodec.baseOffset(window.buffer(), window.ensure(ch, pos, BatchCodec.HEADER_SIZE, limit)) : -1;
            if (problem == null && base != expected) {
                problem = "base offset " + base + " where " + expected + " was expected";
                if (checkContent && base > expected) {    // a valid batch after missing offsets: a hole of no bytes
                    holes.add(new Hole(pos, expected, new Resync(pos, base), problem));
                    expected = base;
                    problem = null;
                }
            }
            if (problem != null) {
                Resync next = checkContent ? resync(ch, window, pos, expected, limit) : null;
                if (next == null) {
                    break;
                }
                holes.add(new Hole(pos, expected, next, problem));
                damage.put(pos, next);
                pos = next.position();
                expected = next.offset();
                problem = null;
                continue;
            }
            int at = window.ensure(ch, pos, BatchCodec.HEADER_SIZE, limit);
            ByteBuffer buf = window.buffer();
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
        return new Scan(pos, expected, problem == null ? null : problem + " at byte " + pos + " (offset " + expected + ")",
                List.copyOf(holes));
    }

    /** Checks the batch at {@code pos}: framing, and with {@code content} magic, count and CRC; returns the problem or {@code null}. */
    private static String check(FileChannel ch, FileWindow window, int pos, int limit, boolean content) throws IOException {
        if (limit - pos < BatchCodec.HEADER_SIZE) {
            return "incomplete batch header (" + (limit - pos) + " bytes)";
        }
        int at = window.ensure(ch, pos, BatchCodec.HEADER_SIZE, limit);
        String problem = BatchCodec.checkFrame(window.buffer(), at, -1, limit - pos);
        if (problem != null || !content) {
            return problem;
        }
        at = window.ensure(ch, pos, BatchCodec.totalSize(window.buffer(), at), limit);
        return BatchCodec.checkContent(window.buffer(), at);
    }

    /**
     * Finds the first valid batch after the damaged one at {@code damagedAt} (which was expected to
     * start at offset {@code expected}), or {@code null} when none follows before {@code limit}.
     * It tries where the damaged batch's own length points, then every byte: a candidate must
     * carry magic 2, a base offset above {@code expected} and no higher than the bytes in between
     * could hold ({@value #MIN_RECORD_BYTES} per record), fit, and match its CRC32C. (Records are
     * opaque, so a value that holds an encoded batch could in principle be taken for one; the
     * offset bound and the checksum make that a deliberate act, not an accident.)
     */
    Resync resync(FileChannel ch, FileWindow window, int damagedAt, long expected, int limit) throws IOException {
        Resync known = damage.get(damagedAt);
        if (known != null && known.offset() > expected) {
            return known;
        }
        Resync found = null;
        if (limit - damagedAt >= BatchCodec.HEADER_SIZE) {
            long own = (long) damagedAt + BatchCodec.totalSize(window.buffer(), window.ensure(ch, damagedAt, BatchCodec.HEADER_SIZE, limit));
            if (own >= damagedAt + BatchCodec.HEADER_SIZE && own <= limit - BatchCodec.HEADER_SIZE) {
                found = validBatchAt(ch, window, (int) own, damagedAt, expected, limit);
            }
        }
        for (int q = damagedAt + 1; found == null && q <= limit - BatchCodec.HEADER_SIZE; q++) {
            found = validBatchAt(ch, window, q, damagedAt, expected, limit);
        }
        if (found != null) {
            damage.put(damagedAt, found);
        }
        return found;
    }

    private static Resync validBatchAt(FileChannel ch, FileWindow window, int q, int damagedAt, long expected, int limit)
            throws IOException {
        int at = window.ensure(ch, q, BatchCodec.HEADER_SIZE, limit);
        ByteBuffer buf = window.buffer();
        if (BatchCodec.magic(buf, at) != BatchCodec.MAGIC) {
            return null;
        }
        long base = BatchCodec.baseOffset(buf, at);
        if (base <= expected || base > expected + (q - damagedAt) / MIN_RECORD_BYTES + 1
                || BatchCodec.checkFrame(buf, at, -1, limit - q) != null) {
            return null;
        }
        at = window.ensure(ch, q, BatchCodec.totalSize(buf, at), limit);
        return BatchCodec.checkContent(window.buffer(), at) == null ? new Resync(q, base) : null;
    }

    /**
     * Keeps a damaged tail that nothing valid follows, but that lies below the recovery point and
     * so is no torn write: the whole file stays, sealed, its offsets running up to {@code nextOffset}
     * (where the caller starts the next segment).
     */
    void keepDamagedTail(long nextOffset) throws IOException {
        int size = (int) Math.min(channel.size(), Integer.MAX_VALUE);
        writeSize = size;
        readableSize = size;
        this.nextOffset = nextOffset;
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

    /** Closes the write channel of a sealed segment (its data forced); reads go on through {@link ReadHandles}. */
    void closeWriter() throws IOException {
        FileChannel ch = channel;
        channel = null;
        if (ch != null) {
            ch.close();
        }
    }

    void close() throws IOException {
        closed = true;
        handles.evict(this);
        closeWriter();
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

    boolean isClosed() {
        return closed;
    }

    /**
     * Reads records with offsets in {@code [from, until)} into {@code out}, at most {@code max},
     * starting at the indexed batch at or before {@code from}. Damage before {@code from} is stepped
     * over silently (it is not this reader's); damage at or after it is reported.
     *
     * @return the offset after the last record read, or {@code from} when none (the segment ends
     *         before {@code from})
     * @throws CorruptRecordException when a batch on the way fails its checks, naming the offsets
     *                                up to the next valid batch in this segment, or up to
     *                                {@link Long#MAX_VALUE} when none follows (the caller knows
     *                                where the next segment starts)
     */
    long read(TopicPartition tp, long from, long until, int max, List<ConsumerRecord> out, FileWindow window)
            throws IOException {
        ReadHandles.Handle handle = handles.acquire(this);
        try {
            return read(handle.channel(), tp, from, until, max, out, window);
        } finally {
            handles.release(handle);
        }
    }

    private long read(FileChannel ch, TopicPartition tp, long from, long until, int max, List<ConsumerRecord> out,
                      FileWindow window) throws IOException {
        int limit = readableSize;
        long entry = index.floorEntry(Math.toIntExact(from - baseOffset));
        int pos = entry < 0 ? 0 : (int) entry;
        long expected = entry < 0 ? baseOffset : baseOffset + (int) (entry >>> 32);
        if (pos >= limit) {
            pos = 0;
            expected = baseOffset;
        }
        long next = from;
        int remaining = max;
        while (pos < limit && remaining > 0 && next < until) {
            String problem = check(ch, window, pos, limit, false);
            if (problem == null) {
                int at = window.ensure(ch, pos, BatchCodec.HEADER_SIZE, limit);
                int total = BatchCodec.totalSize(window.buffer(), at);
                long base = BatchCodec.baseOffset(window.buffer(), at);
                long last = BatchCodec.lastOffset(window.buffer(), at);
                if (base < expected || last < base) {
                    problem = "base offset " + base + " where " + expected + " was expected";
                } else if (last < next) {
                    pos += total;                  // wholly before the wanted offset
                    expected = last + 1;
                    continue;
                } else if (base > next) {
                    throw new CorruptRecordException(tp, logFile, pos, next, base, "offsets " + next + ".." + (base - 1) + " are missing");
                } else {
                    at = window.ensure(ch, pos, total, limit);
                    ByteBuffer buf = window.buffer();
                    problem = BatchCodec.checkContent(buf, at);
                    if (problem == null) {
                        int before = out.size();
                        try {
                            int added = BatchCodec.decode(buf, at, tp, next, until, remaining, out);
                            remaining -= added;
                            if (added > 0) {
                                next = out.getLast().offset() + 1;
                            }
                            if (remaining > 0) {
                                next = Math.max(next, Math.min(until, last + 1));
                                pos += total;
                                expected = last + 1;
                            }
                            continue;
                        } catch (IllegalArgumentException e) {
                            out.subList(before, out.size()).clear();
                            problem = e.getMessage();
                        }
                    }
                }
            }
            Resync resume = resync(ch, window, pos, expected, limit);
            if (resume != null && resume.offset() <= next) {
                pos = resume.position();           // damage before the wanted offset: not this reader's to report
                expected = resume.offset();
                continue;
            }
            throw new CorruptRecordException(tp, logFile, pos, next, resume == null ? Long.MAX_VALUE : resume.offset(), problem);
        }
        return next;
    }

    @Override
    public String toString() {
        return logFile.toString();
    }
}
