package io.agner.switchdemo.log.event;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Immutable and thread-safe, so any thread may encode and decode with one codec at once: encodes
 * {@link Schema} records to the compact, self-describing binary format of this package, and
 * decodes and validates them back.
 *
 * <p>A codec knows a fixed set of record types, each one schema name and version; several versions
 * of one name may be registered side by side, and each decodes to its own record type. Reflection
 * happens once, in {@link #of}; per event there are only cached method handles.
 * {@snippet :
 * EventCodec codec = EventCodec.of(OffHook.class, Dial.class, DialV2.class);
 * byte[] bytes = codec.encode(new Dial("line-7", "5551234"));
 * switch (codec.decode(bytes)) {
 *     case Decoded.Valid(Dial dial, var schema, var version) -> route(dial);
 *     case Decoded.Valid valid -> handle(valid.event());
 *     case Decoded.Invalid(var reason) -> deadLetters.send(record, reason);
 * }
 * }
 */
public sealed interface EventCodec permits BinaryEventCodec {

    /**
     * A codec for these record types, each annotated with {@link Schema}.
     *
     * @throws IllegalArgumentException naming the type and the rule it breaks: no {@code @Schema},
     *                                  a bad schema name or version, a name and version registered
     *                                  twice, or a component of an unsupported type
     */
    @SafeVarargs
    static EventCodec of(Class<? extends Record>... types) {
        Objects.requireNonNull(types, "types");
        List<Class<?>> copy = new ArrayList<>(types.length);
        for (Class<?> type : types) {
            copy.add(type); // element by element: handing the generic array on is what @SafeVarargs forbids
        }
        return BinaryEventCodec.of(copy);
    }

    /**
     * The event's bytes: header (magic, format, schema name and version), then its fields.
     *
     * @throws IllegalArgumentException when the event's type is not registered with this codec, or
     *                                  a list in it holds {@code null}
     */
    byte[] encode(Record event);

    /**
     * Decodes and validates an event: its schema must be registered, each field's tag must match the
     * component's type, and the record's constructor must accept the values. Never throws: any
     * input, including {@code null}, empty, truncated or random bytes, gives {@link Decoded.Invalid}
     * with a precise reason.
     */
    Decoded decode(byte[] bytes);
}
