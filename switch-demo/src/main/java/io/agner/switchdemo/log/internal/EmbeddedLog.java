package io.agner.switchdemo.log.internal;

import io.agner.switchdemo.log.EventLog;
import io.agner.switchdemo.log.LogConfig;

import java.nio.file.Path;

/** The embedded single-node log; see the package documentation of {@code io.agner.switchdemo.log}. */
public final class EmbeddedLog {

    private EmbeddedLog() {}

    public static EventLog open(Path dir, LogConfig config) {
        throw new UnsupportedOperationException("embedded log: work in progress");
    }
}
