package io.agner.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Compiles and runs {@code bench/erlang/agner_bench.erl} with the machine's {@code erl} (2
 * schedulers, as many as the JVM's carriers here) and collects its {@code RESULT} lines.
 * Called from the harness thread.
 */
final class ErlangRunner {

    /** What the Erlang run produced: the ERTS description, or why there is no Erlang column. */
    record Outcome(Optional<String> erts, String note) {}

    private final Path source;
    private final Path outDir;

    ErlangRunner(Path source, Path outDir) {
        this.source = source;
        this.outDir = outDir;
    }

    /** Runs {@code benchmarks} (Erlang's names for them, as the harness's) and adds their samples as {@code erlang}'s. */
    Outcome run(boolean quick, int runs, List<String> benchmarks, Samples samples) throws IOException, InterruptedException {
        if (!onPath("erl") || !onPath("erlc")) {
            return new Outcome(Optional.empty(), "no Erlang column: 'erl' is not installed (Debian: apt-get install erlang-base; 'make bench' installs it when run as root)");
        }
        Files.createDirectories(outDir);
        Process erlc = new ProcessBuilder("erlc", "-o", outDir.toString(), source.toString()).inheritIO().start();
        if (erlc.waitFor() != 0) {
            return new Outcome(Optional.empty(), "no Erlang column: erlc failed on " + source);
        }
        int schedulers = Runtime.getRuntime().availableProcessors();
        // +P: a million processes (and skynet's 1.1 million) exceed BEAM's default limit of 262,144.
        Process erl = new ProcessBuilder("erl", "-noshell", "+S", schedulers + ":" + schedulers, "+P", "2000000", "-pa", outDir.toString(),
                "-run", "agner_bench", "main", quick ? "1" : "0", Integer.toString(runs), String.join(",", benchmarks),
                "-s", "init", "stop")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String erts = "";
        List<String> unparsed = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(erl.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                String[] f = line.trim().split("\\s+");
                if (line.startsWith("# erts")) {
                    erts = line.substring(2).trim();
                } else if (f.length == 4 && f[0].equals("RESULT")) {
                    samples.add("erlang", f[2], Double.parseDouble(f[3]));
                    System.out.printf("  erlang %-10s %-22s %,.1f%n", f[1], f[2], Double.parseDouble(f[3]));
                } else if (!line.startsWith("#") && !line.isBlank()) {
                    unparsed.add(line);
                }
            }
        }
        if (!erl.waitFor(30, TimeUnit.MINUTES) || erl.exitValue() != 0) {
            return new Outcome(Optional.of(erts), "Erlang run failed (exit " + erl.exitValue() + "): " + unparsed);
        }
        return new Outcome(Optional.of(erts), unparsed.isEmpty() ? "" : "unparsed Erlang output: " + unparsed);
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
