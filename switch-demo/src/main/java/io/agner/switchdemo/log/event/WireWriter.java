package io.agner.switchdemo.log.event;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/** A growable byte array the encoder appends to; confined to the encoding thread. */
final class WireWriter {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private byte[] buf;
    private int pos;

    WireWriter(int capacity) {
        buf = new byte[Math.max(32, capacity)];
    }

    private void ensure(int n) {
        if (buf.length - pos < n) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
        }
    }

    int size() {
        return pos;
    }

    /** The bytes written; the buffer itself when it is exactly full, which saves a copy. */
    byte[] toByteArray() {
        return pos == buf.length ? buf : Arrays.copyOf(buf, pos);
    }

    void writeByte(int b) {
        ensure(1);
        buf[pos++] = (byte) b;
    }

    void writeRaw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, pos, bytes.length);
        pos += bytes.length;
    }

    /** An unsigned LEB128 varint, 1-5 bytes. */
    void writeVarInt(int v) {
        ensure(5);
        while ((v & ~0x7F) != 0) {
            buf[pos++] = (byte) (v | 0x80);
            v >>>= 7;
        }
        buf[pos++] = (byte) v;
    }

    /** An unsigned LEB128 varint, 1-10 bytes. */
    void writeVarLong(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[pos++] = (byte) (v | 0x80);
            v >>>= 7;
        }
        buf[pos++] = (byte) v;
    }

    void writeZigZagInt(int v) {
        writeVarInt((v << 1) ^ (v >> 31));
    }

    void writeZigZagLong(long v) {
        writeVarLong((v << 1) ^ (v >> 63));
    }

    /** Eight bytes, big-endian; raw bits, so a NaN's payload survives. */
    void writeDouble(double d) {
        ensure(8);
        LONGS.set(buf, pos, Double.doubleToRawLongBits(d));
        pos += 8;
    }

    void writeBytes(byte[] bytes) {
        writeVarInt(bytes.length);
        writeRaw(bytes);
    }

    /**
     * Varint length and UTF-8, without an intermediate array. A lone surrogate becomes {@code '?'},
     * as {@code String.getBytes(UTF_8)} does, so the output is always well-formed UTF-8.
     */
    void writeString(String s) {
        int n = s.length();
        int length = utf8Length(s, n);
        writeVarInt(length);
        ensure(length);
        byte[] b = buf;
        int p = pos;
        if (length == n) {
            // Every char is ASCII or a lone surrogate (the only non-ASCII char that adds no byte).
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                b[p++] = c < 0x80 ? (byte) c : (byte) '?';
            }
        } else {
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c < 0x80) {
                    b[p++] = (byte) c;
                } else if (c < 0x800) {
                    b[p++] = (byte) (0xC0 | c >> 6);
                    b[p++] = (byte) (0x80 | c & 0x3F);
                } else if (!Character.isSurrogate(c)) {
                    b[p++] = (byte) (0xE0 | c >> 12);
                    b[p++] = (byte) (0x80 | c >> 6 & 0x3F);
                    b[p++] = (byte) (0x80 | c & 0x3F);
                } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, s.charAt(++i));
                    b[p++] = (byte) (0xF0 | cp >> 18);
                    b[p++] = (byte) (0x80 | cp >> 12 & 0x3F);
                    b[p++] = (byte) (0x80 | cp >> 6 & 0x3F);
                    b[p++] = (byte) (0x80 | cp & 0x3F);
                } else {
                    b[p++] = (byte) '?';
                }
            }
        }
        assert p == pos + length : "UTF-8 length " + length + " but wrote " + (p - pos);
        pos = p;
    }

    private static int utf8Length(String s, int n) {
        int length = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                continue;
            }
            if (c < 0x800) {
                length += 1;
            } else if (!Character.isSurrogate(c)) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                length += 2; // two chars, four bytes
                i++;
            }
        }
        return length;
    }
}
