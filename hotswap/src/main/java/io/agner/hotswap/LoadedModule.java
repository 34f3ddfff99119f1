package io.agner.hotswap;

import io.agner.behaviour.GenServer;
import io.agner.behaviour.StateMachine;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.List;

/**
 * One loaded version of a module: its manifest, loader and entry class. Immutable; any thread.
 *
 * @param spec   the manifest
 * @param loader its own class loader
 * @param entry  the entry class, a {@link GenServer} or {@link StateMachine} implementation
 */
public record LoadedModule(ModuleSpec spec, ModuleClassLoader loader, Class<?> entry) {

    /**
     * Loads, initialises and checks the entry class (public, a behaviour, a usable constructor);
     * called on the code server's process after {@link ModuleValidator} has checked the same from
     * the class files, so these checks are a second line.
     */
    static LoadedModule of(ModuleSpec spec, ModuleClassLoader loader) {
        Class<?> entry;
        try {
            entry = Class.forName(spec.entry(), true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException(spec.label() + ": entry class " + spec.entry() + " cannot be loaded: " + e, e);
        }
        if (!GenServer.class.isAssignableFrom(entry) && !StateMachine.class.isAssignableFrom(entry)) {
            throw new IllegalArgumentException(spec.label() + ": entry class " + spec.entry() + " implements neither GenServer nor StateMachine");
        }
        if (!java.lang.reflect.Modifier.isPublic(entry.getModifiers())) {
            throw new IllegalArgumentException(spec.label() + ": entry class " + spec.entry() + " is not public");
        }
        LoadedModule module = new LoadedModule(spec, loader, entry);
        module.constructor(); // fails now, not at the first start
        return module;
    }

    public String name() {
        return spec.name();
    }

    public String version() {
        return spec.version();
    }

    boolean isStateMachine() {
        return StateMachine.class.isAssignableFrom(entry);
    }

    /** A fresh instance of the entry class, given the start arguments when its constructor takes them. */
    Object newInstance(List<Object> args) {
        try {
            Constructor<?> c = constructor();
            return c.getParameterCount() == 0 ? c.newInstance() : c.newInstance(args == null ? List.of() : List.copyOf(args));
        } catch (java.lang.reflect.InvocationTargetException e) { // the constructor threw: say what
            throw new IllegalStateException(spec.label() + ": the constructor of " + entry.getName() + " threw " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(spec.label() + ": cannot instantiate " + entry.getName() + ": " + e, e);
        }
    }

    private Constructor<?> constructor() {
        try {
            return entry.getConstructor(List.class);
        } catch (NoSuchMethodException e) {
            try {
                return entry.getConstructor();
            } catch (NoSuchMethodException none) {
                throw new IllegalArgumentException(spec.label() + ": entry class " + entry.getName()
                        + " needs a public no-argument constructor or one taking a List<Object>");
            }
        }
    }

    /** The state type (and, for a state machine, the data type) its behaviour interface declares. */
    Type[] stateTypes() {
        Class<?> behaviour = isStateMachine() ? StateMachine.class : GenServer.class;
        for (Class<?> c = entry; c != null; c = c.getSuperclass()) {
            for (Type t : c.getGenericInterfaces()) {
                if (t instanceof ParameterizedType p && p.getRawType() == behaviour) {
                    return p.getActualTypeArguments();
                }
            }
        }
        return isStateMachine() ? new Type[] {Object.class, Object.class} : new Type[] {Object.class};
    }

    /** Whether the entry class writes its own {@code codeChange} (else the by-name default applies). */
    boolean overridesCodeChange() {
        for (var m : entry.getMethods()) {
            if (m.getName().equals("codeChange") && !m.getDeclaringClass().isInterface()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return spec.label();
    }
}
