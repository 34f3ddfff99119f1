package io.agner.observer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.ToolProvider;

/**
 * A "counter" module jar of a given version, compiled at test time: a GenServer whose state is
 * {@code State(long count)}, a cast adds one, a call answers "counter@<version>:<count>".
 * Test-thread only.
 */
final class CounterModule {

    private CounterModule() {}

    static Path jar(Path dir, String version) throws IOException {
        String source = """
                package counter;

                import io.agner.behaviour.From;
                import io.agner.behaviour.GenServer;
                import io.agner.runtime.ProcessContext;

                public class Counter implements GenServer<Counter.State> {
                    public record State(long count) {}

                    public State init(ProcessContext ctx) {
                        return new State(0);
                    }

                    @Override
                    public Result<State> handleCall(ProcessContext ctx, Object request, From from, State s) {
                        return GenServer.reply("counter@%s:" + s.count(), s);
                    }

                    @Override
                    public Result<State> handleCast(ProcessContext ctx, Object request, State s) {
                        return GenServer.noReply(new State(s.count() + 1));
                    }
                }
                """.formatted(version);
        Path root = Files.createTempDirectory(dir, "counter-" + version + "-");
        Path file = root.resolve("src/counter/Counter.java");
        Path classes = Files.createDirectories(root.resolve("classes"));
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, System.err, List.of("-d", classes.toString(),
                "-cp", System.getProperty("java.class.path"), "--release", "25", "-proc:none", "-nowarn", file.toString()).toArray(String[]::new));
        if (rc != 0) {
            throw new IllegalStateException("the counter module does not compile");
        }
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Agner-Module", "counter");
        a.putValue("Agner-Version", version);
        a.putValue("Agner-Entry", "counter.Counter");
        Path jar = root.resolve("counter-" + version + ".jar");
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
}
