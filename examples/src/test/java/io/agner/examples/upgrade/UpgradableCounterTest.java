package io.agner.examples.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import io.agner.runtime.ServerRef;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.behaviour.GenServers;
import io.agner.hotswap.CodeServer;
import io.agner.hotswap.Upgrade;
import io.agner.runtime.Pid;
import io.agner.testkit.NodeExtension;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class UpgradableCounterTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    @Test
    void v1ToV2_whileRunning_keepsTheCountAndThePid() {
        UpgradableCounter.start(agner.node(), Path.of("counter-v1/target/counter-1.jar"));
        Pid before = agner.node().whereis(UpgradableCounter.NAME).orElseThrow();
        for (int i = 0; i < 3; i++) {
            GenServers.cast(agner.node(), ServerRef.named(UpgradableCounter.NAME), "incr");
        }
        assertEquals("v1: count=3", GenServers.call(agner.node(), ServerRef.named(UpgradableCounter.NAME), "get", WAIT));

        Upgrade upgrade = CodeServer.load(agner.node(), Path.of("counter-v2/target/counter-2.jar"));

        assertTrue(upgrade.committed(), upgrade.toString());
        assertEquals("v2: count=3, calls answered since the upgrade=1", GenServers.call(agner.node(), ServerRef.named(UpgradableCounter.NAME), "get", WAIT));
        assertEquals(before, agner.node().whereis(UpgradableCounter.NAME).orElseThrow(), "the same process, not a restart");
    }
}
