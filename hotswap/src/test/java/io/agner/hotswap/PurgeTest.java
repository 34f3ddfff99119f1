package io.agner.hotswap;

import static io.agner.testkit.Await.await;
import io.agner.runtime.ServerRef;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.behaviour.GenServers;
import io.agner.runtime.ExitReason;
import io.agner.runtime.Node;
import io.agner.runtime.Pid;
import io.agner.runtime.Signal;
import io.agner.supervisor.ChildInfo;
import io.agner.supervisor.ChildSpec;
import io.agner.supervisor.RestartStrategy;
import io.agner.supervisor.SupFlags;
import io.agner.supervisor.Supervisor;
import io.agner.testkit.NodeExtension;
import io.agner.testkit.Probe;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two-version rule with a process left on the old version. An upgrade moves every process
 * it knows, so the straggler is a probe the test reports to the code server as running billing@1
 * (as a process started on the old version while the upgrade ran would be). One test makes
 * that real: a supervised child still in {@code init} on gated@1 while gated@2 is loaded.
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
        GenServers.call(node, ServerRef.named(CodeServer.NAME), new CodeServerLoop.Started(straggler.pid(), "billing", "1", List.of()), Duration.ofSeconds(10));
        assertEquals(List.of(new ModuleInfo("billing", "2", 0, "1", 1)), CodeServer.modules(node));
    }

    private static final Duration WAIT = Duration.ofSeconds(10);

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

    @Test
    void supervisedChildStartingDuringAnUpgrade_isUpgradedAsItRegisters_withItsArguments_andRestartsOnTheCurrent() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch inInit = new CountDownLatch(1);
        CodeServer.load(node, ModuleBuilder.gated(dir, "1", false));
        Path v2 = ModuleBuilder.gated(dir, "2", false);
        Pid sup = Supervisor.start(node, SupFlags.DEFAULT.withStrategy(RestartStrategy.SIMPLE_ONE_FOR_ONE),
                List.of(ChildSpec.worker("gated", (s, args) -> CodeServer.startLink(s, "gated", args))));
        CompletableFuture<Pid> starting = CompletableFuture.supplyAsync(
                () -> Supervisor.startChild(node, sup, List.of("slow-start", release, inInit)).orElseThrow(), r -> Thread.ofVirtual().start(r));
        assertTrue(inInit.await(10, TimeUnit.SECONDS), "the child is in init on gated@1");
        assertTrue(CodeServer.load(node, v2).committed()); // the child is not registered yet, so this load does not see it
        release.countDown();
        Pid late = starting.get(10, TimeUnit.SECONDS);

        assertEquals("2", GenServers.call(node, late, "version", WAIT), "upgraded as it registered");
        assertEquals("2:slow-start", GenServers.call(node, late, "args", WAIT), "with its start arguments");
        assertEquals(new ModuleInfo("gated", "2", 1, "1", 0), module("gated"), "nothing is left on the old version");
        assertEquals(List.of(), CodeServer.purge(node, "gated", true), "so a soft purge goes through");

        node.exit(late, ExitReason.KILL);
        Pid restarted = await().until(() -> Supervisor.whichChildren(node, sup).stream().map(ChildInfo::pid)
                .flatMap(Optional::stream).filter(p -> !p.equals(late)).findFirst(), Optional::isPresent).orElseThrow();
        assertEquals("2", GenServers.call(node, restarted, "version", WAIT), "restarted on the current version");
        assertEquals("2:slow-start", GenServers.call(node, restarted, "args", WAIT), "with the same start arguments");
        assertEquals(new ModuleInfo("gated", "2", 1, null, 0), module("gated"));
    }

    private ModuleInfo module(String name) {
        return CodeServer.modules(node).stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }
}
