package io.agner.hotswap;

import io.agner.behaviour.GenServer;
import io.agner.behaviour.StateMachine;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

/**
 * A module version's types as Byte Buddy's {@link TypePool} reads them from its class files,
 * without defining or initialising any class: the module's jar or folder first, then the API
 * loader (agner, SLF4J, the JDK), as its {@link ModuleClassLoader} would see them. Confined to
 * the thread that opened it (the code server's); close it to release the jar.
 *
 * @param module the module's own class files only
 * @param pool   the module compounded with the API loader
 */
record ModuleTypes(ModuleSpec spec, ClassFileLocator module, TypePool pool) implements AutoCloseable {

    /** Opens the class files of {@code spec}; {@code api} is the loader that has the io.agner classes. */
    static ModuleTypes open(ModuleSpec spec, ClassLoader api) throws IOException {
        ClassFileLocator module = Files.isDirectory(spec.location())
                ? new ClassFileLocator.ForFolder(spec.location().toFile())
                : ClassFileLocator.ForJarFile.of(spec.location().toFile());
        ClassFileLocator all = new ClassFileLocator.Compound(module, ClassFileLocator.ForClassLoader.of(api));
        return new ModuleTypes(spec, module, TypePool.Default.of(all));
    }

    /** Whether the module itself (not the API) carries the class {@code name}. */
    boolean carries(String name) throws IOException {
        return module.locate(name).isResolved();
    }

    /**
     * The behaviour interface the entry class implements, as it parameterises it
     * ({@code GenServer<State>}), found through its superclasses and superinterfaces; null if none.
     *
     * @throws IllegalStateException if a supertype cannot be read (missing from module and API)
     */
    static TypeDescription.Generic behaviour(TypeDescription entry) {
        Deque<TypeDescription.Generic> todo = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        todo.add(entry.asGenericType());
        while (!todo.isEmpty()) {
            TypeDescription.Generic type = todo.poll();
            if (!seen.add(type.asErasure().getName())) {
                continue;
            }
            for (TypeDescription.Generic i : type.getInterfaces()) {
                String name = i.asErasure().getName();
                if (name.equals(GenServer.class.getName()) || name.equals(StateMachine.class.getName())) {
                    return i;
                }
                todo.add(i);
            }
            TypeDescription.Generic superClass = type.getSuperClass();
            if (superClass != null) {
                todo.add(superClass);
            }
        }
        return null;
    }

    /** Whether a behaviour found by {@link #behaviour} is a state machine. */
    static boolean isStateMachine(TypeDefinition behaviour) {
        return behaviour.asErasure().getName().equals(StateMachine.class.getName());
    }

    @Override
    public void close() throws IOException {
        module.close();
    }
}
