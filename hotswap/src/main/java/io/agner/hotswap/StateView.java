package io.agner.hotswap;

import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.LinkedHashSet;

/**
 * Carries state across class loaders by name, so new code never touches the old version's
 * classes: records become maps from component name to value, enums their constant's name, JDK
 * values and collections stay as they are (their elements converted). {@link #convert} builds a
 * new version's state from such a view: records by component name (defaults for components the
 * old state lacked, extra old ones dropped), enums by constant name. Stateless; any thread.
 */
public final class StateView {

    private StateView() {}

    /**
     * A record class's components, with accessors and canonical constructor made accessible, found
     * once per class (an upgrade converts thousands of states of one type). Kept in the class
     * itself ({@link ClassValue}), so it never keeps a module's loader alive.
     */
    private record Shape(RecordComponent[] components, java.lang.reflect.Method[] accessors, Constructor<?> canonical) {
        static final ClassValue<Shape> OF = new ClassValue<>() {
            @Override
            protected Shape computeValue(Class<?> type) {
                RecordComponent[] components = type.getRecordComponents();
                java.lang.reflect.Method[] accessors = new java.lang.reflect.Method[components.length];
                Class<?>[] types = new Class<?>[components.length];
                for (int i = 0; i < components.length; i++) {
                    accessors[i] = components[i].getAccessor();
                    accessors[i].setAccessible(true); // a module's state is often a private record
                    types[i] = components[i].getType();
                }
                try {
                    Constructor<?> canonical = type.getDeclaredConstructor(types);
                    canonical.setAccessible(true);
                    return new Shape(components, accessors, canonical);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("record " + type.getName() + " has no canonical constructor: " + e, e);
                }
            }
        };
    }

    /** The by-name view of {@code state}. */
    public static Object of(Object state) {
        return switch (state) {
            case null -> null;
            case Record r -> {
                Map<String, Object> fields = new LinkedHashMap<>();
                Shape shape = Shape.OF.get(r.getClass());
                for (int i = 0; i < shape.components().length; i++) {
                    String name = shape.components()[i].getName();
                    try {
                        fields.put(name, of(shape.accessors()[i].invoke(r)));
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException("cannot read " + r.getClass().getName() + "." + name, e);
                    }
                }
                yield fields;
            }
            case Enum<?> e -> e.name();
            case List<?> l -> l.stream().map(StateView::of).toList();
            case Set<?> set -> {
                Set<Object> copy = new LinkedHashSet<>();
                set.forEach(x -> copy.add(of(x)));
                yield copy;
            }
            case Map<?, ?> m -> {
                Map<Object, Object> copy = new LinkedHashMap<>();
                m.forEach((k, v) -> copy.put(of(k), of(v)));
                yield copy;
            }
            case java.util.Optional<?> o -> o.map(StateView::of);
            case java.util.Collection<?> c -> c.stream().map(StateView::of).toList(); // any other collection: as a list
            default -> {
                if (state.getClass().getClassLoader() instanceof ModuleClassLoader) {
                    throw new IllegalArgumentException("state holds a " + state.getClass().getName()
                            + ", a module class that is neither a record nor an enum: it cannot cross versions by name");
                }
                if (state.getClass().isArray() && !state.getClass().getComponentType().isPrimitive()) {
                    throw new IllegalArgumentException("state holds an array of " + state.getClass().getComponentType().getName()
                            + ": use a List, which crosses versions element by element");
                }
                yield state; // a JDK or shared value type
            }
        };
    }

    /**
     * Builds a value of {@code type} from a view: the default conversion of an upgrade.
     *
     * @throws IllegalArgumentException naming the component or constant that does not fit
     */
    public static Object convert(Object view, Type type) {
        Class<?> raw = raw(type);
        if (view == null) {
            return defaultOf(raw);
        }
        if (raw.isRecord() && view instanceof Map<?, ?> fields) {
            Shape shape = Shape.OF.get(raw);
            RecordComponent[] components = shape.components();
            Object[] args = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                args[i] = fields.containsKey(components[i].getName())
                        ? convert(fields.get(components[i].getName()), components[i].getGenericType())
                        : defaultOf(components[i].getType());
            }
            try {
                return shape.canonical().newInstance(args);
            } catch (ReflectiveOperationException e) {
                throw new IllegalArgumentException("cannot build " + raw.getName() + " from " + fields + ": " + e, e);
            }
        }
        if (raw.isEnum() && view instanceof String name) {
            for (Object constant : raw.getEnumConstants()) {
                if (((Enum<?>) constant).name().equals(name)) {
                    return constant;
                }
            }
            throw new IllegalArgumentException(raw.getName() + " has no constant " + name);
        }
        if (view instanceof java.util.Optional<?> o && raw == java.util.Optional.class) {
            Type element = argument(type, 0);
            return o.map(x -> convert(x, element));
        }
        if (view instanceof List<?> list && List.class.isAssignableFrom(raw)) {
            Type element = argument(type, 0);
            return list.stream().map(x -> convert(x, element)).toList();
        }
        if (view instanceof Collection<?> c && Set.class.isAssignableFrom(raw)) {
            Type element = argument(type, 0);
            Set<Object> out = new LinkedHashSet<>();
            c.forEach(x -> out.add(convert(x, element)));
            return out;
        }
        if (view instanceof Map<?, ?> m && Map.class.isAssignableFrom(raw)) {
            Type k = argument(type, 0);
            Type v = argument(type, 1);
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((key, value) -> out.put(convert(key, k), convert(value, v)));
            return out;
        }
        Class<?> boxed = box(raw);
        if (boxed.isInstance(view)) {
            return view;
        }
        if (view instanceof Number n && Number.class.isAssignableFrom(boxed)) {
            return widen(n, boxed);
        }
        throw new IllegalArgumentException("cannot convert " + view + " (" + view.getClass().getName() + ") to " + raw.getName());
    }

    private static Object widen(Number n, Class<?> to) {
        if (to == Long.class) {
            return n.longValue();
        }
        if (to == Integer.class) {
            return Math.toIntExact(n.longValue());
        }
        if (to == Double.class) {
            return n.doubleValue();
        }
        if (to == Float.class) {
            return n.floatValue();
        }
        throw new IllegalArgumentException("cannot convert " + n + " to " + to.getName());
    }

    private static Object defaultOf(Class<?> type) {
        if (!type.isPrimitive()) {
            if (type == List.class) {
                return List.of();
            }
            if (type == Set.class) {
                return Set.of();
            }
            if (type == Map.class) {
                return Map.of();
            }
            return null;
        }
        if (type == boolean.class) {
            return false;
        }
        if (type == char.class) {
            return '\0';
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == double.class) {
            return 0.0;
        }
        if (type == float.class) {
            return 0.0f;
        }
        if (type == short.class) {
            return (short) 0;
        }
        if (type == byte.class) {
            return (byte) 0;
        }
        return 0;
    }

    private static Class<?> box(Class<?> c) {
        if (!c.isPrimitive()) {
            return c;
        }
        return defaultOf(c).getClass();
    }

    private static Class<?> raw(Type type) {
        return switch (type) {
            case Class<?> c -> c;
            case ParameterizedType p -> (Class<?>) p.getRawType();
            default -> Object.class;
        };
    }

    private static Type argument(Type type, int i) {
        return type instanceof ParameterizedType p ? p.getActualTypeArguments()[i] : Object.class;
    }
}
