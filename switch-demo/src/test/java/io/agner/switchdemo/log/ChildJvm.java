package io.agner.switchdemo.log;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A {@code main} class of the test sources run in its own JVM, its stdout read line by line on a
 * thread of its own. Driven by one test thread; the reader thread only appends lines.
 *
 * <p>Memory consistency effects: lines are published under this object's monitor, and
 * {@link #awaitLines} waits on it, so a line is seen as soon as the reader has it (no polling).
 */
final class ChildJvm implements AutoCloseable {

    /** The longest a child may take to print what a test waits for; a guard against hangs. */
    static final Duration WAIT = Duration.ofSeconds(60);

    private final Process process;
    private final Path stderr;
    private final Thread reader;
    private final List<String> lines = new ArrayList<>(); // guarded by this
    private boolean eof; // guarded by this

    private ChildJvm(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        this.reader = Thread.ofPlatform().daemon().name("child-stdout-" + process.pid()).start(this::readLines);
    }

    /** Starts {@code main} with the test classpath; its stderr goes to {@code stderr}. */
    static ChildJvm start(Class<?> main, Path stderr, String... args) {
        return start(List.of(), main, stderr, args);
    }

    /** As {@link #start}, with at most {@code descriptors} open files (bash's {@code ulimit -n}). */
    static ChildJvm startWithFileLimit(int descriptors, Class<?> main, Path stderr, String... args) {
        return start(List.of("bash", "-c", "ulimit -n " + descriptors + " && exec \"$0\" \"$@\""), main, stderr, args);
    }

    private static ChildJvm start(List<String> prefix, Class<?> main, Path stderr, String... args) {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(java(), "--add-opens", "java.base/java.lang=ALL-UNNAMED", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classpath(), main.getName()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
            return new ChildJvm(process, stderr);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    long pid() {
        return process.pid();
    }

    /**
     * Waits until {@code count} lines matching {@code which} have been printed and returns all
     * lines so far; fails, with the child's stderr, if it exits first or takes longer than {@link #WAIT}.
     */
    synchronized List<String> awaitLines(Predicate<String> which, int count) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        int seen = 0;
        int matched = 0;
        while (true) {
            for (; seen < lines.size(); seen++) {
                matched += which.test(lines.get(seen)) ? 1 : 0;
            }
            if (matched >= count) {
                break;
            }
            long left = deadline - System.nanoTime();
            if (eof || left <= 0) {
                fail("child " + process.pid() + (eof ? " ended" : " is still running") + " after " + lines.size()
                        + " lines, before printing " + count + " of the lines awaited; last lines "
                        + lines.subList(Math.max(0, lines.size() - 5), lines.size()) + "; stderr:\n" + stderr());
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for child " + process.pid(), e);
            }
        }
        return List.copyOf(lines);
    }

    /**
     * SIGKILL, then every line the child got out before it died. Through the {@link ProcessHandle}:
     * {@link Process#destroyForcibly()} also closes the pipes, dropping lines not yet read.
     */
    List<String> kill() {
        process.toHandle().destroyForcibly();
        return awaitExit();
    }

    /** Waits for the child to exit and for its stdout to be drained, and returns every line it printed. */
    List<String> awaitExit() {
        try {
            if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("child " + process.pid() + " did not exit within " + WAIT + "; stderr:\n" + stderr());
            }
            reader.join(WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for child " + process.pid(), e);
        }
        synchronized (this) {
            return List.copyOf(lines);
        }
    }

    int exitValue() {
        return process.exitValue();
    }

    String stderr() {
        try {
            return Files.exists(stderr) ? Files.readString(stderr) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    /** Keeps only whole lines: the child may die halfway through printing one. */
    private void readLines() {
        try (InputStreamReader in = new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder();
            for (int c; (c = in.read()) != -1; ) {
                if (c != '\n') {
                    line.append((char) c);
                    continue;
                }
                synchronized (this) {
                    lines.add(line.toString());
                    notifyAll();
                }
                line.setLength(0);
            }
        } catch (IOException e) {
            // the pipe broke as the child died; the whole lines read before it are kept
        } finally {
            synchronized (this) {
                eof = true;
                notifyAll();
            }
        }
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElseThrow(() -> new AssertionError("no path to this JVM's java"));
    }

    /** target/classes, target/test-classes and the test-scope dependencies the build wrote to target/test-classpath.txt. */
    private static String classpath() {
        Path target = Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("target");
        try {
            String dependencies = Files.readString(target.resolve("test-classpath.txt")).strip();
            return String.join(File.pathSeparator, target.resolve("classes").toString(),
                    target.resolve("test-classes").toString(), dependencies);
        } catch (IOException e) {
            throw new UncheckedIOException("run the build's generate-test-resources phase first", e);
        }
    }
}
