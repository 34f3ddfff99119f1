package io.agner.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.agner.testkit.LogCapture;
import io.agner.testkit.Probe;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Overload made visible (issue 19, item 6): a node-wide high-water mark that logs a flood once,
 * and a per-process limit that kills, as Erlang's {@code max_heap_size} does.
 */
class MailboxOverloadTest {

    /** Small enough to flood in a test; the node then looks every 16 messages (a quarter of it). */
    private static final int MARK = 64;

    @RegisterExtension
    final LogCapture log = new LogCapture("io.agner.mailbox");

    private Node node;

    @BeforeEach
    void start() {
        node = Node.start(NodeConfig.DEFAULT.withShutdownTimeout(Duration.ofMillis(500)).withMailboxHighWater(MARK));
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private void send(Pid to, int count) {
        for (int i = 0; i < count; i++) {
            node.send(to, i);
        }
    }

    private List<ILoggingEvent> warnings() {
        return log.events().stream().filter(e -> e.getLevel() == Level.WARN).toList();
    }

    @Test
    void highWaterMark_warnsOncePerFlood_andAgainOnlyAfterDrainingBelowHalf() throws Exception {
        CountDownLatch takeHalf = new CountDownLatch(1);
        CountDownLatch takeAll = new CountDownLatch(1);
        Probe probe = Probe.spawn(node);
        Pid flooded = node.spawn(ctx -> {
            takeHalf.await();
            for (int i = 0; i < 50; i++) {
                ctx.receive();
            }
            ctx.send(probe.pid(), "took 50");
            takeAll.await();
            for (int i = 0; i < 150; i++) {
                ctx.receive();
            }
            ctx.send(probe.pid(), "took all");
            ctx.receive(m -> m.equals("never")); // keeps the rest waiting, as skipped messages
        }, SpawnOptions.DEFAULT.withName("flooded"));

        send(flooded, 100);
        assertEquals(1, warnings().size(), "one warning for a flood past the mark: " + log.messages());
        String text = warnings().getFirst().getFormattedMessage();
        assertTrue(text.contains(flooded.toString()) && text.contains("'flooded'") && text.contains(String.valueOf(MARK)), text);

        takeHalf.countDown();
        assertEquals("took 50", probe.next());
        send(flooded, 100); // 50 left, never below half the mark: still the same flood
        assertEquals(1, warnings().size(), "no new warning before it drained below half: " + log.messages());

        takeAll.countDown();
        assertEquals("took all", probe.next());
        send(flooded, 100); // drained: a new flood
        assertEquals(2, warnings().size(), "a second warning for a second flood: " + log.messages());
    }

    @Test
    void highWaterMark_zero_neverWarns() {
        try (Node quiet = Node.start(NodeConfig.DEFAULT.withMailboxHighWater(0))) {
            Pid p = quiet.spawn(ctx -> ctx.receive(m -> m.equals("never")));
            for (int i = 0; i < 10_000; i++) {
                quiet.send(p, i);
            }
            assertEquals(10_000, quiet.info(p).orElseThrow().mailboxLength());
        }
        assertEquals(List.of(), log.messages());
    }

    @Test
    void killAbove_killsTheProcessWithItsCount_andItsMonitorSeesTheReason() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        Pid p = node.spawn(ctx -> never.await(), SpawnOptions.DEFAULT.withMailboxKillAbove(10).withName("slow"));
        Probe watcher = Probe.spawn(node);
        watcher.run(ctx -> ctx.monitor(p));

        send(p, 10);
        assertEquals(10, node.info(p).orElseThrow().mailboxLength(), "at the limit: alive, nothing dropped");

        node.send(p, "one too many");

        Signal.Down down = watcher.next(Signal.Down.class);
        assertEquals(ExitReason.of(new MailboxOverflow(10, 11)), down.reason());
        assertEquals("{mailbox_overflow, 11}", down.reason().toString());
        List<ILoggingEvent> kills = log.events().stream().filter(e -> e.getLevel() == Level.ERROR).toList();
        assertEquals(1, kills.size(), "one report of the kill: " + log.messages());
        String text = kills.getFirst().getFormattedMessage();
        assertTrue(text.contains(p.toString()) && text.contains("'slow'") && text.contains("10"), text);
    }

    @Test
    void killAbove_isNotTrappable_andALinkedProcessSeesTheReason() {
        Probe linked = Probe.spawn(node, SpawnOptions.DEFAULT.withTrapExit(true));
        Pid p = linked.call(ctx -> ctx.spawn(c -> c.receive(m -> m.equals("never")),
                SpawnOptions.DEFAULT.withLink(true).withTrapExit(true).withMailboxKillAbove(3)));

        send(p, 4);

        assertEquals(new Signal.Exit(p, ExitReason.of(new MailboxOverflow(3, 4))), linked.next(Signal.Exit.class));
    }

    /** The bounded mailbox's kill ({@link Overflow#EXIT_RECEIVER}) is reported too, once however many sends find it full. */
    @Test
    void exitReceiver_fullMailboxKill_isLoggedOnce() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        Pid p = node.spawn(ctx -> never.await(),
                SpawnOptions.DEFAULT.withMailbox(2, Overflow.EXIT_RECEIVER).withName("bounded"));
        Probe watcher = Probe.spawn(node);
        watcher.run(ctx -> ctx.monitor(p));

        send(p, 5);

        assertEquals(ExitReason.of("mailbox_overflow"), watcher.next(Signal.Down.class).reason());
        List<ILoggingEvent> kills = log.events().stream().filter(e -> e.getLevel() == Level.ERROR).toList();
        assertEquals(1, kills.size(), "one report of the kill: " + log.messages());
        String text = kills.getFirst().getFormattedMessage();
        assertTrue(text.contains(p.toString()) && text.contains("'bounded'") && text.contains("EXIT_RECEIVER"), text);
    }

    @Test
    void negativeLimits_areRejectedWithTheirValue() {
        assertEquals("mailboxKillAbove must be >= 0 (0 = no limit), was -1",
                assertThrows(IllegalArgumentException.class, () -> SpawnOptions.DEFAULT.withMailboxKillAbove(-1)).getMessage());
        assertEquals("mailboxHighWater must be >= 0 (0 = off), was -1",
                assertThrows(IllegalArgumentException.class, () -> NodeConfig.DEFAULT.withMailboxHighWater(-1)).getMessage());
    }
}
