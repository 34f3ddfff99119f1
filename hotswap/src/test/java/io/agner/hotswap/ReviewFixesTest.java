package io.agner.hotswap;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.behaviour.Sys;
import io.agner.runtime.ExitReason;
import io.agner.runtime.Node;
import io.agner.runtime.Pid;
import io.agner.supervisor.ChildSpec;
import io.agner.supervisor.RestartStrategy;
import io.agner.supervisor.SupFlags;
import io.agner.supervisor.Supervisor;
import io.agner.testkit.NodeExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Hot-loading edge cases: a process dying mid-upgrade, private state records. */
class ReviewFixesTest {

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    @TempDir
    Path dir;

    private record Secret(long n, Optional<String> note, ArrayDeque<Integer> queue) {}

    @Test
    void stateView_readsPrivateRecords_andConvertsOptionalsAndOtherCollections() {
        Object view = StateView.of(new Secret(7, Optional.of("x"), new ArrayDeque<>(List.of(1, 2))));
        assertEquals(Map.of("n", 7L, "note", Optional.of("x"), "queue", List.of(1, 2)), view);
    }

    @Test
    void upgrade_aProcessThatDiedAfterTheLoadWasQueued_isDropped_notARollback() throws Exception {
        Node node = agner.node();
        CodeServer.start(node);
        CodeServer.load(node, ModuleBuilder.billing(dir, "1", false, -1));
        Pid sup = Supervisor.start(node, SupFlags.DEFAULT.withStrategy(RestartStrategy.SIMPLE_ONE_FOR_ONE),
                List.of(ChildSpec.worker("billing", (s, args) -> CodeServer.startLink(s, "billing", args))
                        .withRestart(io.agner.supervisor.Restart.TEMPORARY)));
        List<Pid> pids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            pids.add(Supervisor.startChild(node, sup, List.of()).orElseThrow());
        }
        Path v2 = ModuleBuilder.billing(dir, "2", false, -1);
        Pid codeServer = node.whereis(CodeServer.NAME).orElseThrow();

        Sys.suspend(node, codeServer, Duration.ofSeconds(10)); // the load waits in its mailbox...
        CompletableFuture<Upgrade> load = CompletableFuture.supplyAsync(() -> CodeServer.load(node, v2));
        await().until(() -> node.info(codeServer).orElseThrow().mailboxLength() >= 1);
        node.exit(pids.get(1), ExitReason.KILL); // ...ahead of this process's Down
        await().until(() -> !node.isAlive(pids.get(1)));
        Sys.resume(node, codeServer, Duration.ofSeconds(10));

        Upgrade u = load.get();
        assertTrue(u.committed(), u.toString());
        assertTrue(u.processes().stream().anyMatch(r -> r.pid().equals(pids.get(1)) && r.detail().contains("exited before the upgrade")), u.toString());
        assertEquals(2, u.processes().stream().filter(Upgrade.ProcessResult::upgraded).count());
    }
}
