package io.agner.hotswap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.behaviour.GenServers;
import io.agner.runtime.ExitReason;
import io.agner.runtime.Node;
import io.agner.runtime.Signal;
import io.agner.testkit.NodeExtension;
import io.agner.testkit.Probe;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two-version rule with a process left on the old version. An upgrade moves every process
 * it knows, so the straggler is a probe the test reports to the code server as running billing@1
 * (as a process started on the old version while the upgrade ran would be).
 */
class PurgeTest {

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    @TempDir
    Path dir;

    private Node node;
    private Probe straggler;

    @BeforeEach
    void oneProcessOnTheOldVersion() throws Exception {
        node = agner.node();
        CodeServer.start(node);
        CodeServer.load(node, ModuleBuilder.billing(dir, "1", false, -1));
        CodeServer.load(node, ModuleBuilder.billing(dir, "2", false, -1));
        straggler = agner.probe();
        GenServers.call(node, CodeServer.NAME, new CodeServerLoop.Started(straggler.pid(), "billing", "1", List.of()), Duration.ofSeconds(10));
        assertEquals(List.of(new ModuleInfo("billing", "2", 0, "1", 1)), CodeServer.modules(node));
    }

    @Test
    void softPurge_refusesWhileAProcessRunsTheOldVersion() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> CodeServer.purge(node, "billing", true));
        assertTrue(e.getMessage().contains("billing@1") && e.getMessage().contains(straggler.pid().toString()), e.getMessage());
        assertTrue(node.isAlive(straggler.pid()));
    }

    @Test
    void thirdVersion_isRefusedNamingTheProcessesOnTheOld() throws Exception {
        Path v3 = ModuleBuilder.billing(dir, "3", false, -1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> CodeServer.load(node, v3));
        assertTrue(e.getMessage().contains(straggler.pid().toString()) && e.getMessage().contains("purge billing"), e.getMessage());
        assertEquals("2", CodeServer.modules(node).get(0).current());
    }

    @Test
    void hardPurge_killsTheProcessesOnTheOldVersion_thenAThirdLoadIsFine() throws Exception {
        Probe watcher = agner.probe();
        watcher.run(ctx -> ctx.monitor(straggler.pid()));

        assertEquals(List.of(straggler.pid()), CodeServer.purge(node, "billing", false));

        assertEquals(ExitReason.KILLED, watcher.next(Signal.Down.class).reason());
        assertEquals(List.of(new ModuleInfo("billing", "2", 0, null, 0)), CodeServer.modules(node));
        CodeServer.load(node, ModuleBuilder.billing(dir, "3", false, -1));
        assertEquals("3", CodeServer.modules(node).get(0).current());
    }
}
