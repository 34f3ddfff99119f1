package io.agner.switchdemo.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Reads and damages the log's files exactly as the package documentation lays them out, without
 * the engine: the durability tests' independent view of the disk. Call it only while no log has
 * the folder open (or on a crash image, see {@link #crashImage}).
 */
final class LogFiles {

    /** Bytes of a batch before its first record: baseOffset .. recordCount. */
    static final int BATCH_HEADER = 61;
    /** Bytes of a batch before the field {@code batchLength} counts from. */
    static final int LOG_OVERHEAD = 12;
    static final int INDEX_ENTRY = 8;
    static final String CLEAN_SHUTDOWN = "clean-shutdown";
    static final String RECOVERY_POINT = "recovery-point";

    private static final int MAGIC_AT = 16;
    private static final int CRC_AT = 17;
    private static final int CRC_FROM = 21;
    private static final int LAST_OFFSET_DELTA_AT = 23;
    private static final int RECORD_COUNT_AT = 57;

    private LogFiles() {}

    /**
     * One batch as it lies in a segment.
     *
     * @param position where it starts in the segment file
     * @param size     all its bytes, {@code batchLength + 12}
     */
    record Batch(Path segment, long position, long baseOffset, int size, int lastOffsetDelta, int recordCount,
                 byte magic, boolean crcOk) {

        long nextOffset() {
            return baseOffset + lastOffsetDelta + 1;
        }

        long end() {
            return position + size;
        }

        /** This batch as it lies in {@code other}, a copy of its segment. */
        Batch atSegment(Path other) {
            return new Batch(other, position, baseOffset, size, lastOffsetDelta, recordCount, magic, crcOk);
        }

        /** A byte inside the records, where a flip breaks only the CRC, not the framing. */
        long payloadMiddle() {
            return position + BATCH_HEADER + (size - BATCH_HEADER) / 2;
        }
    }

    /** The whole batches of a segment and how many bytes follow the last of them (a torn tail). */
    record Scan(List<Batch> batches, long wholeBytes, long fileSize) {

        Batch last() {
            return batches.getLast();
        }
    }

    /** An index entry: an offset relative to the segment's base and a batch position. */
    record IndexEntry(int relativeOffset, int position) {}

    static Path partitionDir(Path dir, TopicPartition tp) {
        return dir.resolve(tp.toString());
    }

    static String segmentName(long baseOffset) {
        return "%020d.log".formatted(baseOffset);
    }

    static long baseOffset(Path segment) {
        String name = segment.getFileName().toString();
        return Long.parseLong(name.substring(0, name.indexOf('.')));
    }

    static Path indexOf(Path segment) {
        String name = segment.getFileName().toString();
        return segment.resolveSibling(name.substring(0, name.length() - ".log".length()) + ".index");
    }

    /** The partition's segment files, oldest first. */
    static List<Path> segments(Path dir, TopicPartition tp) {
        if (!Files.isDirectory(partitionDir(dir, tp))) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(partitionDir(dir, tp))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".log")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path activeSegment(Path dir, TopicPartition tp) {
        return segments(dir, tp).getLast();
    }

    /** Walks a segment batch by batch, as recovery does, stopping where a batch no longer fits. */
    static Scan scan(Path segment) {
        byte[] bytes = read(segment);
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        List<Batch> batches = new ArrayList<>();
        int pos = 0;
        while (bytes.length - pos >= BATCH_HEADER) {
            int size = buf.getInt(pos + 8) + LOG_OVERHEAD;
            if (size < BATCH_HEADER || size > bytes.length - pos) {
                break;
            }
            CRC32C crc = new CRC32C();
            crc.update(bytes, pos + CRC_FROM, size - CRC_FROM);
            boolean crcOk = (int) crc.getValue() == buf.getInt(pos + CRC_AT);
            batches.add(new Batch(segment, pos, buf.getLong(pos), size, buf.getInt(pos + LAST_OFFSET_DELTA_AT),
                    buf.getInt(pos + RECORD_COUNT_AT), buf.get(pos + MAGIC_AT), crcOk));
            pos += size;
        }
        return new Scan(List.copyOf(batches), pos, bytes.length);
    }

    /** Every batch of the partition, oldest first. */
    static List<Batch> batches(Path dir, TopicPartition tp) {
        return segments(dir, tp).stream().flatMap(s -> scan(s).batches().stream()).toList();
    }

    /**
     * Asserts what recovery promises about a partition's files: every segment is whole batches with
     * magic 2 and a good CRC32C, named by its first offset, offsets dense across segments from the
     * first segment's base, and every index entry points at a batch in its segment.
     *
     * @return the offset after the last batch, 0 without any
     */
    static long assertWellFormed(Path dir, TopicPartition tp) {
        return assertWellFormed(dir, tp, true);
    }

    /** As {@link #assertWellFormed(Path, TopicPartition)}, checking the index files only if {@code indexes}. */
    static long assertWellFormed(Path dir, TopicPartition tp, boolean indexes) {
        long next = -1;
        for (Path segment : segments(dir, tp)) {
            Scan scan = scan(segment);
            String where = segment + " (" + scan.batches().size() + " whole batches)";
            assertEquals(scan.fileSize(), scan.wholeBytes(), "bytes after the last whole batch in " + where);
            long expected = baseOffset(segment);
            if (next >= 0) {
                assertEquals(next, expected, "segment " + segment + " does not continue the previous one");
            }
            for (Batch b : scan.batches()) {
                String at = "batch at byte " + b.position() + " of " + segment;
                assertEquals(expected, b.baseOffset(), "offsets are not dense at " + at);
                assertEquals(2, b.magic(), "magic of " + at);
                assertTrue(b.crcOk(), "CRC32C of " + at);
                assertEquals(b.lastOffsetDelta() + 1, b.recordCount(), "record count of " + at);
                expected = b.nextOffset();
            }
            if (indexes) {
                assertIndexConsistent(segment, scan);
            }
            next = expected;
        }
        return Math.max(next, 0);
    }

    /**
     * Asserts that a segment's index, if there is one, is a sequence of 8-byte entries, increasing,
     * each naming the start of a batch whose base offset is at or before the entry's offset.
     */
    static void assertIndexConsistent(Path segment, Scan scan) {
        Path index = indexOf(segment);
        if (!Files.exists(index)) {
            return;
        }
        byte[] bytes = read(index);
        assertEquals(0, bytes.length % INDEX_ENTRY, "length of " + index);
        long base = baseOffset(segment);
        long next = scan.batches().isEmpty() ? base : scan.last().nextOffset();
        IndexEntry previous = null;
        for (IndexEntry e : indexEntries(index)) {
            String what = "index entry " + e + " of " + index;
            if (previous != null) {
                assertTrue(e.relativeOffset() > previous.relativeOffset() && e.position() > previous.position(),
                        what + " does not follow " + previous);
            }
            Batch batch = scan.batches().stream().filter(b -> b.position() == e.position()).findFirst()
                    .orElseThrow(() -> new AssertionError(what + " names no batch start"));
            assertTrue(batch.baseOffset() <= base + e.relativeOffset() && base + e.relativeOffset() < next,
                    what + " names the batch of offsets " + batch.baseOffset() + ".." + (batch.nextOffset() - 1));
            previous = e;
        }
    }

    static List<IndexEntry> indexEntries(Path index) {
        ByteBuffer buf = ByteBuffer.wrap(read(index));
        List<IndexEntry> entries = new ArrayList<>();
        while (buf.remaining() >= INDEX_ENTRY) {
            entries.add(new IndexEntry(buf.getInt(), buf.getInt()));
        }
        return entries;
    }

    /** The batch header fields {@link Batch} does not carry. */
    record BatchFields(int partitionLeaderEpoch, short attributes, long baseTimestamp, long maxTimestamp, long producerId,
                       short producerEpoch, int baseSequence) {}

    /** A record as the documented framing stores it. */
    record StoredRecord(byte attributes, long timestampDelta, int offsetDelta, byte[] key, byte[] value, List<Header> headers) {}

    static BatchFields fields(Batch b) {
        ByteBuffer buf = ByteBuffer.wrap(read(b.segment(), b.position(), BATCH_HEADER));
        return new BatchFields(buf.getInt(12), buf.getShort(21), buf.getLong(27), buf.getLong(35), buf.getLong(43),
                buf.getShort(51), buf.getInt(53));
    }

    /** Decodes a batch's records; fails unless each record's length is right and they fill the batch exactly. */
    static List<StoredRecord> records(Batch b) {
        ByteBuffer buf = ByteBuffer.wrap(read(b.segment(), b.position() + BATCH_HEADER, b.size() - BATCH_HEADER));
        List<StoredRecord> records = new ArrayList<>();
        for (int i = 0; i < b.recordCount(); i++) {
            int length = (int) varlong(buf);
            int start = buf.position();
            byte attributes = buf.get();
            long timestampDelta = varlong(buf);
            int offsetDelta = (int) varlong(buf);
            byte[] key = bytes(buf);
            byte[] value = bytes(buf);
            int headerCount = (int) varlong(buf);
            List<Header> headers = new ArrayList<>();
            for (int h = 0; h < headerCount; h++) {
                headers.add(new Header(new String(bytes(buf), StandardCharsets.UTF_8), bytes(buf)));
            }
            assertEquals(length, buf.position() - start, "length of record " + i + " of the batch at byte " + b.position() + " of " + b.segment());
            records.add(new StoredRecord(attributes, timestampDelta, offsetDelta, key, value, headers));
        }
        assertEquals(0, buf.remaining(), "bytes after the last record of the batch at byte " + b.position() + " of " + b.segment());
        return records;
    }

    /** A zig-zag varint or varlong, as in Kafka and protobuf. */
    private static long varlong(ByteBuffer buf) {
        long raw = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = buf.get();
            raw |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                break;
            }
        }
        return (raw >>> 1) ^ -(raw & 1);
    }

    /** A varint length (-1: null) and that many bytes. */
    private static byte[] bytes(ByteBuffer buf) {
        int length = (int) varlong(buf);
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        buf.get(bytes);
        return bytes;
    }

    private static byte[] read(Path file, long position, int length) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(length);
            while (buf.hasRemaining() && ch.read(buf, position + buf.position()) > 0) {
                // until full or at the end of the file
            }
            return buf.array();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Inverts every bit of the byte at {@code position}: a change CRC32C always detects. */
    static void flipByte(Path file, long position) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            if (ch.read(b, position) != 1) {
                fail("no byte " + position + " in " + file);
            }
            b.put(0, (byte) ~b.get(0));
            ch.write(b.flip(), position);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void truncate(Path file, long size) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path file) {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Copies an open, idle log folder: the state a kill -9 would leave at this moment (the page
     * cache survives a process's death, so the copy sees what the process wrote), without the
     * clean-shutdown marker and with the recovery point where the engine last put it. The copy is
     * not locked; opening it runs recovery.
     */
    static Path crashImage(Path liveDir, Path imageDir) {
        try (Stream<Path> files = Files.walk(liveDir)) {
            for (Path from : (Iterable<Path>) files::iterator) {
                Path to = imageDir.resolve(liveDir.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return imageDir;
    }
}
