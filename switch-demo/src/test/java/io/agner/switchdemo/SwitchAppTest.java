package io.agner.switchdemo;

import io.agner.hotswap.CodeServer;
import io.agner.hotswap.Upgrade;
import io.agner.runtime.ExitReason;
import io.agner.runtime.Pid;
import io.agner.runtime.ProcessInfo;
import io.agner.supervisor.ChildInfo;
import io.agner.supervisor.Supervisor;
import io.agner.switchdemo.billing.Cdr;
import io.agner.switchdemo.billing.api.Outcome;
import io.agner.switchdemo.call.Exchange;
import io.agner.switchdemo.report.SwitchReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SwitchAppTest {

    @TempDir
    Path dir;

    /** The CDRs by call id, without the position of their call record (which a restart may shift). */
    static List<Cdr> normalised(List<Cdr> cdrs) {
        return cdrs.stream().map(c -> new Cdr(c.callId(), c.caller(), c.callee(), c.outcome(), c.answeredAt(),
                        c.clearedAt(), c.seconds(), c.chargeMicros(), c.tariff(), c.billingVersion(), 0))
                .sorted(Comparator.comparingLong(Cdr::callId)).toList();
    }

    static List<Cdr> run(Path dir) {
        try (SwitchHarness h = new SwitchHarness(dir, SwitchHarness.SMALL)) {
            h.feedAll();
            h.awaitCaughtUp();
            return SwitchReport.cdrs(h.log);
        }
    }

    @Test
    void sameSeed_noFaults_givesIdenticalCallRecords() {
        List<Cdr> first = run(dir.resolve("one"));
        List<Cdr> second = run(dir.resolve("two"));
        assertTrue(first.size() > 4000, "calls: " + first.size());
        assertEquals(normalised(first), normalised(second));
    }

    @Test
    void measuredBlocking_matchesErlangB_andEveryCallIsAccountedFor() {
        try (SwitchHarness h = new SwitchHarness(dir, SwitchHarness.SMALL)) {
            h.feedAll();
            h.awaitCaughtUp();
            SwitchReport r = h.report();
            assertTrue(r.erlangBHolds(), r.render());
            assertEquals(h.generator.calls(), r.calls(), r.render());
            assertEquals(r.calls(), r.outcomes().get(Outcome.COMPLETED) + r.outcomes().get(Outcome.BLOCKED), r.render());
            assertEquals(r.calls(), r.cdrs());
            assertEquals(0, r.duplicateCdrs());
            assertEquals(r.events(), r.eventsConsumed());
            assertEquals(0, r.deadLetters());
            long linesUsed = SwitchReport.cdrs(h.log).stream().flatMap(c -> java.util.stream.Stream.of(c.caller(), c.callee()))
                    .filter(n -> !n.isEmpty()).distinct().count();
            await().until(() -> Supervisor.countChildren(h.node, Exchange.LINES).active() == h.app.exchange().activeLines());
            int alive = Supervisor.countChildren(h.node, Exchange.LINES).active();
            assertTrue(alive < linesUsed, "idle lines are deactivated: " + alive + " line processes for " + linesUsed + " lines used");
        }
    }

    @Test
    void killedCallAndLine_dropOnlyTheirCalls_andNothingIsLost() {
        try (SwitchHarness h = new SwitchHarness(dir, SwitchHarness.SMALL)) {
            h.feedUntil(h.middle());
            h.awaitCaughtUp();
            List<Pid> calls = callProcesses(h);
            assertTrue(calls.size() >= 2, "calls in progress: " + calls.size());
            h.node.exit(calls.get(0), ExitReason.KILL);
            await().until(() -> h.app.exchange().dropped() == 1);
            Pid line = lineOf(h, calls.get(1));
            h.node.exit(line, ExitReason.KILL);
            await().until(() -> h.app.exchange().dropped() == 2);
            h.feedAll();
            h.awaitCaughtUp();
            SwitchReport r = h.report();
            assertEquals(2, r.outcomes().get(Outcome.DROPPED), r.render());
            assertEquals(h.generator.calls(), r.calls(), r.render());
            assertEquals(r.calls(), r.cdrs());
            assertEquals(r.events(), r.eventsConsumed());
            assertEquals(0, r.outcomes().get(Outcome.BUSY), r.render());
        }
    }

    @Test
    void liveBillingUpgrade_midRun_splitsCdrsAtOneOffset_andLosesNothing() throws Exception {
        try (SwitchHarness h = new SwitchHarness(dir, SwitchHarness.SMALL)) {
            Thread feeder = Thread.ofPlatform().start(h::feedAll);
            await().until(() -> h.app.billing().cdrs() > 1000);
            Upgrade upgrade = CodeServer.load(h.node, SwitchHarness.BILLING_V2);
            assertTrue(upgrade.committed(), upgrade.toString());
            assertTrue(upgrade.processes().getFirst().paused().toNanos() > 0, "the pause is reported: " + upgrade);
            feeder.join();
            h.awaitCaughtUp();
            SwitchReport r = h.report();
            assertTrue(r.cdrsByVersion()[1] > 0 && r.cdrsByVersion()[2] > 0, r.render());
            assertTrue(r.lastV1Offset() < r.firstV2Offset(), r.render());
            assertEquals(r.calls(), r.cdrs(), r.render());
            assertEquals(0, r.outcomes().get(Outcome.DROPPED), r.render());
            assertEquals(r.calls(), r.outcomes().get(Outcome.COMPLETED) + r.outcomes().get(Outcome.BLOCKED), r.render());
            for (Cdr cdr : SwitchReport.cdrs(h.log)) {
                assertEquals(cdr.callsOffset() < r.firstV2Offset() ? 1 : 2, cdr.billingVersion(), cdr.toString());
            }
        }
    }

    static List<Pid> callProcesses(SwitchHarness h) {
        return Supervisor.whichChildren(h.node, Exchange.CALLS).stream().map(ChildInfo::pid)
                .flatMap(Optional::stream).toList();
    }

    static Pid lineOf(SwitchHarness h, Pid call) {
        ProcessInfo info = h.node.info(call).orElseThrow();
        return info.links().stream()
                .filter(p -> h.node.info(p).flatMap(ProcessInfo::registeredName).orElse("").startsWith("line-"))
                .findFirst().orElseThrow();
    }
}
