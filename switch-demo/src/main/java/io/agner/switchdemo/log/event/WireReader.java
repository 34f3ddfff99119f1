package io.agner.switchdemo.log.event;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A cursor over one event's bytes; confined to the decoding thread. Every read checks its bounds
 * and throws {@link Malformed} rather than read past the end, and no length it reads makes it
 * allocate more than the bytes that remain.
 */
final class WireReader {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final byte[] buf;
    private final int end;
    private int pos;

    WireReader(byte[] buf) {
        this.buf = buf;
        this.end = buf.length;
    }

    byte[] buffer() {
        return buf;
    }

    int position() {
        return pos;
    }

    int remaining() {
        return end - pos;
    }

    private Malformed truncated() {
        return new Malformed(" truncated at byte " + end);
    }

    int readByte() {
        if (pos >= end) {
            throw truncated();
        }
        return buf[pos++] & 0xFF;
    }

    void skip(int n) {
        if (n > end - pos) {
            throw truncated();
        }
        pos += n;
    }

    /** An unsigned varint of at most 5 bytes whose value fits 32 bits. */
    int readVarInt() {
        int start = pos;
        int result = 0;
        for (int shift = 0; shift < 28; shift += 7) {
            int b = readByte();
            result |= (b & 0x7F) << shift;
            if (b < 0x80) {
                return result;
            }
        }
        int b = readByte();
        if (b > 0x0F) {
            throw new Malformed(": malformed varint at byte " + start);
        }
        return result | b << 28;
    }

    /** An unsigned varint of at most 10 bytes whose value fits 64 bits. */
    long readVarLong() {
        int start = pos;
        long result = 0;
        for (int shift = 0; shift < 63; shift += 7) {
            int b = readByte();
            result |= (long) (b & 0x7F) << shift;
            if (b < 0x80) {
                return result;
            }
        }
        int b = readByte();
        if (b > 1) {
            throw new Malformed(": malformed varint at byte " + start);
        }
        return result | (long) b << 63;
    }

    int readZigZagInt() {
        int n = readVarInt();
        return (n >>> 1) ^ -(n & 1);
    }

    long readZigZagLong() {
        long n = readVarLong();
        return (n >>> 1) ^ -(n & 1);
    }

    /** A varint length that the remaining bytes can hold; a longer one is a truncation. */
    int readLength() {
        int n = readVarInt();
        if (n < 0 || n > end - pos) {
            throw truncated();
        }
        return n;
    }

    double readDouble() {
        if (end - pos < 8) {
            throw truncated();
        }
        double d = Double.longBitsToDouble((long) LONGS.get(buf, pos));
        pos += 8;
        return d;
    }

    byte[] readBytes() {
        int n = readLength();
        byte[] bytes = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return bytes;
    }

    /** Strict UTF-8: malformed input is reported, never replaced. ASCII, the common case, is one copy. */
    String readString() {
        int n = readLength();
        int start = pos;
        pos += n;
        for (int i = start; i < start + n; i++) {
            if (buf[i] < 0) {
                return decodeUtf8(start, n);
            }
        }
        return new String(buf, start, n, StandardCharsets.ISO_8859_1);
    }

    private String decodeUtf8(int start, int n) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(buf, start, n)).toString();
        } catch (CharacterCodingException e) {
            throw new Malformed(": malformed UTF-8 at bytes " + start + "-" + (start + n - 1));
        }
    }
}
