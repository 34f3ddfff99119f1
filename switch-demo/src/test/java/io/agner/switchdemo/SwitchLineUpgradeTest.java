package io.agner.switchdemo;

import io.agner.behaviour.StateMachine;
import io.agner.behaviour.Sys;
import io.agner.hotswap.CodeServer;
import io.agner.hotswap.Upgrade;
import io.agner.runtime.ProcessInfo;
import io.agner.switchdemo.topic.Cdr;
import io.agner.switchdemo.topic.SwitchTopics;
import io.agner.switchdemo.billing.api.Outcome;
import io.agner.switchdemo.call.ExchangeStatus;
import io.agner.switchdemo.ingest.TrafficConfig;
import io.agner.switchdemo.report.SwitchReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static io.agner.testkit.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15, item 5: the line module upgraded where it is hard. Thousands of live line processes
 * go from {@code line@1} to {@code line@2} in one {@code CodeServer.load} while the exchange is
 * signalling them, and the run is the same run: no call dropped, no event lost, every CDR equal to
 * the one of a run of the same seed without the upgrade.
 */
class SwitchLineUpgradeTest {

    /**
     * Many subscribers, and lines kept alive for the whole run (idle deactivation after the run's
     * length), so that by the upgrade nearly every subscriber has a live line process.
     */
    static final TrafficConfig MANY_LINES = TrafficConfig.DEFAULT.withSubscribers(3_000).withTrunks(24).withOfferedErlangs(20)
            .withMeanHolding(Duration.ofSeconds(30)).withDuration(Duration.ofHours(4));
    static final Duration LINE_IDLE = Duration.ofHours(4);

    @TempDir
    Path dir;

    @Test
    void everyLiveLine_upgradedInOneCommand_midTraffic_changesNoDecision() throws Exception {
        List<Cdr> withoutUpgrade;
        try (SwitchHarness h = new SwitchHarness(dir.resolve("plain"), MANY_LINES, LINE_IDLE)) {
            h.feedAll();
            h.awaitCaughtUp();
            withoutUpgrade = SwitchReport.cdrs(h.log);
        }

        try (SwitchHarness h = new SwitchHarness(dir.resolve("upgraded"), MANY_LINES, LINE_IDLE)) {
            // The first half of the traffic, consumed: calls are in progress, thousands of lines live.
            h.feedUntil(h.middle());
            await().atMost(Duration.ofMinutes(2)).until(() -> h.app.exchange().nextOffset() == h.log.endOffset(SwitchTopics.EVENTS));
            ExchangeStatus before = h.app.exchange();
            assertTrue(before.activeCalls() > 0, "calls in progress at the upgrade");
            assertTrue(lines(h).size() >= 1_000, "thousands of live lines: " + lines(h).size());

            // The second half flows in while the lines are upgraded.
            Thread traffic = Thread.ofPlatform().start(h::feedAll);
            Upgrade u = CodeServer.load(h.node, SwitchHarness.LINE_V2);

            ExchangeStatus after = h.app.exchange();
            assertTrue(u.committed(), "the upgrade commits: " + u.failure());
            assertEquals("1", u.from());
            assertEquals("2", u.to());
            assertTrue(u.processes().size() >= 1_000, "thousands of lines: " + u.processes().size());
            assertTrue(u.processes().stream().allMatch(Upgrade.ProcessResult::upgraded), u.processes().toString());
            Duration window = u.processes().stream().map(Upgrade.ProcessResult::paused).max(Duration::compareTo).orElse(Duration.ZERO);
            System.out.printf("line@1 -> line@2: %d line processes upgraded in one command, in the middle of traffic "
                            + "(exchange at event %,d before, %,d after, %d active calls); suspension window (longest pause) %.3f ms%n",
                    u.processes().size(), before.events(), after.events(), before.activeCalls(), window.toNanos() / 1e6);

            List<ProcessInfo> lines = lines(h);
            assertTrue(lines.size() >= u.processes().size(), "every upgraded line is alive: " + lines.size());
            for (ProcessInfo line : lines) { // traffic goes on: a line may be starting, not yet labelled
                assertNotEquals(Optional.of("line@1"), line.moduleVersion(), line.registeredName() + " runs v2");
            }

            traffic.join();
            h.awaitCaughtUp();
            for (ProcessInfo line : lines(h)) {
                assertEquals(Optional.of("line@2"), line.moduleVersion(), line.registeredName() + " runs v2");
            }
            long connected = 0;
            for (ProcessInfo line : lines(h)) {
                Object data = ((StateMachine.Snapshot<?, ?>) Sys.getState(h.node, line.pid(), Duration.ofSeconds(10))).data();
                connected += (Long) SwitchLineTest.component(data, "connected");
            }
            assertTrue(connected > 0, "v2 counts the calls its lines were connected in");

            SwitchReport r = h.report();
            ExchangeStatus x = h.app.exchange();
            assertEquals(0, x.dropped(), "no call dropped: " + r.render());
            assertEquals(0, r.outcomes().get(Outcome.DROPPED), r.render());
            assertEquals(h.generator.calls(), r.calls(), "every generated call has its record: " + r.render());
            assertEquals(r.events(), x.events(), "each event consumed once: " + r.render());
            assertEquals(r.events(), r.eventsConsumed(), "the committed offset is the log's end");
            assertEquals(0, x.rejected());
            assertEquals(0, x.lineCrashes(), "no line crashed");
            assertEquals(0, x.callCrashes(), "no call process crashed");
            assertFalse(withoutUpgrade.isEmpty());
            assertEquals(SwitchAppTest.normalised(withoutUpgrade), SwitchAppTest.normalised(SwitchReport.cdrs(h.log)),
                    "every decision is the one of the run without the upgrade");
        }
    }

    /** The live line processes: registered as {@code line-<number>}. */
    static List<ProcessInfo> lines(SwitchHarness h) {
        return h.node.processes().stream().filter(p -> p.registeredName().orElse("").startsWith("line-")).toList();
    }
}
