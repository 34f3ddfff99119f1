package io.agner.switchdemo.log.event;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Immutable once the codec is built, so any thread may use one: how values of one Java type
 * travel, a tag, then the value's bytes. {@link #write} writes the tag; {@link #read} starts after it.
 */
abstract sealed class ValueCodec {

    /** Nesting (records and lists) deeper than this is refused both ways: it bounds the decoder's stack. */
    static final int MAX_DEPTH = 64;

    final int tag;
    /** The expected type as reasons name it: {@code "string"}, {@code "enum LineState"}. */
    final String typeName;

    private ValueCodec(int tag, String typeName) {
        this.tag = tag;
        this.typeName = typeName;
    }

    /** Writes the tag and the value; {@code value} is not {@code null} and has this codec's type. */
    abstract void write(WireWriter w, Object value, int depth);

    /** Reads the value after its tag, which the caller matched against {@link #tag}. */
    abstract Object read(WireReader r, int depth);

    /** Reads a tag and a value of this type, where {@code null} is not allowed (a list element, a primitive). */
    final Object readTagged(WireReader r, int depth) {
        int found = r.readByte();
        if (found != tag) {
            throw mismatch(found);
        }
        return read(r, depth);
    }

    final Malformed mismatch(int found) {
        return new Malformed(" expected " + typeName + ", found " + Tags.name(found));
    }

    static final ValueCodec BOOLEAN = new Bool();
    static final ValueCodec INT = new Int32();
    static final ValueCodec LONG = new Int64();
    static final ValueCodec DOUBLE = new Float64();
    static final ValueCodec STRING = new Str();
    static final ValueCodec BYTES = new Bytes();
    static final ValueCodec INSTANT = new Time();

    static final class Bool extends ValueCodec {
        Bool() {
            super(Tags.BOOLEAN, "boolean");
        }

        @Override
        void write(WireWriter w, Object value, int depth) {
            w.writeByte(Tags.BOOLEAN);
            w.writeByte((Boolean) value ? 1 : 0);
        }

        @Override
        Object read(WireReader r, int depth) {
            int b = r.readByte();
            if (b > 1) {
                throw new Malformed(": boolean byte must be 0 or 1, was " + b);
            }
            return b == 1;
        }
    }

    static final class Int32 extends ValueCodec {
        Int32() {
            super(Tags.INT, "int");
        }

        @Override
        void write(WireWriter w, Object value, int depth) {
            w.writeByte(Tags.INT);
            w.writeZigZagInt((Integer) value);
        }

        @Override
        Object read(WireReader r, int depth) {
            return r.readZigZagInt();
        }
    }

    static final class Int64 extends ValueCodec {
        Int64() {
            super(Tags.LONG, "long");
        }

        @Override
        void write(WireWriter w, Object value, int depth) {
            w.writeByte(Tags.LONG);
            w.writeZigZagLong((Long) value);
        }

        @Override
        Object read(WireReader r, int depth) {
            return r.readZigZagLong();
        }
    }

    static final class Float64 extends ValueCodec {
        Float64() {
            super(Tags.DOUBLE, "double");
        }

        @Override
        void write(WireWriter w, Object value, int depth) {
            w.writeByte(Tags.DOUBLE);
            w.writeDouble((Double) value);
        }

        @Override
        Object read(WireReader r, int depth) {
            return r.readDouble();
        }
    }

    static final class Str extends ValueCodec {
        Str() {
            super(Tags.STRING, "string");
        }

        @Override
        void write(WireWriter w, Object value, int depth) {
            w.writeByte(Tags.STRING);
            w.writeString((String) value);
        }

        @Override
        Object read(WireReader r, int depth) {
            return r.readString();
        }
    }

    static final class Bytes extends ValueCodec {
        Bytes() {
            super(Tags.BYTES, "bytes");
        }

        @Override
        void write(WireWriter w, Object value, int depth) {
            w.writeByte(Tags.BYTES);
            w.writeBytes((byte[]) value);
        }

        @Override
        Object read(WireReader r, int depth) {
            return r.readBytes();
        }
    }

    /** Epoch seconds (zig-zag varint) and nanoseconds (varint, 0-999,999,999): every {@code Instant}, exactly. */
    static final class Time extends ValueCodec {
        Time() {
            super(Tags.INSTANT, "instant");
        }

        @Override
        void write(WireWriter w, Object value, int depth) {
            Instant t = (Instant) value;
            w.writeByte(Tags.INSTANT);
            w.writeZigZagLong(t.getEpochSecond());
            w.writeVarInt(t.getNano());
        }

        @Override
        Object read(WireReader r, int depth) {
            long seconds = r.readZigZagLong();
            int nanos = r.readVarInt();
            if (nanos < 0 || nanos > 999_999_999) {
                throw new Malformed(": instant nanoseconds must be 0-999999999, was " + Integer.toUnsignedString(nanos));
            }
            try {
                return Instant.ofEpochSecond(seconds, nanos);
            } catch (DateTimeException e) {
                throw new Malformed(": instant out of range, " + seconds + " epoch seconds");
            }
        }
    }

    /** By constant name, so reordering constants keeps old events readable; renaming one does not. */
    static final class Enumerated extends ValueCodec {
        private final Enum<?>[] constants;
        private final byte[][] names;
        private final String enumName;

        Enumerated(Class<?> type) {
            super(Tags.ENUM, "enum " + type.getSimpleName());
            this.enumName = type.getSimpleName();
            this.constants = (Enum<?>[]) type.getEnumConstants();
            this.names = new byte[constants.length][];
            for (int i = 0; i < constants.length; i++) {
                names[i] = constants[i].name().getBytes(StandardCharsets.UTF_8);
            }
        }

        @Override
        void write(WireWriter w, Object value, int depth) {
            w.writeByte(Tags.ENUM);
            w.writeBytes(names[((Enum<?>) value).ordinal()]);
        }

        @Override
        Object read(WireReader r, int depth) {
            int n = r.readLength();
            int start = r.position();
            r.skip(n);
            byte[] b = r.buffer();
            for (int i = 0; i < names.length; i++) {
                byte[] name = names[i];
                if (name.length == n && Arrays.equals(name, 0, n, b, start, start + n)) {
                    return constants[i];
                }
            }
            throw new Malformed(" has no " + enumName + " constant '" + new String(b, start, n, StandardCharsets.UTF_8) + "'");
        }
    }

    /** A nested record, inline: field count, then its fields, as at the top level but without a schema. */
    static final class Nested extends ValueCodec {
        private final RecordCodec record;

        Nested(RecordCodec record) {
            super(Tags.RECORD, "record " + record.type().getSimpleName());
            this.record = record;
        }

        @Override
        void write(WireWriter w, Object value, int depth) {
            if (depth >= MAX_DEPTH) {
                throw new Malformed(": nests deeper than " + MAX_DEPTH + " levels");
            }
            w.writeByte(Tags.RECORD);
            record.writeFields(w, (Record) value, depth + 1);
        }

        @Override
        Object read(WireReader r, int depth) {
            if (depth >= MAX_DEPTH) {
                throw new Malformed(": nests deeper than " + MAX_DEPTH + " levels");
            }
            return record.construct(record.readFields(r, depth + 1, false));
        }
    }

    /** Count, then each element with its own tag; elements are never {@code null}. Decodes to an immutable list. */
    static final class Listed extends ValueCodec {
        private final ValueCodec element;

        Listed(ValueCodec element) {
            super(Tags.LIST, "list");
            this.element = element;
        }

        @Override
        void write(WireWriter w, Object value, int depth) {
            if (depth >= MAX_DEPTH) {
                throw new Malformed(": nests deeper than " + MAX_DEPTH + " levels");
            }
            List<?> list = (List<?>) value;
            int n = list.size();
            w.writeByte(Tags.LIST);
            w.writeVarInt(n);
            for (int i = 0; i < n; i++) {
                Object e = list.get(i);
                if (e == null) {
                    throw new Malformed(" is null; lists hold no nulls").under("[" + i + "]");
                }
                try {
                    element.write(w, e, depth + 1);
                } catch (Malformed m) {
                    throw m.under("[" + i + "]");
                }
            }
        }

        @Override
        Object read(WireReader r, int depth) {
            if (depth >= MAX_DEPTH) {
                throw new Malformed(": nests deeper than " + MAX_DEPTH + " levels");
            }
            // Each element takes at least its tag byte, so a count beyond the bytes left is a truncation.
            int n = r.readLength();
            Object[] elements = new Object[n];
            for (int i = 0; i < n; i++) {
                try {
                    elements[i] = element.readTagged(r, depth + 1);
                } catch (Malformed m) {
                    throw m.under("[" + i + "]");
                }
            }
            return List.of(elements);
        }
    }
}
