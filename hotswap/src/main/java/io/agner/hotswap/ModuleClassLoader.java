package io.agner.hotswap;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/**
 * Loads one version of one module, named after it ({@code billing@2}). Thread-safe (parallel
 * capable). Child-first for the module's own classes, so two versions load side by side;
 * parent-first for {@code io.agner.*}, SLF4J and the JDK, so behaviour interfaces and shared
 * message types have one identity across versions.
 *
 * <p>Unloading: once the code server drops a version and no object of its classes is reachable
 * (no process, thread, ThreadLocal, static cache or timer), the loader and its classes can be
 * collected. Nothing in agner keeps a module's classes alive after its processes exit.
 *
 * <p>What does keep it alive, by design of the application rather than agner: a message holding
 * an object of the old version's classes keeps its loader reachable while it waits in any
 * mailbox, and so does a pending timer ({@code sendAfter}) whose message holds one, until it
 * fires and the message is consumed. So does a value the application put elsewhere (a shared
 * map, another module's state). Purging only stops the processes; such leftovers are collected
 * once consumed or dropped. (Erlang's purge frees the old code regardless, and its
 * {@code check_process_code} also counts funs of the old code a process holds; agner cannot see
 * references held in messages or timers.)
 */
final class ModuleClassLoader extends URLClassLoader {

    static {
        registerAsParallelCapable();
    }

    private static final String[] PARENT_FIRST = {"java.", "javax.", "jdk.", "sun.", "com.sun.", "io.agner.", "org.slf4j."};

    private final ModuleSpec spec;

    /** A loader for a module that {@link ModuleValidator} has checked (so it carries no io.agner class). */
    ModuleClassLoader(ModuleValidator.Valid module, ClassLoader parent) throws IOException {
        super(module.spec().label(), new URL[] {url(module.spec().location())}, parent);
        this.spec = module.spec();
    }

    ModuleSpec spec() {
        return spec;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        for (String prefix : PARENT_FIRST) {
            if (name.startsWith(prefix)) {
                return super.loadClass(name, resolve);
            }
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                try {
                    c = findClass(name); // the module's own version first
                } catch (ClassNotFoundException notOurs) {
                    c = getParent().loadClass(name);
                }
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    @Override
    public String toString() {
        return "ModuleClassLoader[" + spec.label() + "]";
    }

    private static URL url(Path location) throws MalformedURLException {
        return location.toUri().toURL();
    }
}
