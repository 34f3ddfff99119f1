package io.agner.switchdemo;

import io.agner.hotswap.ControlServer;
import io.agner.runtime.ServerRef;
import io.agner.cli.Agner;
import io.agner.runtime.ExitReason;
import io.agner.runtime.Pid;
import io.agner.runtime.ProcessInfo;
import io.agner.supervisor.ChildInfo;
import io.agner.supervisor.Supervisor;
import io.agner.switchdemo.billing.BillingHost;
import io.agner.switchdemo.billing.api.CallRecord;
import io.agner.switchdemo.billing.api.Outcome;
import io.agner.switchdemo.call.Exchange;
import io.agner.switchdemo.call.ExchangeStatus;
import io.agner.switchdemo.ingest.BadEvents;
import io.agner.switchdemo.log.ProducerRecord;
import io.agner.switchdemo.report.SwitchReport;
import io.agner.switchdemo.topic.Cdr;
import io.agner.switchdemo.topic.SwitchTopics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

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
            await().until(() -> Supervisor.countChildren(h.node, ServerRef.named(Exchange.LINES)).active() == h.app.exchange().activeLines());
            int alive = Supervisor.countChildren(h.node, ServerRef.named(Exchange.LINES)).active();
            assertTrue(alive < linesUsed, "idle lines are deactivated: " + alive + " line processes for " + linesUsed + " lines used");
        }
    }

    /**
     * Faults hit only their own calls: a killed call process and a killed line drop exactly their
     * two calls (their circuits stay busy until their callers hang up, as in a fault-free run), so
     * every other call record is the fault-free run's and no call is abandoned; a billing crash
     * mid-run is restarted by its supervisor and bills every call exactly once.
     */
    @Test
    void killedCallAndLine_dropOnlyTheirCalls_andNothingIsLost() throws Exception {
        Map<Long, CallRecord> faultFree;
        try (SwitchHarness clean = new SwitchHarness(dir.resolve("fault-free"), SwitchHarness.SMALL)) {
            clean.feedAll();
            clean.awaitCaughtUp();
            faultFree = SwitchLineTest.calls(clean);
        }
        try (SwitchHarness h = new SwitchHarness(dir.resolve("faults"), SwitchHarness.SMALL)) {
            h.feedUntil(h.middle());
            h.awaitCaughtUp();
            List<Pid> calls = callProcesses(h);
            assertTrue(calls.size() >= 2, "calls in progress: " + calls.size());
            h.node.exit(calls.get(0), ExitReason.KILL);
            await().until(() -> h.app.exchange().dropped() == 1);
            Pid line = lineOf(h, calls.get(1));
            h.node.exit(line, ExitReason.KILL);
            await().until(() -> h.app.exchange().dropped() == 2);
            long cdrsBefore = h.app.billing().cdrs();

            Thread secondHalf = Thread.ofPlatform().start(h::feedAll);
            await().until(() -> h.app.billing().cdrs() > cdrsBefore);         // billing is at work on the second half
            Pid billing = h.node.whereis(BillingHost.BILLING).orElseThrow();
            h.node.exit(billing, ExitReason.KILL);
            secondHalf.join();
            h.awaitCaughtUp();
            await().until(() -> h.app.restarts().billing() == 1);
            assertTrue(h.node.whereis(BillingHost.BILLING).filter(p -> !p.equals(billing)).isPresent(), "billing runs again");
            assertEquals(1, h.app.restarts().lines(), "the killed line was restarted: " + h.app.restarts());

            SwitchReport r = h.report();
            assertEquals(2, r.outcomes().get(Outcome.DROPPED), r.render());
            assertEquals(0, r.outcomes().get(Outcome.ABANDONED), r.render());
            assertEquals(0, r.outcomes().get(Outcome.BUSY), r.render());
            assertEquals(h.generator.calls(), r.calls(), r.render());
            assertEquals(r.calls(), r.cdrs(), r.render());
            assertEquals(0, r.duplicateCdrs(), r.render());
            assertEquals(r.events(), r.eventsConsumed());

            Map<Long, CallRecord> faulted = SwitchLineTest.calls(h);
            Set<Long> dropped = faulted.values().stream().filter(c -> c.outcome() == Outcome.DROPPED)
                    .map(CallRecord::callId).collect(Collectors.toSet());
            assertEquals(faultFree.keySet(), faulted.keySet(), "the same calls");
            for (long id : dropped) {
                assertEquals(Outcome.COMPLETED, faultFree.get(id).outcome(), "a dropped call was one in progress");
            }
            Map<Long, CallRecord> others = new TreeMap<>(faulted);
            others.keySet().removeAll(dropped);
            Map<Long, CallRecord> expected = new TreeMap<>(faultFree);
            expected.keySet().removeAll(dropped);
            assertEquals(expected, others, "every call but the dropped ones is the fault-free run's");
        }
    }

    /**
     * Billing v1 → v2 through the control channel, as {@code bin/agner load} does it, while the
     * switch works: the CDRs split at one {@code calls} offset, no call record is lost or billed
     * twice, and every event is consumed once (or dead-lettered).
     */
    @Test
    void liveBillingUpgrade_midRun_splitsCdrsAtOneOffset_andLosesNothing() throws Exception {
        Path sockets = dir.resolve("sockets");
        try (SwitchHarness h = new SwitchHarness(dir.resolve("log"), SwitchHarness.SMALL);
             ControlServer control = ControlServer.start(h.node, "switch-test", sockets)) {
            Thread firstHalf = Thread.ofPlatform().start(() -> h.feedUntil(h.middle()));
            await().until(() -> h.app.billing().cdrs() > 1000);
            StringWriter output = new StringWriter();
            PrintWriter out = new PrintWriter(output, true);
            int status = Agner.run(sockets, out, out, "--node", "switch-test", "load", SwitchHarness.BILLING_V2.toString());
            assertEquals(0, status, output.toString());
            assertTrue(output.toString().contains("billing 1 -> 2: committed"), output.toString());
            assertTrue(output.toString().contains("upgraded") && output.toString().contains("(paused "),
                    "the pause is reported: " + output);
            firstHalf.join();
            List<byte[]> bad = BadEvents.samples(h.traffic);
            for (byte[] value : bad) {
                h.log.producer().append(ProducerRecord.of(SwitchTopics.EVENTS, null, value));
            }
            h.feedAll();
            h.awaitCaughtUp();

            SwitchReport r = h.report();
            assertTrue(r.cdrsByVersion()[1] > 0 && r.cdrsByVersion()[2] > 0, r.render());
            assertTrue(r.lastV1Offset() < r.firstV2Offset(), r.render());
            for (Cdr cdr : SwitchReport.cdrs(h.log)) {
                assertEquals(cdr.callsOffset() < r.firstV2Offset() ? 1 : 2, cdr.billingVersion(), cdr.toString());
            }
            assertEquals(h.generator.calls(), r.calls(), "every generated call has its record: " + r.render());
            assertEquals(0, r.duplicateCalls(), r.render());
            assertEquals(r.calls(), r.cdrs(), r.render());
            assertEquals(0, r.duplicateCdrs(), r.render());
            assertEquals(0, r.outcomes().get(Outcome.DROPPED), r.render());
            assertEquals(r.calls(), r.outcomes().get(Outcome.COMPLETED) + r.outcomes().get(Outcome.BLOCKED), r.render());

            ExchangeStatus x = h.app.exchange();
            assertEquals(bad.size(), r.deadLetters(), r.render());
            assertEquals(bad.size(), x.rejected());
            assertEquals(r.events(), x.events(), "each event consumed once");
            assertEquals(r.events(), (x.events() - x.rejected()) + r.deadLetters(), "events = consumed + dead-lettered");
            assertEquals(r.events(), r.eventsConsumed(), "the committed offset is the log's end");
        }
    }

    static List<Pid> callProcesses(SwitchHarness h) {
        return Supervisor.whichChildren(h.node, ServerRef.named(Exchange.CALLS)).stream().map(ChildInfo::pid)
                .flatMap(Optional::stream).toList();
    }

    static Pid lineOf(SwitchHarness h, Pid call) {
        ProcessInfo info = h.node.info(call).orElseThrow();
        return info.links().stream()
                .filter(p -> h.node.info(p).flatMap(ProcessInfo::registeredName).orElse("").startsWith("line-"))
                .findFirst().orElseThrow();
    }
}
