package io.agner.switchdemo;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Which event log a demo runs on (a picocli mixin): {@code --log <spec>} ({@code embedded:<dir>} or
 * {@code kafka:<host:port>[,...]}, as {@link io.agner.switchdemo.log.backend.EventLogs#connect}
 * reads it) or {@code --data <dir>} (the same as {@code --log embedded:<dir>}); at most one of them.
 * Filled by picocli on one thread, then read.
 */
public final class LogOptions {

    @Option(names = "--log", paramLabel = "SPEC", description = "the event log: embedded:<dir> or kafka:<host:port>")
    String log;

    @Option(names = "--data", paramLabel = "DIR",
            description = "the embedded log's folder (same as --log embedded:DIR); a run there before is resumed")
    String data;

    /**
     * The log spec the options name; empty when neither is given (a fresh folder, see {@link #specOrFresh}).
     *
     * @throws IllegalArgumentException when both are given, or one is empty
     */
    public Optional<String> spec() {
        if (log != null && data != null) {
            throw new IllegalArgumentException("give either --log or --data (the same as --log embedded:<dir>), not both");
        }
        if (log != null && log.isBlank()) {
            throw new IllegalArgumentException("--log needs a spec: embedded:<dir> or kafka:<host:port>");
        }
        if (data != null && data.isBlank()) {
            throw new IllegalArgumentException("--data needs a folder");
        }
        return Optional.ofNullable(log != null ? log : data != null ? "embedded:" + data : null);
    }

    /** {@code spec}, or the embedded log in a fresh temporary folder (created now) when it is empty. */
    public static String specOrFresh(Optional<String> spec) throws IOException {
        return spec.isPresent() ? spec.get() : "embedded:" + Files.createTempDirectory("agner-switch-");
    }
}
