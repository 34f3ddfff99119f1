package io.agner.hotswap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.runtime.Node;
import io.agner.testkit.ModuleJar;
import io.agner.testkit.NodeExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The state diff an upgrade reports, read from both versions' class files. */
class StateDiffTest {

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

    private Path ledger(String version, String components) throws Exception {
        String source = ModuleBuilder.server("ledger", "public class Ledger implements GenServer<Ledger.State>", components, "");
        return ModuleJar.build(dir, "ledger", version, "ledger.Ledger", Map.of("ledger/Ledger.java", source));
    }

    @Test
    void firstLoad_hasNoDiff() throws Exception {
        assertNull(CodeServer.load(node, ledger("1", "long calls")).diff());
    }

    @Test
    void upgrade_listsAddedRemovedAndChangedComponents() throws Exception {
        CodeServer.load(node, ledger("1", "long calls, int legacy, java.util.List<String> tags"));

        Upgrade u = CodeServer.load(node, ledger("2", "Long calls, java.util.List<String> tags, String currency"));

        assertTrue(u.committed(), u.toString());
        StateDiff.Part state = u.diff().parts().getFirst();
        assertEquals(List.of(new StateDiff.Component("currency", "String")), state.added());
        assertEquals(List.of(new StateDiff.Component("legacy", "int")), state.removed());
        assertEquals(List.of(new StateDiff.Change("calls", "long", "Long")), state.changed());
        assertEquals("ledger.Ledger.State", state.from());
        assertEquals("State: +currency (String), -legacy (int), ~calls long -> Long", u.diff().toString());
        assertTrue(u.toString().contains("State: +currency (String)"), u.toString());
    }

    @Test
    void upgrade_withTheSameRecord_isUnchanged() throws Exception {
        CodeServer.load(node, ledger("1", "long calls, java.util.Map<String, java.util.List<Long>> byDay"));
        Upgrade u = CodeServer.load(node, ledger("2", "long calls, java.util.Map<String, java.util.List<Long>> byDay"));
        assertTrue(u.diff().unchanged());
        assertEquals("State: unchanged", u.diff().toString());
    }

    @Test
    void billingUpgrade_withRunningProcesses_reportsTheAddedCurrency() throws Exception {
        CodeServer.load(node, ModuleBuilder.billing(dir, "1", false, -1));
        Upgrade u = CodeServer.load(node, ModuleBuilder.billing(dir, "2", true, -1));
        assertEquals("State: +currency (String)", u.diff().toString());
    }

    @Test
    void rolledBackUpgrade_stillReportsTheDiff() throws Exception {
        CodeServer.load(node, ModuleBuilder.billing(dir, "1", false, -1));
        io.agner.supervisor.Supervisor.start(node, io.agner.supervisor.SupFlags.DEFAULT, List.of(io.agner.supervisor.ChildSpec.worker(
                "billing", (sup, args) -> CodeServer.startLink(sup, "billing", List.of()))));
        Upgrade u = CodeServer.load(node, ModuleBuilder.billing(dir, "2", true, 0)); // its codeChange refuses a count of 0
        assertFalse(u.committed());
        assertEquals("State: +currency (String)", u.diff().toString());
    }

    @Test
    void stateMachine_diffsStateAndData_andSaysWhatIsNotARecord() throws Exception {
        CodeServer.load(node, machine("1", "enum Phase { IDLE }", "int count"));
        Upgrade u = CodeServer.load(node, machine("2", "record Phase(String name) {}", "int count, long since"));
        assertEquals("State: door.Door.Phase -> door.Door.Phase (door.Door.Phase is not a record; no component diff); "
                + "Data: +since (long)", u.diff().toString());
    }

    @Test
    void behaviourChange_isReported() throws Exception {
        CodeServer.load(node, ledger("1", "long calls"));
        Path machine = ModuleJar.build(dir, "ledger", "2", "door.Door", Map.of("door/Door.java", machineSource("enum Phase { IDLE }", "int count")));
        Upgrade u = CodeServer.load(node, machine);
        assertEquals("State: the behaviour changes from GenServer to StateMachine; no component diff", u.diff().toString());
    }

    private Path machine(String version, String phase, String dataComponents) throws Exception {
        return ModuleJar.build(dir, "door", version, "door.Door", Map.of("door/Door.java", machineSource(phase, dataComponents)));
    }

    private static String machineSource(String phase, String dataComponents) {
        return """
                package door;

                import io.agner.behaviour.StateMachine;
                import io.agner.runtime.ProcessContext;

                public class Door implements StateMachine<Door.Phase, Door.Data> {
                    public %s
                    public record Data(%s) {}

                    public Next<Phase, Data> init(ProcessContext ctx) {
                        return null;
                    }

                    public Result<Phase, Data> handleEvent(ProcessContext ctx, EventType type, Object event, Phase state, Data data) {
                        return null;
                    }
                }
                """.formatted(phase, dataComponents);
    }
}
