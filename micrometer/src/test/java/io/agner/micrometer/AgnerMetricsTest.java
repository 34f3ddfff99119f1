package io.agner.micrometer;

import static io.agner.testkit.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.runtime.ExitReason;
import io.agner.runtime.Node;
import io.agner.runtime.Pid;
import io.agner.runtime.SpawnOptions;
import io.agner.supervisor.ChildSpec;
import io.agner.supervisor.SupFlags;
import io.agner.supervisor.Supervisor;
import io.agner.testkit.NodeExtension;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A SimpleMeterRegistry sees the node's meters, and they move with the node. */
class AgnerMetricsTest {

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    @Test
    void theMeters_followProcessesRestartsAndMailboxes() {
        Node node = agner.node();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new AgnerMetrics(node, Tags.of("node", "test")).bindTo(registry);
        double spawnedBefore = registry.get("agner.processes.spawned").tag("node", "test").functionCounter().count();

        Supervisor.start(node, SupFlags.DEFAULT, List.of(ChildSpec.worker("worker",
                (sup, args) -> sup.spawn(ctx -> ctx.receive(), SpawnOptions.DEFAULT.withName("worker").withLink(true)))), "top");
        Pid worker = node.whereis("worker").orElseThrow();
        node.exit(worker, ExitReason.KILL);
        await().until(() -> node.whereis("worker").filter(p -> !p.equals(worker)).isPresent());
        CountDownLatch never = new CountDownLatch(1);
        Pid busy = node.spawn(ctx -> never.await(), SpawnOptions.DEFAULT.withName("busy"));
        for (int i = 0; i < 7; i++) {
            node.send(busy, i);
        }

        assertEquals(1.0, registry.get("agner.supervisor.restarts").functionCounter().count());
        assertEquals(7.0, registry.get("agner.mailbox.longest").gauge().value());
        assertTrue(registry.get("agner.processes.spawned").functionCounter().count() >= spawnedBefore + 4,
                "the supervisor, two workers and the busy process");
        assertTrue(registry.get("agner.processes.exited").functionCounter().count() >= 1, "the killed worker");
        assertTrue(registry.get("agner.processes").gauge().value() >= 3, "the supervisor, its worker and the busy process run");
    }
}
