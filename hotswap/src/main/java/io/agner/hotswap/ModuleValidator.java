package io.agner.hotswap;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;

/**
 * Checks a module version from its class files before any of its classes is defined or
 * initialised (Byte Buddy's {@link net.bytebuddy.pool.TypePool}, not a class loader). Called by
 * the code server's process before it creates the version's {@link ModuleClassLoader}; stateless.
 *
 * <p>A valid module carries no class in an {@code io.agner} package, no class file newer than
 * this JVM runs, and an entry class that the module itself carries, that is public and concrete,
 * that implements {@code GenServer} or {@code StateMachine} (through any superclass or
 * superinterface), and that has a public constructor taking nothing or a {@code java.util.List}.
 * (In a multi-release jar, every {@code META-INF/versions/N/} entry is checked as the class it
 * stands for.)
 *
 * <p>This is the only check of a module: its result, {@link Valid}, is what a
 * {@link ModuleClassLoader} is made from, and the loader and {@link LoadedModule} trust it.
 */
final class ModuleValidator {

    /** A module version that passed {@link #validate}; only this class makes one. */
    static final class Valid {
        private final ModuleSpec spec;

        private Valid(ModuleSpec spec) {
            this.spec = spec;
        }

        ModuleSpec spec() {
            return spec;
        }
    }

    private static final int MAGIC = 0xCAFEBABE;

    private ModuleValidator() {}

    /**
     * Validates {@code spec}; {@code api} is the loader that has the io.agner classes.
     *
     * @throws IllegalArgumentException naming the module label, the class and what is wrong
     * @throws IOException              if the jar or folder cannot be read
     */
    static Valid validate(ModuleSpec spec, ClassLoader api) throws IOException {
        scanClassFiles(spec);
        try (ModuleTypes types = ModuleTypes.open(spec, api)) {
            checkEntry(types);
        }
        return new Valid(spec);
    }

    private static void checkEntry(ModuleTypes types) throws IOException {
        ModuleSpec spec = types.spec();
        String what = spec.label() + ": entry class " + spec.entry();
        if (!types.carries(spec.entry())) {
            throw new IllegalArgumentException(what + " is not in the module " + spec.location());
        }
        TypeDescription entry = types.pool().describe(spec.entry()).resolve();
        if (!entry.isPublic()) {
            throw new IllegalArgumentException(what + " is not public");
        }
        if (entry.isInterface() || entry.isAbstract()) {
            throw new IllegalArgumentException(what + " is " + (entry.isInterface() ? "an interface" : "abstract")
                    + "; it must be a concrete class");
        }
        TypeDescription.Generic behaviour;
        try {
            behaviour = ModuleTypes.behaviour(entry);
        } catch (IllegalStateException unreadable) {
            throw new IllegalArgumentException(what + " has a supertype that neither the module nor agner carries: "
                    + unreadable.getMessage(), unreadable);
        }
        if (behaviour == null) {
            throw new IllegalArgumentException(what + " implements neither io.agner.behaviour.GenServer nor "
                    + "io.agner.behaviour.StateMachine (through any superclass or interface)");
        }
        var usable = entry.getDeclaredMethods().filter(isConstructor().and(isPublic())
                .and(takesArguments(0).or(takesArguments(List.class))));
        if (usable.isEmpty()) {
            String has = entry.getDeclaredMethods().filter(isConstructor()).stream()
                    .map(ModuleValidator::describe).collect(Collectors.joining(", "));
            throw new IllegalArgumentException(what + " has no public constructor taking no arguments or a "
                    + "java.util.List; it has: " + has);
        }
    }

    private static String describe(MethodDescription c) {
        String params = c.getParameters().asTypeList().asErasures().stream()
                .map(TypeDescription::getSimpleName).collect(Collectors.joining(", "));
        String visibility = c.isPublic() ? "public " : c.isProtected() ? "protected " : c.isPrivate() ? "private " : "";
        return visibility + c.getDeclaringType().asErasure().getSimpleName() + "(" + params + ")";
    }

    /** Every class file: no io.agner package, a version this JVM runs. */
    private static void scanClassFiles(ModuleSpec spec) throws IOException {
        Path location = spec.location();
        if (Files.isDirectory(location)) {
            try (Stream<Path> files = Files.walk(location)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".class") && Files.isRegularFile(p)).toList()) {
                    try (InputStream in = Files.newInputStream(f)) {
                        check(spec, location.relativize(f).toString().replace('\\', '/'), in);
                    }
                }
            }
            return;
        }
        try (JarFile jar = new JarFile(location.toFile())) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                if (!entry.isDirectory() && entry.getName().endsWith(".class")) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        check(spec, entry.getName(), in);
                    }
                }
            }
        }
    }

    private static void check(ModuleSpec spec, String path, InputStream in) throws IOException {
        String name = path.replaceFirst("^META-INF/versions/\\d+/", "");
        if (name.startsWith("io/agner/")) {
            throw new IllegalArgumentException(spec.label() + ": class " + path + " sits in an io.agner package; "
                    + "modules may not carry classes there (they would shadow or be shadowed by agner's own)");
        }
        if (name.equals("module-info.class") || name.endsWith("/module-info.class") || releaseOf(path) > Runtime.version().feature()) {
            return; // never loaded as a class here (a module descriptor, or for a later Java release)
        }
        byte[] header = in.readNBytes(8);
        if (header.length < 8 || ((header[0] & 0xFF) << 24 | (header[1] & 0xFF) << 16 | (header[2] & 0xFF) << 8 | header[3] & 0xFF) != MAGIC) {
            throw new IllegalArgumentException(spec.label() + ": class " + path + " is not a class file (no 0xCAFEBABE header)");
        }
        int major = (header[6] & 0xFF) << 8 | header[7] & 0xFF;
        ClassFileVersion vm = ClassFileVersion.ofThisVm();
        if (major > vm.getMajorVersion()) {
            throw new IllegalArgumentException(spec.label() + ": class " + path + " has class-file version " + major
                    + " (Java " + (major - 44) + "), newer than this JVM runs: " + vm.getMajorVersion()
                    + " (Java " + vm.getJavaVersion() + ")");
        }
    }

    /** The release of a multi-release jar entry ({@code META-INF/versions/N/...}), else 0. */
    private static int releaseOf(String path) {
        var m = java.util.regex.Pattern.compile("^META-INF/versions/(\\d+)/").matcher(path);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }
}
