package io.agner.runtime.internal;

import static io.agner.testkit.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.runtime.Node;
import io.agner.runtime.Pid;
import io.agner.runtime.SpawnOptions;
import io.agner.testkit.NodeExtension;
import io.agner.testkit.Probe;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ProcessTableTest {

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    @Test
    void processesThatExit_leaveNoChunkBehind() throws Exception {
        Node node = agner.node();
        int count = 3 * 4096 + 17;
        CountDownLatch exited = new CountDownLatch(count);
        for (int i = 0; i < count; i++) {
            node.spawn(ctx -> exited.countDown());
        }
        exited.await();
        ProcessTable table = tableOf(node);
        await().until(table::isEmpty);

        // Only the chunk still being filled by new ids may remain.
        assertTrue(table.chunkCount() <= 1, "chunks left: " + table.chunkCount());
    }

    @Test
    void lookupById_findsTheLiveProcessOnly() {
        Probe probe = agner.probe();
        ProcessTable table = tableOf(agner.node());
        assertSame(probe.pid(), table.get(probe.pid().id()));
        assertNull(table.get(probe.pid().id() + 1_000_000));
    }

    @Test
    void failedSpawn_settlesItsId() {
        Node node = agner.node();
        node.register("taken", agner.probe().pid());
        for (int i = 0; i < 2 * 4096; i++) {
            try {
                node.spawn(ctx -> {}, SpawnOptions.DEFAULT.withName("taken"));
            } catch (IllegalArgumentException expected) {
                // the name is taken: the child was added to the table, then removed unstarted
            }
        }
        Pid last = node.spawn(ctx -> {});
        await().until(() -> !node.isAlive(last));
        assertTrue(tableOf(node).chunkCount() <= 2, "failed spawns must not pin their chunks: " + tableOf(node).chunkCount());
        assertEquals(1, node.processes().size()); // the probe
    }

    private static ProcessTable tableOf(Node node) {
        return ((LocalNode) node).table();
    }
}
