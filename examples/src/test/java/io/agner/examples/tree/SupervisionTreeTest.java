package io.agner.examples.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agner.runtime.Pid;
import io.agner.supervisor.ChildCounts;
import io.agner.supervisor.Supervisor;
import io.agner.testkit.NodeExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SupervisionTreeTest {

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    @Test
    void treeSurvivesRandomKills_withEveryChildRunning() {
        Pid root = SupervisionTree.start(agner.node());

        SupervisionTree.chaos(agner.node(), 30, 7);

        assertEquals(new ChildCounts(3, 3, 1, 2), Supervisor.countChildren(agner.node(), root));
        assertEquals(root, agner.node().whereis("root").orElseThrow());
    }
}
