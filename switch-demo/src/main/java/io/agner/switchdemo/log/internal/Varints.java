package io.agner.switchdemo.log.internal;

import java.nio.ByteBuffer;

/** Zig-zag varints as Kafka and protobuf write them. Stateless; any thread. */
final class Varints {

    private Varints() {}

    static void writeInt(int value, ByteBuffer out) {
        writeUnsigned(((long) ((value << 1) ^ (value >> 31))) & 0xffffffffL, out);
    }

    static void writeLong(long value, ByteBuffer out) {
        writeUnsigned((value << 1) ^ (value >> 63), out);
    }

    private static void writeUnsigned(long v, ByteBuffer out) {
        while ((v & ~0x7fL) != 0) {
            out.put((byte) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.put((byte) v);
    }

    static int readInt(ByteBuffer in) {
        long raw = readUnsigned(in, 5);
        int v = (int) raw;
        return (v >>> 1) ^ -(v & 1);
    }

    static long readLong(ByteBuffer in) {
        long raw = readUnsigned(in, 10);
        return (raw >>> 1) ^ -(raw & 1);
    }

    private static long readUnsigned(ByteBuffer in, int maxBytes) {
        long value = 0;
        for (int i = 0; i < maxBytes; i++) {
            byte b = in.get();
            value |= (long) (b & 0x7f) << (7 * i);
            if (b >= 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("varint longer than " + maxBytes + " bytes");
    }

    static int sizeOfInt(int value) {
        return sizeOfUnsigned(((long) ((value << 1) ^ (value >> 31))) & 0xffffffffL);
    }

    static int sizeOfLong(long value) {
        return sizeOfUnsigned((value << 1) ^ (value >> 63));
    }

    private static int sizeOfUnsigned(long v) {
        int bytes = 1;
        while ((v & ~0x7fL) != 0) {
            bytes++;
            v >>>= 7;
        }
        return bytes;
    }
}
