package io.agner.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static io.agner.testkit.Await.await;

import io.agner.testkit.JfrCapture;
import io.agner.testkit.LogCapture;
import io.agner.testkit.NodeExtension;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import jdk.jfr.Enabled;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a node publishes about its processes: process counts, and JFR events for spawns, exits and overflowing mailboxes. */
class ObservabilityTest {

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    @RegisterExtension
    final LogCapture log = new LogCapture("io.agner.mailbox");

    @Test
    void processCounts_countSpawnsAndExits() throws Exception {
        Node node = agner.node();
        ProcessCounts before = node.processCounts();
        CountDownLatch release = new CountDownLatch(1);
        Pid waiting = node.spawn(ctx -> release.await());
        Pid quick = node.spawn(ctx -> { });
        await().until(() -> !node.isAlive(quick) && node.info(quick).isEmpty());
        await().until(() -> node.processCounts().exited() == before.exited() + 1);

        ProcessCounts now = node.processCounts();
        assertEquals(before.spawned() + 2, now.spawned());
        assertEquals(before.running() + 1, now.running());
        assertTrue(now.uptimeNanos() > before.uptimeNanos());
        assertTrue(node.isAlive(waiting));
        release.countDown();
    }

    @Test
    void spawnAndExitEvents_areOffByDefault_andCarryPidNameAndReason() throws Exception {
        Node node = agner.node();
        assertFalse(defaultEnabled("agner.ProcessSpawn"), "spawns would flood a default recording");
        assertFalse(defaultEnabled("agner.ProcessExit"));

        List<RecordedEvent> events = JfrCapture.record(List.of("agner.ProcessSpawn", "agner.ProcessExit"), () -> {
            Pid p = node.spawn(ctx -> {
                throw new IllegalStateException("boom");
            }, SpawnOptions.DEFAULT.withName("doomed"));
            await().until(() -> node.info(p).isEmpty());
        });

        RecordedEvent spawn = JfrCapture.named(events, "agner.ProcessSpawn").getFirst();
        assertEquals("doomed", spawn.getString("registeredName"));
        assertEquals(null, spawn.getString("parent"));
        RecordedEvent exit = JfrCapture.named(events, "agner.ProcessExit").stream()
                .filter(e -> e.getString("pid").equals(spawn.getString("pid"))).findFirst().orElseThrow();
        assertEquals("doomed", exit.getString("registeredName"), "the name it held as it exited");
        assertTrue(exit.getString("reason").contains("boom"), exit.getString("reason"));
        assertFalse(exit.getBoolean("orderly"));
    }

    @Test
    void aProcessKilledForItsMailbox_recordsAMailboxOverflowEvent() throws Exception {
        Node node = agner.node();
        CountDownLatch never = new CountDownLatch(1);
        List<RecordedEvent> events = JfrCapture.record(List.of("agner.MailboxOverflow"), () -> {
            Pid p = node.spawn(ctx -> never.await(), SpawnOptions.DEFAULT.withName("flooded").withMailboxKillAbove(10));
            for (int i = 0; i < 20; i++) {
                node.send(p, i);
            }
            await().until(() -> !node.isAlive(p));
        });

        RecordedEvent e = events.getFirst();
        assertEquals("killed", e.getString("kind"));
        assertEquals("flooded", e.getString("registeredName"));
        assertEquals(10, e.getLong("limit"));
        assertTrue(e.getLong("length") > 10, "length " + e.getLong("length"));
    }

    /** The event class's own default ({@code @Enabled}), read from the class: a type is registered with JFR only once used. */
    private static boolean defaultEnabled(String name) throws ClassNotFoundException {
        String simple = name.substring("agner.".length()) + "Event";
        Enabled enabled = Class.forName("io.agner.runtime.internal." + simple).getAnnotation(Enabled.class);
        return enabled == null || enabled.value();
    }
}
