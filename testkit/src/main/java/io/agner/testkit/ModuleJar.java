package io.agner.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.ToolProvider;

/**
 * Builds a code module's jar at test time, for tests of hot upgrades: compiles Java sources with
 * the JDK's compiler against the test's class path and packs the classes under the manifest
 * attributes agner-hotswap's loader reads. A test builds version 1 and version 2 of a module and
 * loads them with {@code CodeServer.load}; no build plugin, nothing installed.
 *
 * {@snippet :
 * Path v2 = ModuleJar.build(tmp, "counter", "2", "counter.Counter",
 *         Map.of("counter/Counter.java", counterSource));
 * CodeServer.load(node, v2);
 * }
 * Test-thread only.
 */
public final class ModuleJar {

    /** The manifest attributes of a module jar: {@code io.agner.hotswap.ModuleSpec}'s names (its tests check they agree). */
    public static final String MODULE = "Agner-Module";
    public static final String VERSION = "Agner-Version";
    public static final String ENTRY = "Agner-Entry";

    private ModuleJar() {}

    /**
     * Compiles {@code sources} (path in the source tree, such as {@code "counter/Counter.java"} →
     * its text) and packs them as {@code <module>-<version>.jar} in a new folder under {@code dir}.
     * A null {@code module}, {@code version} or {@code entry} leaves its attribute out (for tests
     * of a malformed jar).
     *
     * @throws IllegalStateException if the sources do not compile (javac's messages go to stderr)
     */
    public static Path build(Path dir, String module, String version, String entry, Map<String, String> sources)
            throws IOException {
        Path root = Files.createTempDirectory(dir, module + "-" + version + "-");
        Path classes = Files.createDirectories(root.resolve("classes"));
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                "--release", "25", "-proc:none", "-nowarn"));
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = root.resolve("src").resolve(source.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            args.add(file.toString());
        }
        if (ToolProvider.getSystemJavaCompiler().run(null, null, System.err, args.toArray(String[]::new)) != 0) {
            throw new IllegalStateException("module " + module + "@" + version + " does not compile");
        }
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        putIfPresent(a, MODULE, module);
        putIfPresent(a, VERSION, version);
        putIfPresent(a, ENTRY, entry);
        Path jar = root.resolve(module + "-" + version + ".jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jos = new JarOutputStream(out, mf);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                jos.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                jos.write(Files.readAllBytes(f));
                jos.closeEntry();
            }
        }
        return jar;
    }

    private static void putIfPresent(Attributes a, String name, String value) {
        if (value != null) {
            a.putValue(name, value);
        }
    }
}
