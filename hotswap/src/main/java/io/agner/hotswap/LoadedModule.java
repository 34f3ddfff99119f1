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
     * Loads and initialises the entry class of a module {@link ModuleValidator} has checked (the
     * loader is made from its result, so what it checked is not checked again); only linking and
     * the class's static initialiser can still fail here.
     */
    static LoadedModule of(ModuleClassLoader loader) {
        ModuleSpec spec = loader.spec();
        Class<?> entry;
        try {
            entry = Class.forName(spec.entry(), true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException(spec.label() + ": entry class " + spec.entry() + " cannot be loaded: " + e, e);
        }
        return new LoadedModule(spec, loader, entry);
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

    /** The constructor {@link ModuleValidator} found: one taking a List, else the no-argument one. */
    private Constructor<?> constructor() throws NoSuchMethodException {
        try {
            return entry.getConstructor(List.class);
        } catch (NoSuchMethodException e) {
            return entry.getConstructor();
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
