package io.agner.switchdemo.log.internal;

import io.agner.switchdemo.log.ConsumerRecord;
import io.agner.switchdemo.log.Header;
import io.agner.switchdemo.log.TopicPartition;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Kafka record-batch v2 framing (see the package doc of {@code io.agner.switchdemo.log} for the
 * layout). Stateless; any thread. Buffers are read and written at absolute positions.
 */
final class BatchCodec {

    static final int LOG_OVERHEAD = 12;            // baseOffset + batchLength
    static final int HEADER_SIZE = 61;
    static final byte MAGIC = 2;
    private static final int MAGIC_AT = 16;
    private static final int CRC_AT = 17;
    private static final int ATTRIBUTES_AT = 21;
    private static final int LAST_OFFSET_DELTA_AT = 23;
    private static final int BASE_TIMESTAMP_AT = 27;
    private static final int MAX_TIMESTAMP_AT = 35;
    private static final int RECORD_COUNT_AT = 57;

    private BatchCodec() {}

    /** The size of one record's body (after its length varint). */
    static int recordSize(PendingAppend p, int offsetDelta, long baseTimestamp) {
        long tsDelta = p.timestamp() - baseTimestamp;
        byte[] key = p.record().key();
        byte[] value = p.record().value();
        int size = 1 + Varints.sizeOfLong(tsDelta) + Varints.sizeOfInt(offsetDelta)
                + bytesSize(key) + bytesSize(value) + Varints.sizeOfInt(p.record().headers().size());
        for (Header h : p.record().headers()) {
            int keyLength = h.key().getBytes(StandardCharsets.UTF_8).length;
            size += Varints.sizeOfInt(keyLength) + keyLength + bytesSize(h.value());
        }
        return size;
    }

    private static int bytesSize(byte[] b) {
        return b == null ? 1 : Varints.sizeOfInt(b.length) + b.length;
    }

    /** The encoded size of a batch of these appends, at most. */
    static int batchSize(List<PendingAppend> appends) {
        long base = appends.getFirst().timestamp();
        int size = HEADER_SIZE;
        for (int i = 0; i < appends.size(); i++) {
            int body = recordSize(appends.get(i), i, base);
            size += Varints.sizeOfInt(body) + body;
        }
        return size;
    }

    /** Encodes the appends as one batch starting at {@code baseOffset}; returns a buffer ready to write. */
    static ByteBuffer encode(List<PendingAppend> appends, long baseOffset) {
        ByteBuffer out = ByteBuffer.allocate(batchSize(appends));
        long baseTimestamp = appends.getFirst().timestamp();
        long maxTimestamp = baseTimestamp;
        out.position(HEADER_SIZE);
        for (int i = 0; i < appends.size(); i++) {
            PendingAppend p = appends.get(i);
            maxTimestamp = Math.max(maxTimestamp, p.timestamp());
            Varints.writeInt(recordSize(p, i, baseTimestamp), out);
            out.put((byte) 0);
            Varints.writeLong(p.timestamp() - baseTimestamp, out);
            Varints.writeInt(i, out);
            writeBytes(p.record().key(), out);
            writeBytes(p.record().value(), out);
            Varints.writeInt(p.record().headers().size(), out);
            for (Header h : p.record().headers()) {
                writeBytes(h.key().getBytes(StandardCharsets.UTF_8), out);
                writeBytes(h.value(), out);
            }
        }
        int end = out.position();
        out.putLong(0, baseOffset)
                .putInt(8, end - LOG_OVERHEAD)
                .putInt(12, 0)
                .put(MAGIC_AT, MAGIC)
                .putShort(ATTRIBUTES_AT, (short) 0)
                .putInt(LAST_OFFSET_DELTA_AT, appends.size() - 1)
                .putLong(BASE_TIMESTAMP_AT, baseTimestamp)
                .putLong(MAX_TIMESTAMP_AT, maxTimestamp)
                .putLong(43, -1L)
                .putShort(51, (short) -1)
                .putInt(53, -1)
                .putInt(RECORD_COUNT_AT, appends.size());
        out.putInt(CRC_AT, (int) crc(out, 0, end));
        out.limit(end).position(0);
        return out;
    }

    private static void writeBytes(byte[] b, ByteBuffer out) {
        if (b == null) {
            Varints.writeInt(-1, out);
        } else {
            Varints.writeInt(b.length, out);
            out.put(b);
        }
    }

    private static long crc(ByteBuffer batch, int start, int end) {
        CRC32C crc = new CRC32C();
        crc.update(batch.slice(start + ATTRIBUTES_AT, end - start - ATTRIBUTES_AT));
        return crc.getValue();
    }

    static byte magic(ByteBuffer buf, int at) {
        return buf.get(at + MAGIC_AT);
    }

    static long baseOffset(ByteBuffer buf, int at) {
        return buf.getLong(at);
    }

    /** Total bytes of the batch at {@code at}, framing included. */
    static int totalSize(ByteBuffer buf, int at) {
        return buf.getInt(at + 8) + LOG_OVERHEAD;
    }

    static long lastOffset(ByteBuffer buf, int at) {
        return buf.getLong(at) + buf.getInt(at + LAST_OFFSET_DELTA_AT);
    }

    static long maxTimestamp(ByteBuffer buf, int at) {
        return buf.getLong(at + MAX_TIMESTAMP_AT);
    }

    /**
     * Checks the framing of the batch header at {@code at} (which must have {@link #LOG_OVERHEAD}
     * readable bytes): a plausible length and, when {@code expectedBase >= 0}, the base offset.
     * Returns a description of the problem, or {@code null}.
     */
    static String checkFrame(ByteBuffer buf, int at, long expectedBase, long bytesLeft) {
        long base = buf.getLong(at);
        int length = buf.getInt(at + 8);
        if (length < HEADER_SIZE - LOG_OVERHEAD) {
            return "batch length " + length + " is shorter than a batch header";
        }
        if (length + LOG_OVERHEAD > bytesLeft) {
            return "batch length " + length + " runs past the end of the segment (" + bytesLeft + " bytes left)";
        }
        if (expectedBase >= 0 && base != expectedBase) {
            return "base offset " + base + " where " + expectedBase + " was expected";
        }
        return null;
    }

    /** Checks magic, record count and CRC32C of a whole batch at {@code at}; returns the problem or {@code null}. */
    static String checkContent(ByteBuffer buf, int at) {
        int end = at + totalSize(buf, at);
        if (buf.get(at + MAGIC_AT) != MAGIC) {
            return "magic " + buf.get(at + MAGIC_AT) + ", expected " + MAGIC;
        }
        int count = buf.getInt(at + RECORD_COUNT_AT);
        if (count < 1 || count - 1 != buf.getInt(at + LAST_OFFSET_DELTA_AT)) {
            return "record count " + count + " does not match last offset delta " + buf.getInt(at + LAST_OFFSET_DELTA_AT);
        }
        long stored = buf.getInt(at + CRC_AT) & 0xffffffffL;
        long actual = crc(buf, at, end);
        if (stored != actual) {
            return String.format("CRC32C %08x, computed %08x", stored, actual);
        }
        return null;
    }

    /**
     * Decodes the records of a checked batch with offsets in {@code [from, until)}, at most
     * {@code max} of them, into {@code out}. Returns the number added.
     *
     * @throws IllegalArgumentException when the records inside do not parse (a CRC collision or a bug)
     */
    static int decode(ByteBuffer buf, int at, TopicPartition tp, long from, long until, int max,
                      List<ConsumerRecord> out) {
        long base = buf.getLong(at);
        long baseTimestamp = buf.getLong(at + BASE_TIMESTAMP_AT);
        int count = buf.getInt(at + RECORD_COUNT_AT);
        int end = at + totalSize(buf, at);
        ByteBuffer in = buf.duplicate().limit(end).position(at + HEADER_SIZE);
        int added = 0;
        try {
            for (int i = 0; i < count && added < max; i++) {
                int length = Varints.readInt(in);
                int next = in.position() + length;
                in.get();                                   // attributes
                long timestamp = baseTimestamp + Varints.readLong(in);
                long offset = base + Varints.readInt(in);
                if (offset >= until) {
                    break;
                }
                if (offset < from) {
                    in.position(next);
                    continue;
                }
                byte[] key = readBytes(in);
                byte[] value = readBytes(in);
                int headerCount = Varints.readInt(in);
                List<Header> headers = headerCount == 0 ? List.of() : new ArrayList<>(headerCount);
                for (int h = 0; h < headerCount; h++) {
                    byte[] hk = readBytes(in);
                    headers.add(new Header(new String(hk, StandardCharsets.UTF_8), readBytes(in)));
                }
                if (in.position() != next) {
                    throw new IllegalArgumentException("record at offset " + offset + " has " + (next - in.position()) + " bytes unread");
                }
                out.add(new ConsumerRecord(tp, offset, timestamp, key, value, headers));
                added++;
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("records do not parse: " + e, e);
        }
        return added;
    }

    private static byte[] readBytes(ByteBuffer in) {
        int length = Varints.readInt(in);
        if (length < 0) {
            return null;
        }
        byte[] b = new byte[length];
        in.get(b);
        return b;
    }
}
