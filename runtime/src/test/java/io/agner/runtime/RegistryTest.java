package io.agner.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.testkit.NodeExtension;
import io.agner.testkit.Probe;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RegistryTest {

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    @Test
    void register_takenName_failsWithTheHolder_likeAlreadyStarted() {
        Pid first = agner.probe().pid();
        Pid second = agner.probe().pid();
        agner.node().register("svc", first);

        NameTakenException e = assertThrows(NameTakenException.class, () -> agner.node().register("svc", second));
        assertEquals("svc", e.name());
        assertEquals(first, e.holder());
        NameTakenException spawned = assertThrows(NameTakenException.class,
                () -> agner.node().spawn(ctx -> { }, SpawnOptions.DEFAULT.withName("svc")));
        assertEquals(first, spawned.holder());
    }

    @Test
    void register_thenWhereisFindsIt() {
        Pid p = agner.probe().pid();
        agner.node().register("svc", p);
        assertEquals(Optional.of(p), agner.node().whereis("svc"));
        assertEquals(Set.of("svc"), agner.node().registered());
        assertEquals(Optional.of("svc"), agner.node().info(p).orElseThrow().registeredName());
    }

    @Test
    void register_duplicateName_fails() {
        Pid first = agner.probe().pid();
        Pid second = agner.probe().pid();
        agner.node().register("svc", first);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> agner.node().register("svc", second));
        assertTrue(e.getMessage().contains("'svc'") && e.getMessage().contains(first.toString()), e.getMessage());
        assertEquals(Optional.of(first), agner.node().whereis("svc"));
    }

    @Test
    void register_secondNameForSameProcess_fails() {
        Pid p = agner.probe().pid();
        agner.node().register("one", p);
        assertThrows(IllegalArgumentException.class, () -> agner.node().register("two", p));
        assertEquals(Optional.empty(), agner.node().whereis("two"));
    }

    @Test
    void register_deadPid_fails() {
        Probe probe = agner.probe();
        Pid dead = agner.node().spawn(ctx -> {});
        probe.run(ctx -> ctx.monitor(dead));
        probe.next(Signal.Down.class);

        assertThrows(IllegalArgumentException.class, () -> agner.node().register("ghost", dead));
        assertEquals(Optional.empty(), agner.node().whereis("ghost"));
    }

    @Test
    void register_nameReleasedOnExit() {
        Probe probe = agner.probe();
        Pid p = agner.node().spawn(LinkTest.CRASH_ON_DEMAND, SpawnOptions.DEFAULT.withName("svc"));
        probe.run(ctx -> ctx.monitor(p));

        agner.node().send("svc", "crash");
        probe.next(Signal.Down.class);

        // Released before the Down was sent: a restarter can take the name at once.
        assertEquals(Optional.empty(), agner.node().whereis("svc"));
        Pid successor = agner.probe().pid();
        agner.node().register("svc", successor);
        assertEquals(Optional.of(successor), agner.node().whereis("svc"));
    }

    @Test
    void spawn_withTakenName_failsWithoutStarting() {
        agner.node().register("svc", agner.probe().pid());
        int before = agner.node().processes().size();

        assertThrows(IllegalArgumentException.class,
                () -> agner.node().spawn(ctx -> {}, SpawnOptions.DEFAULT.withName("svc")));

        assertEquals(before, agner.node().processes().size());
    }

    @Test
    void unregister_releasesTheName() {
        Pid p = agner.probe().pid();
        agner.node().register("svc", p);

        assertTrue(agner.node().unregister("svc"));
        assertFalse(agner.node().unregister("svc"));

        assertEquals(Optional.empty(), agner.node().whereis("svc"));
        assertEquals(Optional.empty(), agner.node().info(p).orElseThrow().registeredName());
        agner.node().register("other", p); // one name again allowed
    }

    @Test
    void register_fromInsideTheProcess() {
        Probe probe = agner.probe();
        probe.run(ctx -> ctx.register("me"));
        assertEquals(Optional.of(probe.pid()), agner.node().whereis("me"));
    }
}
