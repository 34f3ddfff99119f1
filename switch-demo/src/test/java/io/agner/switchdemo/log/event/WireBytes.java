package io.agner.switchdemo.log.event;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Writes event bytes by hand, from the package documentation's wire format rather than the codec's
 * writer, so tests can build any event, valid or not. Confined to one test thread.
 */
final class WireBytes {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Magic, format 1, name and version. */
    static WireBytes event(String schema, int version) {
        return new WireBytes().raw(0xAE, 0x01).string(schema).varint(version);
    }

    WireBytes raw(int... bytes) {
        for (int b : bytes) {
            out.write(b);
        }
        return this;
    }

    WireBytes varint(long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) (v & 0x7F | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
        return this;
    }

    WireBytes string(String s) {
        return bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    WireBytes bytes(byte[] b) {
        varint(b.length);
        out.writeBytes(b);
        return this;
    }

    WireBytes tag(int tag) {
        return raw(tag);
    }

    WireBytes stringField(String s) {
        return tag(Tags.STRING).string(s);
    }

    WireBytes intField(int v) {
        return tag(Tags.INT).varint(Integer.toUnsignedLong((v << 1) ^ (v >> 31)));
    }

    WireBytes longField(long v) {
        return tag(Tags.LONG).varint((v << 1) ^ (v >> 63));
    }

    WireBytes doubleField(double d) {
        out.writeBytes(ByteBuffer.allocate(9).put((byte) Tags.DOUBLE).putDouble(d).array());
        return this;
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
