package io.agner.switchdemo.log.event;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Confined to the thread running {@link EventCodec#of}: turns record types into
 * {@link RecordCodec}s, the only place that reflects. One builder per codec, so each record type
 * is resolved once, and a recursive record refers to its own (still unfinished) codec.
 */
final class CodecBuilder {

    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
    private static final String SUPPORTED = "supported: boolean, int, long, double (or boxed), String, byte[], "
            + "Instant, enums, records, and List<T> of those";

    private final Map<Class<?>, RecordCodec> records = new HashMap<>();

    RecordCodec record(Class<?> type) {
        RecordCodec codec = records.get(type);
        if (codec != null) {
            return codec;
        }
        codec = new RecordCodec(type.asSubclass(Record.class), type.getAnnotation(Schema.class));
        records.put(type, codec);
        RecordComponent[] components = type.getRecordComponents();
        FieldCodec[] fields = new FieldCodec[components.length];
        Class<?>[] parameters = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            ValueCodec value = value(c.getGenericType());
            if (value == null) {
                throw new IllegalArgumentException("field '" + c.getName() + "' of " + type.getName()
                        + " has unsupported type " + c.getGenericType().getTypeName() + "; " + SUPPORTED);
            }
            parameters[i] = c.getType();
            fields[i] = new FieldCodec(c.getName(), value, getter(type, c), primitiveTag(c.getType()));
        }
        codec.init(fields, constructor(type, parameters));
        return codec;
    }

    /** The codec for a component or element type, or {@code null} when the type is not supported. */
    private ValueCodec value(Type type) {
        if (type instanceof ParameterizedType p) {
            if (p.getRawType() != List.class) {
                return null;
            }
            ValueCodec element = value(p.getActualTypeArguments()[0]);
            return element == null ? null : new ValueCodec.Listed(element);
        }
        if (!(type instanceof Class<?> c)) {
            return null;
        }
        if (c == boolean.class || c == Boolean.class) {
            return ValueCodec.BOOLEAN;
        } else if (c == int.class || c == Integer.class) {
            return ValueCodec.INT;
        } else if (c == long.class || c == Long.class) {
            return ValueCodec.LONG;
        } else if (c == double.class || c == Double.class) {
            return ValueCodec.DOUBLE;
        } else if (c == String.class) {
            return ValueCodec.STRING;
        } else if (c == byte[].class) {
            return ValueCodec.BYTES;
        } else if (c == Instant.class) {
            return ValueCodec.INSTANT;
        } else if (c.isEnum()) {
            return new ValueCodec.Enumerated(c);
        } else if (c.isRecord()) {
            return new ValueCodec.Nested(record(c));
        }
        return null;
    }

    private static int primitiveTag(Class<?> type) {
        if (type == int.class) {
            return Tags.INT;
        } else if (type == long.class) {
            return Tags.LONG;
        } else if (type == double.class) {
            return Tags.DOUBLE;
        } else if (type == boolean.class) {
            return Tags.BOOLEAN;
        }
        return FieldCodec.REFERENCE;
    }

    /** The accessor as {@code (Record)T}, with {@code T} the primitive type or {@code Object}: no boxing on encode. */
    private static MethodHandle getter(Class<?> type, RecordComponent c) {
        try {
            Method accessor = c.getAccessor();
            accessor.setAccessible(true);
            Class<?> result = c.getType().isPrimitive() ? c.getType() : Object.class;
            return LOOKUP.unreflect(accessor).asType(MethodType.methodType(result, Record.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw inaccessible(type, e);
        }
    }

    /** The canonical constructor as {@code (Object[])Object}, its arguments spread from one array. */
    private static MethodHandle constructor(Class<?> type, Class<?>[] parameters) {
        try {
            Constructor<?> canonical = type.getDeclaredConstructor(parameters);
            canonical.setAccessible(true);
            return LOOKUP.unreflectConstructor(canonical)
                    .asSpreader(Object[].class, parameters.length)
                    .asType(MethodType.methodType(Object.class, Object[].class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw inaccessible(type, e);
        }
    }

    private static IllegalArgumentException inaccessible(Class<?> type, Exception e) {
        return new IllegalArgumentException("cannot access record " + type.getName() + " (" + e
                + "); open its package to " + CodecBuilder.class.getPackageName(), e);
    }
}
