package io.agner.switchdemo.log.event;

import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;

/**
 * Built once by {@link CodecBuilder}, then shared by any threads and immutable, except for
 * {@link #sizeHint}, a racy but benign guess at the next encoding's size: one record type on the
 * wire, its fields in component order and its canonical constructor as a spreading handle.
 */
final class RecordCodec {

    private final Class<? extends Record> type;
    /** Set once by {@link #init}, while the {@link BinaryEventCodec} that publishes this is built. */
    private FieldCodec[] fields;
    /** {@code (Object[])Object}: the canonical constructor, arguments spread from an array. */
    private MethodHandle constructor;

    /** Schema name, version and label ({@code switch.dial@1}); {@code null}/0 for a record without {@code @Schema}. */
    final String schema;
    final int version;
    final String label;
    /** The schema name's UTF-8 bytes, and the event header: magic, format, name, version. */
    final byte[] nameBytes;
    final byte[] header;

    /** An encoder's first buffer grows to the largest event seen, up to this; a larger one grows as it is written. */
    static final int MAX_SIZE_HINT = 1024;

    /** The largest encoding seen, up to {@link #MAX_SIZE_HINT}; racy, but benign: a stale value costs one buffer growth. */
    int sizeHint = 64;

    RecordCodec(Class<? extends Record> type, Schema annotation) {
        this.type = type;
        this.schema = annotation == null ? null : annotation.name();
        this.version = annotation == null ? 0 : annotation.version();
        this.label = annotation == null ? type.getSimpleName() : schema + "@" + version;
        this.nameBytes = annotation == null ? null : schema.getBytes(StandardCharsets.UTF_8);
        if (annotation == null) {
            this.header = null;
        } else {
            WireWriter w = new WireWriter(nameBytes.length + 12);
            w.writeByte(BinaryEventCodec.MAGIC);
            w.writeByte(BinaryEventCodec.FORMAT);
            w.writeBytes(nameBytes);
            w.writeVarInt(version);
            this.header = w.toByteArray();
        }
    }

    void init(FieldCodec[] fields, MethodHandle constructor) {
        assert this.fields == null : "initialised twice: " + type;
        this.fields = fields;
        this.constructor = constructor;
    }

    Class<? extends Record> type() {
        return type;
    }

    void writeFields(WireWriter w, Record record, int depth) {
        w.writeVarInt(fields.length);
        for (FieldCodec field : fields) {
            field.write(w, record, depth);
        }
    }

    /** Reads the field count and the fields; {@code top} picks the wording of a count mismatch. */
    Object[] readFields(WireReader r, int depth, boolean top) {
        int count = r.readVarInt();
        if (count != fields.length) {
            String found = Integer.toUnsignedString(count);
            throw new Malformed(top
                    ? " field count " + found + ", schema has " + fields.length
                    : " has " + found + " fields, " + type.getSimpleName() + " has " + fields.length);
        }
        Object[] args = new Object[fields.length];
        for (int i = 0; i < args.length; i++) {
            try {
                args[i] = fields[i].read(r, depth);
            } catch (Malformed m) {
                throw m.under(fields[i].name);
            }
        }
        return args;
    }

    /** Runs the canonical constructor: the schema's constraints. Whatever it throws makes the event invalid. */
    Record construct(Object[] args) {
        try {
            return (Record) (Object) constructor.invokeExact(args);
        } catch (Error e) {
            throw e;
        } catch (Throwable t) {
            throw violation(t);
        }
    }

    /**
     * The constructor's complaint as a reason. It names a field when the message starts with a
     * component's name ({@code "digits must be ..."}), or is one ({@code requireNonNull(x, "line")}).
     */
    private Malformed violation(Throwable t) {
        String message = t.getMessage();
        if (t instanceof NullPointerException && isComponent(message)) {
            return new Malformed(" must not be null").at(message);
        }
        boolean plain = message != null && (t instanceof IllegalArgumentException || t instanceof NullPointerException);
        Malformed m = new Malformed(": " + (plain ? message
                : t.getClass().getSimpleName() + (message == null ? "" : ": " + message)));
        String first = leadingIdentifier(message);
        return isComponent(first) ? m.at(first) : m;
    }

    private boolean isComponent(String name) {
        if (name == null) {
            return false;
        }
        for (FieldCodec f : fields) {
            if (f.name.equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static String leadingIdentifier(String s) {
        if (s == null || s.isEmpty() || !Character.isJavaIdentifierStart(s.charAt(0))) {
            return null;
        }
        int i = 1;
        while (i < s.length() && Character.isJavaIdentifierPart(s.charAt(i))) {
            i++;
        }
        return s.substring(0, i);
    }
}
