package com.example.gettingstarted;

import static io.agner.testkit.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.behaviour.GenServers;
import io.agner.hotswap.ControlDir;
import io.agner.hotswap.ControlServer;
import io.agner.runtime.ExitReason;
import io.agner.runtime.Pid;
import io.agner.runtime.ServerRef;
import io.agner.testkit.NodeExtension;
import io.agner.testkit.Probe;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The application on a fresh node per test (agner-testkit's NodeExtension). */
class AppTest {

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    private static final ServerRef INVENTORY = ServerRef.named(App.INVENTORY);
    private static final ServerRef TURNSTILE = ServerRef.named(App.TURNSTILE);

    @Test
    void inventory_reservesWhatIsInStock() {
        App.start(agner.node());
        GenServers.cast(agner.node(), INVENTORY, new Inventory.Restock("ticket", 1));

        assertEquals(true, GenServers.call(agner.node(), INVENTORY, new Inventory.Reserve("ticket")));
        assertEquals(false, GenServers.call(agner.node(), INVENTORY, new Inventory.Reserve("ticket")));
        assertEquals(0, GenServers.call(agner.node(), INVENTORY, new Inventory.Count("ticket")));
    }

    @Test
    void aCrashedInventory_isRestartedByItsSupervisor_empty() {
        App.start(agner.node());
        GenServers.cast(agner.node(), INVENTORY, new Inventory.Restock("ticket", 5));
        Pid before = agner.node().whereis(App.INVENTORY).orElseThrow();

        agner.node().exit(before, ExitReason.KILL);

        await().until(() -> agner.node().whereis(App.INVENTORY).filter(p -> !p.equals(before)).isPresent());
        assertEquals(0, GenServers.call(agner.node(), INVENTORY, new Inventory.Count("ticket")));
    }

    @Test
    void turnstile_unlocksForACoin_andLocksAfterAPush() {
        App.start(agner.node());
        Probe probe = agner.probe();

        // Calls from inside a process work as from the node: here from the probe's.
        probe.run(ctx -> GenServers.cast(ctx, TURNSTILE, Turnstile.COIN));
        assertEquals(Turnstile.State.UNLOCKED, probe.call(ctx -> GenServers.call(ctx, TURNSTILE, Turnstile.STATE)));

        GenServers.cast(agner.node(), TURNSTILE, Turnstile.PUSH);
        assertEquals(Turnstile.State.LOCKED, GenServers.call(agner.node(), TURNSTILE, Turnstile.STATE));
        assertEquals(1, GenServers.call(agner.node(), TURNSTILE, Turnstile.PASSED));
    }

    @Test
    void controlServer_makesTheNodeReachable(@TempDir Path dir) throws Exception {
        try (ControlServer _ = ControlServer.start(agner.node(), "getting-started", dir)) {
            assertTrue(Files.exists(ControlDir.socket(dir, "getting-started")));
        }
        assertTrue(Files.notExists(ControlDir.socket(dir, "getting-started")), "closing it removes the socket");
    }
}
