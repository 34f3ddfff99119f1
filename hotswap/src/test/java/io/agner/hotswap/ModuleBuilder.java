package io.agner.hotswap;

import io.agner.testkit.ModuleJar;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * The test modules the hotswap tests load, each built at test time with {@link ModuleJar}.
 * Test-thread only.
 */
final class ModuleBuilder {

    private ModuleBuilder() {}

    /**
     * A "billing" counter server of the given version: counts calls; answers "version" with its
     * version; state {@code State(long calls)} — plus {@code String currency} when
     * {@code withCurrency} (an added record component) — and a codeChange that throws for a
     * process whose count equals {@code failAt} (negative: no codeChange of its own).
     */
    static Path billing(Path dir, String version, boolean withCurrency, long failAt) throws IOException {
        String state = withCurrency ? "public record State(long calls, String currency) {}" : "public record State(long calls) {}";
        String initial = withCurrency ? "new State(0, \"EUR\")" : "new State(0)";
        String bump = withCurrency ? "new State(s.calls() + 1, s.currency())" : "new State(s.calls() + 1)";
        String codeChange = failAt < 0 ? "" : """
                    @Override
                    public State codeChange(Object oldVersion, Object oldState, Object extra) {
                        long calls = ((Number) ((java.util.Map<?, ?>) oldState).get("calls")).longValue();
                        if (calls == %dL) {
                            throw new IllegalStateException("cannot convert a count of " + calls);
                        }
                        return %s;
                    }
                """.formatted(failAt, withCurrency ? "new State(calls, \"EUR\")" : "new State(calls)");
        String source = """
                package billing;

                import io.agner.behaviour.From;
                import io.agner.behaviour.GenServer;
                import io.agner.runtime.ProcessContext;

                public class Billing implements GenServer<Billing.State> {
                    %s

                    public State init(ProcessContext ctx) {
                        return %s;
                    }

                    @Override
                    public Result<State> handleCall(ProcessContext ctx, Object request, From from, State s) {
                        if (request.equals("version")) {
                            return GenServer.reply("%s", s);
                        }
                        if (request.equals("state")) {
                            return GenServer.reply(s.toString(), s);
                        }
                        return GenServer.reply(s.calls(), s);
                    }

                    @Override
                    public Result<State> handleCast(ProcessContext ctx, Object request, State s) {
                        return GenServer.noReply(%s);
                    }
                %s
                }
                """.formatted(state, initial, version, bump, codeChange);
        return ModuleJar.build(dir, "billing", version, "billing.Billing", Map.of("billing/Billing.java", source));
    }

    /**
     * A "gated" server of the given version, for tests that need module code to block. Its
     * entry class takes its start arguments {@code [label, release, signal]} (a String and two
     * {@code CountDownLatch}es: JDK types, so they mean the same in every version) in its
     * constructor. Calls: "version" → the version; "args" → {@code "<version>:<label>"}, the
     * label read from this instance's constructor arguments; "block" → counts {@code signal}
     * down, waits for {@code release}, answers "released". Every cast counts in
     * {@code State(long calls)}. {@code init} of a process labelled "slow-start" also counts
     * {@code signal} down and waits for {@code release}. With {@code blockingCodeChange}, the
     * version has a {@code codeChange} that, for the process labelled "blocker", waits for
     * {@code release} (counting {@code signal} down if interrupted meanwhile).
     */
    static Path gated(Path dir, String version, boolean blockingCodeChange) throws IOException {
        String codeChange = !blockingCodeChange ? "" : """
                    @Override
                    public State codeChange(Object oldVersion, Object oldState, Object extra) throws Exception {
                        if (label.equals("blocker")) {
                            try {
                                release.await();
                            } catch (InterruptedException e) {
                                signal.countDown();
                                throw e;
                            }
                        }
                        return new State(((Number) ((java.util.Map<?, ?>) oldState).get("calls")).longValue());
                    }
                """;
        String source = """
                package gated;

                import io.agner.behaviour.From;
                import io.agner.behaviour.GenServer;
                import io.agner.runtime.ProcessContext;
                import java.util.List;
                import java.util.concurrent.CountDownLatch;

                public class Gated implements GenServer<Gated.State> {
                    public record State(long calls) {}

                    private final String label;
                    private final CountDownLatch release;
                    private final CountDownLatch signal;

                    public Gated(List<Object> args) {
                        label = (String) args.get(0);
                        release = (CountDownLatch) args.get(1);
                        signal = (CountDownLatch) args.get(2);
                    }

                    public State init(ProcessContext ctx) throws InterruptedException {
                        if (label.equals("slow-start")) {
                            signal.countDown();
                            release.await();
                        }
                        return new State(0);
                    }

                    @Override
                    public Result<State> handleCall(ProcessContext ctx, Object request, From from, State s) throws Exception {
                        return switch ((String) request) {
                            case "version" -> GenServer.reply("%1$s", s);
                            case "args" -> GenServer.reply("%1$s:" + label, s);
                            case "state" -> GenServer.reply(s.toString(), s);
                            case "block" -> {
                                signal.countDown();
                                release.await();
                                yield GenServer.reply("released", s);
                            }
                            default -> GenServer.reply(s.calls(), s);
                        };
                    }

                    @Override
                    public Result<State> handleCast(ProcessContext ctx, Object request, State s) {
                        return GenServer.noReply(new State(s.calls() + 1));
                    }
                %2$s
                }
                """.formatted(version, codeChange);
        return ModuleJar.build(dir, "gated", version, "gated.Gated", Map.of("gated/Gated.java", source));
    }

    /**
     * Source of a GenServer entry class {@code <pkg>.<cls>} with a nested {@code State} record of
     * the given components; {@code declaration} is the class header up to the brace
     * ({@code "public class Ledger implements GenServer<Ledger.State>"}); {@code members} go inside.
     */
    static String server(String pkg, String declaration, String stateComponents, String members) {
        return """
                package %s;

                import io.agner.behaviour.GenServer;
                import io.agner.runtime.ProcessContext;

                %s {
                    public record State(%s) {}

                    %s

                    public State init(ProcessContext ctx) {
                        return null;
                    }
                }
                """.formatted(pkg, declaration, stateComponents, members);
    }

    /** A static initialiser that creates {@code marker}: the file exists only if its class was initialised. */
    static String marker(Path marker) {
        return """
                static {
                    try {
                        java.nio.file.Files.writeString(java.nio.file.Path.of("%s"), "initialised");
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
                """.formatted(marker.toAbsolutePath().toString().replace("\\", "\\\\"));
    }

    /** Rewrites the class-file major version of {@code entry} (a jar entry name) in {@code jar}, in place. */
    static void patchMajorVersion(Path jar, String entry, int major) throws IOException {
        Map<String, byte[]> contents = new java.util.LinkedHashMap<>();
        Manifest mf;
        try (java.util.jar.JarFile in = new java.util.jar.JarFile(jar.toFile())) {
            mf = in.getManifest();
            for (JarEntry e : in.stream().toList()) {
                if (!e.isDirectory() && !e.getName().equals(java.util.jar.JarFile.MANIFEST_NAME)) {
                    contents.put(e.getName(), in.getInputStream(e).readAllBytes());
                }
            }
        }
        byte[] bytes = contents.get(entry);
        if (bytes == null) {
            throw new IllegalArgumentException(jar + " has no " + entry);
        }
        bytes[6] = (byte) (major >>> 8);
        bytes[7] = (byte) major;
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jos = new JarOutputStream(out, mf)) {
            for (Map.Entry<String, byte[]> e : contents.entrySet()) {
                jos.putNextEntry(new JarEntry(e.getKey()));
                jos.write(e.getValue());
                jos.closeEntry();
            }
        }
    }
}
