package io.agner.switchdemo.log.event;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The {@link EventCodec}: immutable once built, so any thread may use it. All its state hangs off
 * final fields, which publishes the {@link RecordCodec}s (and their once-set fields) safely.
 *
 * <p>Decoding finds the schema without building a string: an open-addressing table keyed by the
 * name's bytes and the version. Encoding finds it by the event's class.
 */
final class BinaryEventCodec implements EventCodec {

    static final int MAGIC = 0xAE;
    static final int FORMAT = 1;

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(?:[.-][a-z0-9]+)*");

    private final Map<Class<?>, RecordCodec> byType;
    /** Open addressing, linear probing; at most half full. */
    private final RecordCodec[] table;
    private final String registered;

    private BinaryEventCodec(Map<Class<?>, RecordCodec> byType) {
        this.byType = Map.copyOf(byType);
        this.registered = String.join(", ", byType.values().stream().map(c -> c.label).toList());
        this.table = new RecordCodec[Integer.highestOneBit(Math.max(1, byType.size()) * 4)];
        for (RecordCodec c : byType.values()) {
            int i = hash(c.nameBytes, 0, c.nameBytes.length, c.version) & (table.length - 1);
            while (table[i] != null) {
                i = (i + 1) & (table.length - 1);
            }
            table[i] = c;
        }
    }

    /** Builds a codec; {@code types} may hold {@code null}s, which are reported by index. */
    static EventCodec of(List<Class<?>> types) {
        if (types.isEmpty()) {
            throw new IllegalArgumentException("an EventCodec needs at least one @Schema record type, was none");
        }
        CodecBuilder builder = new CodecBuilder();
        Map<Class<?>, RecordCodec> byType = new LinkedHashMap<>();
        Map<String, Class<?>> byLabel = new HashMap<>();
        for (int i = 0; i < types.size(); i++) {
            Class<?> type = Objects.requireNonNull(types.get(i), "types[" + i + "]");
            Schema schema = validate(type);
            Class<?> previous = byLabel.putIfAbsent(schema.name() + "@" + schema.version(), type);
            if (previous != null) {
                throw new IllegalArgumentException("schema '" + schema.name() + "@" + schema.version()
                        + "' is declared twice: by " + previous.getName() + " and by " + type.getName());
            }
            byType.put(type, builder.record(type));
        }
        return new BinaryEventCodec(byType);
    }

    private static Schema validate(Class<?> type) {
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type.getName() + " is not a record; an event type is a record with @Schema");
        }
        Schema schema = type.getAnnotation(Schema.class);
        if (schema == null) {
            throw new IllegalArgumentException(type.getName()
                    + " has no @Schema annotation; add one, like @Schema(name = \"switch.dial\", version = 1)");
        }
        if (!NAME.matcher(schema.name()).matches()) {
            throw new IllegalArgumentException("@Schema name must be lowercase words of [a-z0-9] separated by '.' or '-',"
                    + " starting with a letter (like 'switch.off-hook'), was '" + schema.name() + "' on " + type.getName());
        }
        if (schema.version() < 1) {
            throw new IllegalArgumentException("@Schema version must be >= 1, was " + schema.version() + " on " + type.getName());
        }
        return schema;
    }

    @Override
    public byte[] encode(Record event) {
        Objects.requireNonNull(event, "event");
        RecordCodec codec = byType.get(event.getClass());
        if (codec == null) {
            throw new IllegalArgumentException(event.getClass().getName()
                    + " is not registered with this EventCodec, which has " + registered);
        }
        WireWriter w = new WireWriter(codec.sizeHint);
        w.writeRaw(codec.header);
        try {
            codec.writeFields(w, event, 0);
        } catch (Malformed m) {
            throw new IllegalArgumentException("cannot encode " + m.reason(codec.label));
        }
        if (w.size() > codec.sizeHint) {
            codec.sizeHint = Math.min(w.size(), RecordCodec.MAX_SIZE_HINT);
        }
        return w.toByteArray();
    }

    @Override
    public Decoded decode(byte[] bytes) {
        if (bytes == null) {
            return new Decoded.Invalid("null event");
        }
        if (bytes.length == 0) {
            return new Decoded.Invalid("empty event");
        }
        if ((bytes[0] & 0xFF) != MAGIC) {
            return new Decoded.Invalid("not an agner event (bad magic)");
        }
        WireReader r = new WireReader(bytes);
        RecordCodec codec = null;
        try {
            r.skip(1);
            int format = r.readByte();
            if (format != FORMAT) {
                return new Decoded.Invalid("unsupported agner event format " + format + ", this codec reads " + FORMAT);
            }
            int nameLength = r.readLength();
            int nameStart = r.position();
            r.skip(nameLength);
            int version = r.readVarInt();
            codec = find(bytes, nameStart, nameLength, version);
            if (codec == null) {
                return new Decoded.Invalid("unknown schema '" + new String(bytes, nameStart, nameLength, StandardCharsets.UTF_8)
                        + "@" + Integer.toUnsignedString(version) + "'");
            }
            Object[] args = codec.readFields(r, 0, true);
            if (r.remaining() > 0) {
                int n = r.remaining();
                return new Decoded.Invalid(n + (n == 1 ? " trailing byte after " : " trailing bytes after ") + codec.label);
            }
            return new Decoded.Valid(codec.construct(args), codec.schema, codec.version);
        } catch (Malformed m) {
            return new Decoded.Invalid(m.reason(codec == null ? null : codec.label));
        } catch (RuntimeException bug) {
            // Not reachable by any input the tests know; kept so that a decoder bug cannot stop a consumer.
            return new Decoded.Invalid((codec == null ? "" : codec.label + ": ") + "decoder bug: " + bug);
        }
    }

    private RecordCodec find(byte[] bytes, int start, int length, int version) {
        int mask = table.length - 1;
        for (int i = hash(bytes, start, length, version) & mask; table[i] != null; i = (i + 1) & mask) {
            RecordCodec c = table[i];
            if (c.version == version && Arrays.equals(c.nameBytes, 0, c.nameBytes.length, bytes, start, start + length)) {
                return c;
            }
        }
        return null;
    }

    private static int hash(byte[] bytes, int start, int length, int version) {
        int h = version;
        for (int i = start; i < start + length; i++) {
            h = 31 * h + bytes[i];
        }
        return h ^ (h >>> 16);
    }

    @Override
    public String toString() {
        return "EventCodec[" + registered + "]";
    }
}
