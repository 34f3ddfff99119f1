package io.agner.switchdemo.log;

import io.agner.switchdemo.log.backend.EventLogs;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The conformance suite on the embedded log, opened through its configuration string; each test has its own folder. */
class EmbeddedConformanceTest extends EventLogConformanceTest {

    @TempDir
    Path dir;

    @Override
    protected EventLog open() {
        return EventLogs.connect("embedded:" + dir);
    }
}
