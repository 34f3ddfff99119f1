package io.agner.hotswap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.runtime.Node;
import io.agner.testkit.ModuleJar;
import io.agner.testkit.NodeExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A module's entry class is initialised under the code server's step timeout, off its process: a
 * static initialiser that blocks cannot wedge the code server, and one that throws is reported
 * with its own exception (issue 19, item 3).
 */
class EntryInitTest {

    private static final Duration STEP = Duration.ofMillis(500);

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    @TempDir
    Path dir;

    private Node node;

    @BeforeEach
    void codeServerWithAShortStep() {
        node = agner.node();
        CodeServer.start(node, STEP);
    }

    private Path billingWithStaticInit(String staticBlock) throws Exception {
        String source = ModuleBuilder.server("billing", "public class Billing implements GenServer<Billing.State>", "long calls",
                "static {\n" + staticBlock + "\n}");
        return ModuleJar.build(dir, "billing", "1", "billing.Billing", Map.of("billing/Billing.java", source));
    }

    @Test
    void staticInitialiserThatBlocks_failsTheLoadAfterTheStepTimeout_andTheCodeServerStaysUsable() throws Exception {
        Path blocking = billingWithStaticInit("""
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    throw new RuntimeException("interrupted: abandoned", e);
                }""");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CodeServer.load(node, blocking));

        assertTrue(e.getMessage().contains("billing@1: entry class billing.Billing: its static initialiser did not finish within "
                + STEP.toMillis() + " ms"), e.getMessage());
        assertEquals(List.of(), CodeServer.modules(node), "the code server answers, and nothing was loaded");
        assertTrue(CodeServer.load(node, ModuleBuilder.billing(dir, "1", false, -1)).committed(), "a good version loads after it");
    }

    @Test
    void staticInitialiserThatThrows_reportsItsOwnException() throws Exception {
        Path throwing = billingWithStaticInit("if (true) throw new IllegalStateException(\"no rates configured\");");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CodeServer.load(node, throwing));

        assertTrue(e.getMessage().contains("billing@1: entry class billing.Billing: its static initialiser threw "
                + "java.lang.IllegalStateException: no rates configured"), e.getMessage());
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertEquals(List.of(), CodeServer.modules(node));
    }
}
