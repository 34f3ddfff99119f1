package io.agner.hotswap;

import static io.agner.testkit.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.runtime.ExitReason;
import io.agner.runtime.Node;
import io.agner.runtime.NodeConfig;
import io.agner.runtime.Pid;
import io.agner.supervisor.ChildSpec;
import io.agner.supervisor.SupFlags;
import io.agner.supervisor.Supervisor;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node's MBeans, read back through the platform MBean server as a JMX client would. */
class AgnerMBeansTest {

    private final MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();

    @TempDir
    Path dir;

    private static Node node() {
        return Node.start(NodeConfig.DEFAULT.withShutdownTimeout(Duration.ofSeconds(2)));
    }

    @Test
    void supervisorsMBean_readsBackARestartCount() throws Exception {
        try (Node node = node(); AgnerMBeans beans = AgnerMBeans.register(node, "jmx-restarts")) {
            ObjectName supervisors = new ObjectName("io.agner:type=Supervisors,node=\"jmx-restarts\"");
            Supervisor.start(node, SupFlags.DEFAULT, List.of(ChildSpec.worker("worker",
                    (sup, args) -> sup.spawn(ctx -> ctx.receive(), io.agner.runtime.SpawnOptions.DEFAULT.withName("worker").withLink(true)))), "top");
            Pid worker = node.whereis("worker").orElseThrow();

            node.exit(worker, ExitReason.KILL);
            await().until(() -> node.whereis("worker").filter(p -> !p.equals(worker)).isPresent());

            assertEquals(1L, jmx.invoke(supervisors, "restarts", new Object[] {"top", "worker"},
                    new String[] {String.class.getName(), String.class.getName()}));
            assertEquals(1L, jmx.getAttribute(supervisors, "TotalRestarts"));
            assertEquals(List.of("top"), List.of((String[]) jmx.getAttribute(supervisors, "Supervisors")));
            TabularData all = (TabularData) jmx.getAttribute(supervisors, "Restarts");
            assertEquals(1L, all.get(new Object[] {"top/worker"}).get("value"));
        }
    }

    @Test
    void nodeAndModulesMBeans_showTheNodeAndTheCodeServersModules() throws Exception {
        try (Node node = node(); AgnerMBeans beans = AgnerMBeans.register(node, "jmx-node")) {
            ObjectName nodeName = new ObjectName("io.agner:type=Node,name=\"jmx-node\"");
            ObjectName modules = new ObjectName("io.agner:type=Modules,node=\"jmx-node\"");
            assertEquals(0, ((CompositeData[]) jmx.getAttribute(modules, "Modules")).length, "no code server yet");
            CodeServer.start(node);
            CodeServer.load(node, ModuleBuilder.billing(dir, "1", false, -1));

            assertEquals("jmx-node", jmx.getAttribute(nodeName, "Name"));
            assertTrue((Long) jmx.getAttribute(nodeName, "ProcessCount") >= 2, "the code server and the MBeans' own process");
            assertTrue((Long) jmx.getAttribute(nodeName, "Spawned") >= (Long) jmx.getAttribute(nodeName, "ProcessCount"));
            assertTrue(List.of((String[]) jmx.getAttribute(nodeName, "RegisteredNames")).contains(CodeServer.NAME));
            CompositeData[] listed = (CompositeData[]) jmx.getAttribute(modules, "Modules");
            assertEquals(1, listed.length);
            assertEquals("billing", listed[0].get("name"));
            assertEquals("1", listed[0].get("current"));
            assertEquals(0, listed[0].get("onCurrent"));
        }
    }

    @Test
    void closingTheNode_unregistersItsMBeans_andANameIsTakenOnce() throws Exception {
        ObjectName nodeName = new ObjectName("io.agner:type=Node,name=\"jmx-close\"");
        Node node = node();
        AgnerMBeans.register(node, "jmx-close");
        assertTrue(jmx.isRegistered(nodeName));
        assertThrows(IllegalStateException.class, () -> AgnerMBeans.register(node, "jmx-close"));

        node.close();

        assertFalse(jmx.isRegistered(nodeName));
        assertFalse(jmx.isRegistered(new ObjectName("io.agner:type=Supervisors,node=\"jmx-close\"")));
    }
}
