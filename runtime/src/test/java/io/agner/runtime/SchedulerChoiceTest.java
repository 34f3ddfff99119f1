package io.agner.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Which scheduler a node runs on: the configured one, or the JDK's with one warning when agner's is closed. */
class SchedulerChoiceTest {

    private static final String FLAG = "--add-opens java.base/java.lang=ALL-UNNAMED";

    @Test
    void defaultConfig_runsTheSchedulerTheSystemPropertyNames_withoutFallingBack() {
        try (Node node = Node.start()) {
            SchedulerStats stats = node.schedulerStats();
            assertEquals(SchedulerKind.fromSystemProperty(), stats.kind(), stats::note);
            assertEquals("", stats.note(), "this build passes " + FLAG + ", so nothing falls back");
        }
    }

    @Test
    void config_negativeCarriers_isRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NodeConfig.DEFAULT.withCarriers(-1));
        assertEquals("carriers must be >= 0 (0 = one per processor), was -1", e.getMessage());
    }

    @Test
    void jvmWithoutTheFlag_runsOnTheJdkScheduler_andWarnsOnce() throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process child = new ProcessBuilder(java, "-D" + SchedulerKind.PROPERTY + "=agner", "-cp", System.getProperty("java.class.path"),
                SchedulerFallbackMain.class.getName())
                .redirectErrorStream(true)
                .start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), out);
        assertEquals(0, child.exitValue(), out);
        List<String> lines = out.lines().toList();
        assertEquals(2, lines.stream().filter("OK JDK"::equals).count(), out);
        List<String> warnings = lines.stream().filter(l -> l.contains("WARN") && l.contains(FLAG)).toList();
        assertEquals(1, warnings.size(), out);
        assertTrue(warnings.getFirst().contains("JDK's virtual-thread scheduler"), out);
    }
}
