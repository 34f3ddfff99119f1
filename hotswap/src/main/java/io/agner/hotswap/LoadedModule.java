package io.agner.hotswap;

import io.agner.behaviour.GenServer;
import io.agner.behaviour.StateMachine;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One loaded version of a module: its manifest, loader and entry class, with what an upgrade asks
 * of it thousands of times (constructor, state types, whether it writes its own
 * {@code codeChange}) found once. Immutable; any thread.
 */
final class LoadedModule {

    private final ModuleSpec spec;
    private final ModuleClassLoader loader;
    private final Class<?> entry;
    private final Constructor<?> constructor; // one taking a List, else the no-argument one
    private final Type[] stateTypes;
    private final boolean overridesCodeChange;
    private final String label;               // spec.label(), made once: every process on this version carries it
    private volatile boolean superseded;      // set by the code server once a newer version is committed
    private volatile boolean replacing;       // set by the code server while it loads a newer version

    private LoadedModule(ModuleSpec spec, ModuleClassLoader loader, Class<?> entry) {
        this.spec = spec;
        this.label = spec.label();
        this.loader = loader;
        this.entry = entry;
        this.constructor = constructorOf(spec, entry);
        this.stateTypes = stateTypesOf(entry);
        this.overridesCodeChange = overridesCodeChange(entry);
    }

    /**
     * Loads and initialises the entry class of a module {@link ModuleValidator} has checked (the
     * loader is made from its result, so what it checked is not checked again); only linking and
     * the class's static initialiser can still fail here. The initialiser is module code: it runs
     * on a virtual thread of its own, for at most {@code timeout}, so one that blocks cannot wedge
     * the caller (the code server). On timeout that thread is interrupted and abandoned.
     *
     * @throws IllegalArgumentException naming the module, the class and what went wrong: the
     *                                  initialiser's own exception as the cause, or the timeout
     */
    static LoadedModule of(ModuleClassLoader loader, Duration timeout) {
        ModuleSpec spec = loader.spec();
        String what = spec.label() + ": entry class " + spec.entry();
        FutureTask<Class<?>> init = new FutureTask<>(() -> Class.forName(spec.entry(), true, loader));
        Thread initialiser = Thread.ofVirtual().name("static init " + spec.label()).start(init);
        try {
            return new LoadedModule(spec, loader, init.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException slow) {
            initialiser.interrupt();
            throw new IllegalArgumentException(what + ": its static initialiser did not finish within " + timeout.toMillis()
                    + " ms; the version is abandoned", slow);
        } catch (ExecutionException failed) {
            Throwable cause = failed.getCause() instanceof ExceptionInInitializerError e && e.getCause() != null ? e.getCause() : failed.getCause();
            String how = failed.getCause() instanceof ExceptionInInitializerError ? ": its static initialiser threw " : " cannot be loaded: ";
            throw new IllegalArgumentException(what + how + cause, cause);
        } catch (InterruptedException stopped) {
            initialiser.interrupt();
            Thread.currentThread().interrupt(); // the code server is being stopped: keep the status for its loop
            throw new IllegalStateException(what + ": interrupted while it was initialised", stopped);
        }
    }

    /** The manifest. */
    ModuleSpec spec() {
        return spec;
    }

    /** Its own class loader. */
    ModuleClassLoader loader() {
        return loader;
    }

    /** The entry class, a {@link GenServer} or {@link StateMachine} implementation. */
    Class<?> entry() {
        return entry;
    }

    String name() {
        return spec.name();
    }

    String version() {
        return spec.version();
    }

    boolean isStateMachine() {
        return StateMachine.class.isAssignableFrom(entry);
    }

    /** A fresh instance of the entry class, given the start arguments when its constructor takes them. */
    Object newInstance(List<Object> args) {
        try {
            return constructor.getParameterCount() == 0 ? constructor.newInstance()
                    : constructor.newInstance(args == null ? List.of() : List.copyOf(args));
        } catch (java.lang.reflect.InvocationTargetException e) { // the constructor threw: say what
            throw new IllegalStateException(spec.label() + ": the constructor of " + entry.getName() + " threw " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(spec.label() + ": cannot instantiate " + entry.getName() + ": " + e, e);
        }
    }

    /** The state type (and, for a state machine, the data type) its behaviour interface declares. */
    Type[] stateTypes() {
        return stateTypes.clone();
    }

    /** Whether the entry class writes its own {@code codeChange} (else the by-name default applies). */
    boolean overridesCodeChange() {
        return overridesCodeChange;
    }

    /** The constructor {@link ModuleValidator} found: one taking a List, else the no-argument one. */
    private static Constructor<?> constructorOf(ModuleSpec spec, Class<?> entry) {
        for (Constructor<?> c : entry.getConstructors()) {
            if (c.getParameterCount() == 1 && c.getParameterTypes()[0] == List.class) {
                return c;
            }
        }
        try {
            return entry.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(spec.label() + ": entry class " + entry.getName()
                    + " has no public constructor taking no arguments or a List", e);
        }
    }

    private static Type[] stateTypesOf(Class<?> entry) {
        boolean machine = StateMachine.class.isAssignableFrom(entry);
        Class<?> behaviour = machine ? StateMachine.class : GenServer.class;
        for (Class<?> c = entry; c != null; c = c.getSuperclass()) {
            for (Type t : c.getGenericInterfaces()) {
                if (t instanceof ParameterizedType p && p.getRawType() == behaviour) {
                    return p.getActualTypeArguments();
                }
            }
        }
        return machine ? new Type[] {Object.class, Object.class} : new Type[] {Object.class};
    }

    private static boolean overridesCodeChange(Class<?> entry) {
        for (var m : entry.getMethods()) {
            if (m.getName().equals("codeChange") && !m.getDeclaringClass().isInterface()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return label;
    }

    /** {@code module@version}, as {@link ModuleSpec#label()}: one string for all its processes. */
    String label() {
        return label;
    }

    /** The code server committed a newer version: this one is old from now on. */
    void supersede() {
        superseded = true;
    }

    /** The code server is loading a newer version (true), or has finished (false: committed or rolled back). */
    void replacing(boolean loading) {
        replacing = loading;
    }

    /**
     * Whether this is the module's current version and no load is replacing it: what a start may
     * use without asking the code server; any thread.
     */
    boolean isCurrent() {
        return !superseded && !replacing;
    }
}
