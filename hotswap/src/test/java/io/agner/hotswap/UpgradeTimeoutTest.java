package io.agner.hotswap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.behaviour.GenServers;
import io.agner.runtime.Node;
import io.agner.runtime.Pid;
import io.agner.supervisor.ChildSpec;
import io.agner.supervisor.RestartStrategy;
import io.agner.supervisor.SupFlags;
import io.agner.supervisor.Supervisor;
import io.agner.testkit.NodeExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upgrade step that takes longer than the step timeout rolls every process back: a
 * {@code codeChange} that blocks, and a process stuck in a callback so it cannot be suspended.
 * The code server runs with a short step timeout; blocked module code waits on {@link #release},
 * which each test opens at the end.
 */
class UpgradeTimeoutTest {

    private static final Duration STEP = Duration.ofSeconds(3);   // long enough for a healthy process's cold steps on a loaded machine
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    @TempDir
    Path dir;

    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch signal = new CountDownLatch(1);
    private Node node;
    private Pid sup;

    @BeforeEach
    void gatedOnVersion1() throws Exception {
        node = agner.node();
        CodeServer.start(node, STEP);
        CodeServer.load(node, ModuleBuilder.gated(dir, "1", false));
        sup = Supervisor.start(node, SupFlags.DEFAULT.withStrategy(RestartStrategy.SIMPLE_ONE_FOR_ONE),
                List.of(ChildSpec.worker("gated", (s, args) -> CodeServer.startLink(s, "gated", args))));
    }

    @AfterEach
    void releaseBlockedCode() {
        release.countDown();
    }

    private Pid start(String label) {
        return Supervisor.startChild(node, sup, List.of(label, release, signal)).orElseThrow();
    }

    private Object call(Pid pid, Object request) {
        return GenServers.call(node, pid, request, WAIT);
    }

    @Test
    void upgrade_codeChangeBlocks_timesOut_rollsBackAllProcessesNamingIt() throws Exception {
        Pid alpha = start("alpha");
        Pid blocker = start("blocker");
        GenServers.cast(node, alpha, "bump");
        assertEquals(1L, call(alpha, "calls"));

        Upgrade u = CodeServer.load(node, ModuleBuilder.gated(dir, "2", true));

        assertFalse(u.committed(), u.toString());
        assertEquals("process " + blocker + " codeChange timed out after " + STEP.toMillis() + " ms", u.failure());
        assertTrue(signal.await(10, TimeUnit.SECONDS), "the blocked codeChange was interrupted");
        for (Pid p : List.of(alpha, blocker)) {
            assertEquals("1", call(p, "version"), p + " resumed on the old code");
        }
        assertEquals("State[calls=1]", call(alpha, "state"), "old state kept");
        assertEquals(List.of(new ModuleInfo("gated", "1", 2, null, 0)), CodeServer.modules(node), "the new version is not registered");
    }

    @Test
    void upgrade_processStuckInHandleCall_suspendTimesOut_rollsBackNamingIt() throws Exception {
        Pid alpha = start("alpha");
        Pid stuck = start("stuck");
        CompletableFuture<Object> blocked = CompletableFuture.supplyAsync(() -> GenServers.call(node, stuck, "block", Duration.ofMinutes(1)),
                r -> Thread.ofVirtual().start(r));
        assertTrue(signal.await(10, TimeUnit.SECONDS), "the call is being handled");
        Path v2 = ModuleBuilder.gated(dir, "2", false);

        Upgrade u = CodeServer.load(node, v2);

        assertFalse(u.committed(), u.toString());
        assertEquals("process " + stuck + " suspend timed out after " + STEP.toMillis() + " ms", u.failure());
        assertEquals("1", call(alpha, "version"), "resumed on the old code while the other is still stuck");
        release.countDown();
        assertEquals("released", blocked.get(10, TimeUnit.SECONDS));
        assertEquals("1", call(stuck, "version"), "its queued suspend and resume were served, on the old code");
        assertEquals(List.of(new ModuleInfo("gated", "1", 2, null, 0)), CodeServer.modules(node));
    }
}
