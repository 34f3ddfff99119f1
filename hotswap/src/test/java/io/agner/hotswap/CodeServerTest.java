package io.agner.hotswap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.behaviour.GenServers;
import io.agner.behaviour.Sys;
import io.agner.runtime.ServerRef;
import io.agner.runtime.Node;
import io.agner.runtime.Pid;
import io.agner.supervisor.ChildSpec;
import io.agner.supervisor.RestartStrategy;
import io.agner.supervisor.SupFlags;
import io.agner.supervisor.Supervisor;
import io.agner.testkit.JfrCapture;
import io.agner.testkit.ModuleJar;
import io.agner.testkit.NodeExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class CodeServerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    @TempDir
    Path dir;

    private Node node;

    @BeforeEach
    void startCodeServer() {
        node = agner.node();
        CodeServer.start(node);
    }

    /** A simple-one-for-one supervisor of billing processes started through the code server. */
    private Pid billingSupervisor() {
        return Supervisor.start(node, SupFlags.DEFAULT.withStrategy(RestartStrategy.SIMPLE_ONE_FOR_ONE),
                List.of(ChildSpec.worker("billing", (sup, args) -> CodeServer.startLink(sup, "billing", args))));
    }

    private List<Pid> startBilling(int n) {
        Pid sup = billingSupervisor();
        List<Pid> pids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            pids.add(Supervisor.startChild(node, sup, List.of()).orElseThrow());
        }
        return pids;
    }

    private Object call(Pid pid, Object request) {
        return GenServers.call(node, pid, request, WAIT);
    }

    @Test
    void processStartedOnTheOldVersionDuringAnUpgrade_isUpgradedWhenItRegisters() throws Exception {
        CodeServer.load(node, ModuleBuilder.billing(dir, "1", false, -1));
        // What CodeServer.startLink does, with an upgrade between its two steps: it reads the
        // current version (1) and starts a process on it; version 2 commits; then it registers.
        LoadedModule v1 = (LoadedModule) GenServers.call(node, ServerRef.named(CodeServer.NAME), new CodeServerLoop.Current("billing"), WAIT);
        @SuppressWarnings("unchecked")
        Pid late = GenServers.start(node, (io.agner.behaviour.GenServer<Object>) v1.newInstance(List.of()));
        Sys.setModuleVersion(node, late, "billing@1", WAIT);
        call(late, "bump");
        Upgrade u = CodeServer.load(node, ModuleBuilder.billing(dir, "2", true, -1));
        assertTrue(u.committed() && u.processes().isEmpty(), "it was not registered yet: " + u);
        assertEquals("1", call(late, "version"));

        GenServers.call(node, ServerRef.named(CodeServer.NAME), new CodeServerLoop.Started(late, "billing", "1", List.of()), WAIT);

        assertEquals("2", call(late, "version"), "upgraded as it registered");
        assertEquals("billing@2", node.info(late).orElseThrow().moduleVersion().orElseThrow());
        assertEquals(List.of(new ModuleInfo("billing", "2", 1, "1", 0)), CodeServer.modules(node));
    }

    @Test
    void firstLoad_makesTheVersionCurrent_andProcessesStartOnIt() throws Exception {
        Upgrade u = CodeServer.load(node, ModuleBuilder.billing(dir, "1", false, -1));

        assertTrue(u.committed());
        assertNull(u.from());
        Pid p = startBilling(1).get(0);
        assertEquals("1", call(p, "version"));
        assertEquals(List.of(new ModuleInfo("billing", "1", 1, null, 0)), CodeServer.modules(node));
        assertEquals(java.util.Optional.of("billing@1"), node.info(p).orElseThrow().moduleVersion());
    }

    @Test
    void upgrade_switchesEveryProcess_andKeepsStateByName() throws Exception {
        CodeServer.load(node, ModuleBuilder.billing(dir, "1", false, -1));
        List<Pid> pids = startBilling(3);
        for (int i = 0; i < pids.size(); i++) {
            for (int k = 0; k <= i; k++) {
                GenServers.cast(node, pids.get(i), "bump");
            }
        }

        Upgrade u = CodeServer.load(node, ModuleBuilder.billing(dir, "2", true, -1));

        assertTrue(u.committed(), u.toString());
        assertEquals(3, u.processes().stream().filter(Upgrade.ProcessResult::upgraded).count());
        assertTrue(u.processes().stream().allMatch(r -> r.paused().toNanos() > 0), "each pause measured: " + u.processes());
        for (int i = 0; i < pids.size(); i++) {
            assertEquals("2", call(pids.get(i), "version"));
            assertEquals(java.util.Optional.of("billing@2"), node.info(pids.get(i)).orElseThrow().moduleVersion());
            assertEquals("State[calls=" + (i + 1) + ", currency=null]", call(pids.get(i), "state"), "calls kept, the new component defaulted");
        }
        assertEquals(List.of(new ModuleInfo("billing", "2", 3, "1", 0)), CodeServer.modules(node));
    }

    @Test
    void upgrade_codeChangeThrowsForOneProcess_rollsBackAllProcesses() throws Exception {
        CodeServer.load(node, ModuleBuilder.billing(dir, "1", false, -1));
        List<Pid> pids = startBilling(3);
        GenServers.cast(node, pids.get(1), "bump"); // only this one has a count of 1

        Upgrade u = CodeServer.load(node, ModuleBuilder.billing(dir, "2", false, 1));

        assertFalse(u.committed());
        assertTrue(u.failure().contains(pids.get(1).toString()) && u.failure().contains("cannot convert a count of 1"), u.failure());
        for (Pid p : pids) {
            assertEquals("1", call(p, "version"), "every process resumed on the old code");
        }
        assertEquals("State[calls=1]", call(pids.get(1), "state"));
        assertEquals(List.of(new ModuleInfo("billing", "1", 3, null, 0)), CodeServer.modules(node), "the new version is not registered");
    }

    @Test
    void upgrades_committedAndRolledBack_areRecordedByJfr() throws Exception {
        CodeServer.load(node, ModuleBuilder.billing(dir, "1", false, -1));
        List<Pid> pids = startBilling(2);
        GenServers.cast(node, pids.get(1), "bump");
        Path refused = ModuleBuilder.billing(dir, "2", false, 1); // cannot convert a count of 1
        Path accepted = ModuleBuilder.billing(dir, "2", true, -1);

        List<RecordedEvent> events = JfrCapture.record(List.of("agner.ModuleUpgrade"), () -> {
            assertFalse(CodeServer.load(node, refused).committed());
            assertTrue(CodeServer.load(node, accepted).committed());
        });

        assertEquals(2, events.size(), events.toString());
        RecordedEvent rolledBack = events.get(0);
        assertEquals("billing", rolledBack.getString("module"));
        assertFalse(rolledBack.getBoolean("committed"));
        assertTrue(rolledBack.getString("failure").contains("cannot convert a count of 1"), rolledBack.getString("failure"));
        RecordedEvent committed = events.get(1);
        assertTrue(committed.getBoolean("committed"));
        assertEquals("1", committed.getString("fromVersion"));
        assertEquals("2", committed.getString("toVersion"));
        assertEquals(2, committed.getInt("processes"));
        assertTrue(committed.getDuration("longestPause").toNanos() > 0, "the pause: " + committed);
    }

    @Test
    void upgrade_instantiatesTheNewVersionWithEachProcessesStartArguments() throws Exception {
        CountDownLatch unused = new CountDownLatch(0);
        CodeServer.load(node, ModuleBuilder.gated(dir, "1", false));
        Pid sup = Supervisor.start(node, SupFlags.DEFAULT.withStrategy(RestartStrategy.SIMPLE_ONE_FOR_ONE),
                List.of(ChildSpec.worker("gated", (s, args) -> CodeServer.startLink(s, "gated", args))));
        Pid alpha = Supervisor.startChild(node, sup, List.of("alpha", unused, unused)).orElseThrow();
        Pid beta = Supervisor.startChild(node, sup, List.of("beta", unused, unused)).orElseThrow();
        assertEquals("1:alpha", call(alpha, "args"));

        Upgrade u = CodeServer.load(node, ModuleBuilder.gated(dir, "2", false));

        assertTrue(u.committed(), u.toString());
        assertEquals("2:alpha", call(alpha, "args"), "v2's constructor got alpha's start arguments");
        assertEquals("2:beta", call(beta, "args"));
    }

    @Test
    void invalidModule_isRefused_andChangesNothing() throws Exception {
        CodeServer.load(node, ModuleBuilder.billing(dir, "1", false, -1));
        Pid p = startBilling(1).get(0);
        Path noEntry = ModuleJar.build(dir, "billing", "2", "billing.Missing", Map.of("billing/Other.java", "package billing; public class Other {}"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CodeServer.load(node, noEntry));

        assertTrue(e.getMessage().contains("billing@2") && e.getMessage().contains("billing.Missing"), e.getMessage());
        assertEquals("1", call(p, "version"));
        assertEquals("1", CodeServer.modules(node).get(0).current());
    }

    @Test
    void moduleCarryingAgnerClasses_isRefused() throws Exception {
        Path evil = ModuleJar.build(dir, "evil", "1", "io.agner.runtime.Fake",
                Map.of("io/agner/runtime/Fake.java", "package io.agner.runtime; public class Fake {}"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CodeServer.load(node, evil));
        assertTrue(e.getMessage().contains("io/agner/runtime/Fake.class"), e.getMessage());
        assertEquals(List.of(), CodeServer.modules(node));
    }

    @Test
    void manifestWithoutVersion_isRefusedNamingTheAttribute() throws Exception {
        Path bad = ModuleJar.build(dir, "billing", null, "billing.B", Map.of("billing/B.java", "package billing; public class B {}"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CodeServer.load(node, bad));
        assertTrue(e.getMessage().contains(ModuleSpec.VERSION), e.getMessage());
    }

    @Test
    void sameVersionTwice_isRefused() throws Exception {
        CodeServer.load(node, ModuleBuilder.billing(dir, "1", false, -1));
        Path again = ModuleBuilder.billing(dir, "1", false, -1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> CodeServer.load(node, again));
        assertTrue(e.getMessage().contains("billing@1"), e.getMessage());
    }

    @Test
    void purge_dropsTheOldVersion() throws Exception {
        CodeServer.load(node, ModuleBuilder.billing(dir, "1", false, -1));
        startBilling(2);
        CodeServer.load(node, ModuleBuilder.billing(dir, "2", false, -1));

        assertEquals(List.of(), CodeServer.purge(node, "billing", true), "nothing runs the old version");

        assertEquals(List.of(new ModuleInfo("billing", "2", 2, null, 0)), CodeServer.modules(node));
        CodeServer.load(node, ModuleBuilder.billing(dir, "3", false, -1)); // a third version is fine now
        assertEquals("3", CodeServer.modules(node).get(0).current());
    }
}
