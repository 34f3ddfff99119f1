package io.agner.switchdemo;

import io.agner.switchdemo.report.SwitchReport;
import io.agner.switchdemo.topic.Cdr;
import io.agner.switchdemo.topic.SwitchTopics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static io.agner.testkit.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 7, restart: the demo's node is SIGKILLed mid-run in a child JVM, more than once, then
 * resumed on the same log folder; it must resume from the committed offset and bill every call
 * exactly once, with the very CDRs an uninterrupted run of the same traffic gives. A node resumed
 * on a finished run must see that it has nothing left to do.
 */
class SwitchRestartTest {

    /**
     * The exchange's consumed-events count (cumulative: restored from its checkpoint) from which
     * each successive child is killed, at its next status line (one a second). The traffic has
     * about 19,600 events and a child appends at most {@value #RATE} a second, so even a child that
     * overshoots its mark by a few status lines is killed with seconds of traffic still to go.
     */
    private static final long[] KILL_AT = {1_500, 4_000, 7_000};
    private static final int RATE = 1_500;
    /** Only for failures: the run itself needs a few seconds per child. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /** How {@code Process.exitValue()} reports a SIGKILL on Linux: 128 + 9. */
    private static final int KILLED_BY_SIGKILL = 137;

    @TempDir
    Path dir;

    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void killLeftoverChildren() throws InterruptedException {
        for (Process p : children) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void restart_afterSigkill_resumesWithoutDuplicateCdrs() throws Exception {
        Path data = dir.resolve("killed");
        List<Long> killedAt = new ArrayList<>();          // events consumed, by the status line before each kill
        for (long mark : KILL_AT) {
            DemoChild child = DemoChild.start(data, dir.resolve("run"), children);
            killedAt.add(child.awaitEventsConsumed(mark));
            child.sigkill();
        }

        List<Cdr> resumed;
        try (SwitchHarness h = new SwitchHarness(data, SwitchHarness.SMALL)) {
            long eventsAtLastKill = h.log.endOffset(SwitchTopics.EVENTS);   // nothing appends before feedAll
            h.feedAll();
            h.awaitCaughtUp();
            SwitchReport r = h.report();
            resumed = SwitchReport.cdrs(h.log);
            String context = r.render() + "children killed at " + killedAt + " events consumed";
            assertTrue(eventsAtLastKill < r.events(), "the children were not killed mid-run: they had appended "
                    + eventsAtLastKill + " of the " + r.events() + " events\n" + context);
            Set<Long> billed = new HashSet<>();
            for (Cdr cdr : resumed) {
                assertTrue(billed.add(cdr.callId()), () -> "call " + cdr.callId() + " has a second CDR: " + cdr + "\n" + context);
            }
            assertEquals(h.generator.calls(), r.calls(), context);
            assertEquals(r.calls(), resumed.size(), context);
            assertEquals(r.calls(), r.cdrs(), context);
            assertEquals(0, r.duplicateCdrs(), context);
            assertEquals(r.events(), r.eventsConsumed(), context);
            assertEquals(0, r.deadLetters(), context);
        }

        List<Cdr> uninterrupted = SwitchAppTest.run(dir.resolve("uninterrupted"));
        assertTrue(uninterrupted.size() > 4000, "calls: " + uninterrupted.size());
        assertEquals(SwitchAppTest.normalised(uninterrupted), SwitchAppTest.normalised(resumed),
                "children killed at " + killedAt + " events consumed");
    }

    @Test
    void restart_afterTheRunFinished_isCaughtUpAndBillsNothingAgain() {
        Path data = dir.resolve("finished");
        List<Cdr> billed = SwitchAppTest.run(data);
        try (SwitchHarness h = new SwitchHarness(data, SwitchHarness.SMALL)) {
            h.feedAll();                          // nothing to feed: every event is in the log
            h.awaitCaughtUp();                    // billing has no call record left to read, yet must say where it stands
            assertEquals(billed, SwitchReport.cdrs(h.log));
            assertEquals(0, h.report().duplicateCalls(), h.report().render());
        }
    }

    /**
     * {@code SwitchDemo} in a child JVM on the test's traffic, paced, without faults or upgrade; a
     * thread reads its output and keeps the last status line's consumed-events count.
     */
    private static final class DemoChild {

        private static final String NODE = "restart-" + ProcessHandle.current().pid();
        private static final int OUTPUT_LINES_KEPT = 40;

        private final Process process;
        private final AtomicLong eventsConsumed = new AtomicLong(-1);
        private final Deque<String> output = new ArrayDeque<>();     // guarded by itself
        private volatile boolean finishedOnItsOwn;

        private DemoChild(Process process) {
            this.process = process;
        }

        /**
         * Starts the demo on log folder {@code data}; {@code runtimeDir} holds its control socket
         * (as {@code XDG_RUNTIME_DIR}), away from other tests' and users' nodes.
         */
        static DemoChild start(Path data, Path runtimeDir, List<Process> started) throws IOException {
            String java = ProcessHandle.current().info().command().orElseThrow();
            String classpath = String.join(File.pathSeparator, "target/classes", "target/test-classes",
                    Files.readString(Path.of("target/test-classpath.txt")).strip());
            ProcessBuilder pb = new ProcessBuilder(java, "--add-opens", "java.base/java.lang=ALL-UNNAMED", "-ea", "-Xmx256m", "-XX:+UseSerialGC",
                    "-Duser.language=en", "-Duser.country=US", "-cp", classpath, SwitchDemo.class.getName(),
                    "--areas", "1", "--subscribers", "400", "--trunks", "10", "--erlangs", "7", "--holding", "30", "--hours", "6",
                    "--seed", "42", "--faults=off", "--upgrade=off", "--bad-events=off", "--rate", String.valueOf(RATE),
                    "--data", data.toString(), "--billing-dir", ".", "--node", NODE)
                    .redirectErrorStream(true);
            pb.environment().put("XDG_RUNTIME_DIR", runtimeDir.toString());
            Process process = pb.start();
            started.add(process);
            DemoChild child = new DemoChild(process);
            Thread.ofPlatform().daemon().name("switch-demo-child-output").start(child::readOutput);
            return child;
        }

        private void readOutput() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    synchronized (output) {
                        output.addLast(line);
                        if (output.size() > OUTPUT_LINES_KEPT) {
                            output.removeFirst();
                        }
                    }
                    if (line.startsWith("sim ")) {
                        eventsConsumed.set(parseEvents(line));
                    } else if (line.startsWith("=== final report ===")) {
                        finishedOnItsOwn = true;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("reading the switch demo's output", e);
            }
        }

        /** "sim 01-05 00:56 | events 3,072 (3,024/s) | active calls ..." → 3072. */
        private static long parseEvents(String status) {
            int from = status.indexOf("| events ") + "| events ".length();
            int to = status.indexOf(" (", from);
            if (from < "| events ".length() || to < 0) {
                throw new IllegalStateException("unexpected status line: " + status);
            }
            return Long.parseLong(status.substring(from, to).replaceAll("[^0-9]", ""));
        }

        /** Waits for a status line reporting at least {@code events} consumed; returns its count. */
        long awaitEventsConsumed(long events) {
            await("the child's exchange to consume " + events + " events")
                    .atMost(PATIENCE)
                    .failFast("the child exited or finished before it could be killed", () -> assertTrue(
                            process.isAlive() && !finishedOnItsOwn, () -> "the child's last output:\n" + output()))
                    .until(() -> eventsConsumed.get() >= events);
            return eventsConsumed.get();
        }

        /** Kills the child with SIGKILL (no shutdown hooks, no clean close of the log) and waits until it is gone. */
        void sigkill() throws InterruptedException {
            process.destroyForcibly();
            assertTrue(process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS), "the child outlived its SIGKILL");
            assertEquals(KILLED_BY_SIGKILL, process.exitValue(), "the child ended otherwise than by SIGKILL:\n" + output());
            assertFalse(finishedOnItsOwn, "the child finished its traffic before the kill:\n" + output());
        }

        String output() {
            synchronized (output) {
                return String.join("\n", output);
            }
        }
    }
}
