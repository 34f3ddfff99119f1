package io.agner.hotswap;

import static io.agner.testkit.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.cli.Agner;
import io.agner.runtime.Node;
import io.agner.runtime.NodeConfig;
import io.agner.runtime.SchedulerKind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agner command end to end, in this JVM, against one node in a child JVM
 * ({@link ControlNodeMain}) shared by every test. Tests may run in any order, so none depends on
 * another's changes: only {@link #load_relativePath_upgrades_thenPurgeDropsTheOldVersion} commits
 * an upgrade (billing 1 → 2), and the others do not assert billing's version.
 */
class AgnerCliTest {

    @TempDir
    static Path tmp;

    private static Path dir;
    private static Process child;

    @BeforeAll
    static void startNode() throws IOException {
        dir = tmp.resolve("agner");
        Path jar = ModuleBuilder.billing(tmp, "1", false, -1);
        Path childErr = tmp.resolve("child.err");
        String java = ProcessHandle.current().info().command().orElseThrow();
        child = new ProcessBuilder(java, "--add-opens", "java.base/java.lang=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), ControlNodeMain.class.getName(),
                dir.toString(), jar.toString(), "cli")
                .redirectError(childErr.toFile())
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line;
        do { // logback may print its status first
            line = out.readLine();
            assertNotNull(line, () -> "the child node exited before READY: " + read(childErr));
        } while (!line.startsWith("READY "));
        Thread.ofVirtual().start(() -> out.lines().forEach(l -> {})); // keep its stdout drained
    }

    @AfterAll
    static void stopNode() throws InterruptedException {
        if (child != null) {
            child.destroy();
            child.waitFor();
        }
    }

    record Run(int status, String out, String err) {}

    private static Run agner(Path socketDir, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Agner.run(socketDir, new PrintWriter(out), new PrintWriter(err), args);
        return new Run(status, out.toString(), err.toString());
    }

    private static Run agner(String... args) {
        return agner(dir, args);
    }

    private static void assertFails(Run run, String reasonStart) {
        assertFails(run, 1, reasonStart);
    }

    /** No node to talk to: exit status 3. */
    private static void assertNoNode(Run run, String reasonStart) {
        assertFails(run, 3, reasonStart);
    }

    private static void assertFails(Run run, int status, String reasonStart) {
        assertEquals(status, run.status(), run.toString());
        assertTrue(run.err().startsWith("agner: " + reasonStart), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    @Test
    void nodes_listsTheRunningNode() {
        assertEquals(new Run(0, "cli  scheduler: agner\n", ""), agner("nodes"));
    }

    @Test
    void sched_showsAgnersSchedulerAndItsCarriers() {
        assertEquals(0, agner("tree").status()); // the node's supervisors answer: processes run on the carriers

        await().untilAsserted(() -> {   // counters are read without synchronising with the carriers
            Run sched = agner("sched", "--node", "cli");
            assertEquals(0, sched.status(), sched.toString());
            assertEquals("", sched.err());
            List<String> lines = sched.out().lines().toList();
            assertTrue(lines.get(0).matches("scheduler: agner, [\\d,]+ carriers?( \\([\\d,]+ retired\\))?, [\\d,]+ replacements? started, up [\\d,]+\\.\\d s"), sched.out());
            assertTrue(lines.get(1).matches("CARRIER  ROLE +ALIVE  CONTINUATIONS +RUN-NEXT HITS +STEALS +SPINS +PARKS  UTILISATION"), sched.out());
            List<Matcher> rows = lines.subList(2, lines.size()).stream().map(ControlFixture.CARRIER_ROW::matcher).toList();
            assertTrue(!rows.isEmpty() && rows.stream().allMatch(Matcher::matches), sched.out());
            assertTrue(rows.stream().anyMatch(r -> r.group(2).equals("carrier") && r.group(3).equals("yes") && ControlFixture.continuations(r) > 0), sched.out());
        });
    }

    @Test
    void sched_nodeOnTheJdksScheduler_saysSo_withoutATable() {
        Path jdkDir = tmp.resolve("jdk");
        try (Node jdk = Node.start(NodeConfig.DEFAULT.withScheduler(SchedulerKind.JDK)); ControlServer _ = ControlServer.start(jdk, "plain", jdkDir)) {
            assertEquals(new Run(0, "scheduler: jdk\nthe JDK's scheduler keeps no per-carrier counters\n", ""), agner(jdkDir, "sched"));
            assertEquals(new Run(0, "plain  scheduler: jdk\n", ""), agner(jdkDir, "nodes"));
        }
    }

    @Test
    void ps_tree_info_modules_answerFromTheOnlyNode() {
        Run ps = agner("ps");
        assertEquals(0, ps.status(), ps.toString());
        assertTrue(ps.out().contains("top_sup") && ps.out().contains("billing@"), ps.out());

        Run tree = agner("tree");
        assertEquals(0, tree.status(), tree.toString());
        assertTrue(tree.out().matches("(?s)<0\\.\\d+\\.0> supervisor \\(top_sup\\)\n  billing .*\n    cache .*"), tree.out());

        Run info = agner("--node", "cli", "info", "top_sup");
        assertEquals(0, info.status(), info.toString());
        assertTrue(info.out().contains("behaviour:         supervisor"), info.out());

        Run modules = agner("modules");
        assertEquals(0, modules.status(), modules.toString());
        assertTrue(modules.out().lines().anyMatch(l -> l.startsWith("billing ")), modules.out());
    }

    @Test
    void info_unknownPid_failsWithTheNodesReason() {
        assertFails(agner("info", "<0.99999.0>"), "no process <0.99999.0> on this node");
    }

    @Test
    void load_relativePath_upgrades_thenPurgeDropsTheOldVersion() throws IOException {
        Path jar = ModuleBuilder.billing(tmp, "2", true, -1);
        Path relative = Path.of("").toAbsolutePath().relativize(jar);

        Run load = agner("load", relative.toString());

        assertEquals(0, load.status(), load.toString());
        assertTrue(load.out().startsWith("billing 1 -> 2: committed\n  state: State: +currency (String)\n  <0."), load.out());
        assertEquals(0, agner("purge", "billing", "--soft").status());
        assertTrue(agner("modules").out().lines().anyMatch(l -> l.matches("billing +2 +1 +- +-")));
    }

    @Test
    void load_codeChangeThrows_failsWithOneLineNamingTheProcess() throws IOException {
        Matcher billing = Pattern.compile("\n  billing  (<0\\.\\d+\\.0>)  ").matcher(agner("tree").out());
        assertTrue(billing.find(), "billing's pid in the tree");
        Path throwing = ModuleBuilder.billing(tmp, "9", false, 0); // its codeChange throws for a count of 0: billing's

        Run load = agner("load", throwing.toString());

        assertFails(load, "upgrade of billing to 9 rolled back: process " + billing.group(1) + " failed: ");
        assertTrue(load.err().contains("cannot convert a count of 0"), load.err());
        assertTrue(agner("modules").out().lines().noneMatch(l -> l.startsWith("billing ") && l.contains(" 9 ")), "9 is not registered");
    }

    @Test
    void purge_unknownModule_fails() {
        assertFails(agner("purge", "nope"), "no module 'nope' is loaded");
    }

    @Test
    void purge_unknownOption_isAUsageError() {
        Run purge = agner("purge", "billing", "--bogus");
        assertEquals(2, purge.status(), purge.toString());
        assertTrue(purge.err().contains("Unknown option: '--bogus'"), purge.err());
    }

    @Test
    void load_badJar_fails() throws IOException {
        Path junk = Files.writeString(tmp.resolve("junk.jar"), "not a jar");
        Run load = agner("load", junk.toString());
        assertEquals(1, load.status(), load.toString());
        assertTrue(load.err().startsWith("agner: ") && load.err().lines().count() == 1, load.err());
    }

    @Test
    void kill_endsTheProcess() {
        assertEquals(0, agner("kill", "victim").status());
        await().until(() -> agner("info", "victim").status() == 1);
        assertFails(agner("kill", "victim"), "no process registered as 'victim'");
    }

    @Test
    void trace_streamsMessagesInAndOutInOrder_andStopsAtMax() throws Exception {
        StringWriter out = new StringWriter(); // a StringBuffer inside: safe to read while the trace writes
        StringWriter err = new StringWriter();
        var trace = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> Agner.run(dir, new PrintWriter(out), new PrintWriter(err), "trace", "chatter", "--max", "5", "--rate", "1000/s"),
                java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        await().until(() -> out.toString().startsWith("tracing <0."));

        assertEquals(0, agner("kill", "chatter", "one").status());
        await().until(() -> out.toString().lines().count() == 4); // the three events of one exit signal
        assertEquals(0, agner("kill", "chatter", "two").status());

        assertEquals(0, (int) trace.get(30, java.util.concurrent.TimeUnit.SECONDS), err.toString());
        List<String> lines = out.toString().lines().toList();
        String pid = "<0\\.\\d+\\.0>";
        List<String> expected = List.of(
                "tracing " + pid + " \\(at most 5 events, 1000/s\\)",
                "\\+[\\d.]+ms " + pid + " << Exit\\[from=" + pid + ", reason=one\\]",
                "\\+[\\d.]+ms " + pid + " >> " + pid + " echo one",
                "\\+[\\d.]+ms " + pid + " << echo one",
                "\\+[\\d.]+ms " + pid + " << Exit\\[from=" + pid + ", reason=two\\]",
                "\\+[\\d.]+ms " + pid + " >> " + pid + " echo two",
                "stopped: max 5 events");
        assertEquals(expected.size(), lines.size(), out.toString());
        for (int i = 0; i < lines.size(); i++) {
            assertTrue(lines.get(i).matches(expected.get(i)), lines.get(i) + " does not match " + expected.get(i));
        }
        assertEquals("", err.toString());
    }

    @Test
    void trace_unknownProcess_orBadOption_fails() {
        assertFails(agner("trace", "nobody"), "no process registered as 'nobody' on this node");
        assertFails(agner("trace", "victim", "--rate", "fast"), "--rate needs a whole number >= 1");
        assertEquals(2, agner("trace", "victim", "--max", "many").status(), "picocli refuses a --max that is not a number");
    }

    @Test
    void noNode_fails() {
        assertNoNode(agner(tmp.resolve("empty"), "ps"), "no agner node is running");
        assertNoNode(agner(tmp.resolve("empty"), "nodes"), "no agner node is running");
        assertNoNode(agner("--node", "nope", "ps"), "no node named 'nope'");
        assertNoNode(agner("--node", "nope", "tree"), "no node named 'nope'");
        assertNoNode(agner("--node", "nope", "modules"), "no node named 'nope'");
        assertNoNode(agner("--node", "nope", "sched"), "no node named 'nope'");
        assertNoNode(agner(tmp.resolve("empty"), "sched"), "no agner node is running");
    }

    @Test
    void severalNodes_needNode() {
        try (Node other = Node.start(NodeConfig.DEFAULT.withScheduler(SchedulerKind.JDK)); ControlServer _ = ControlServer.start(other, "other", dir)) {
            assertNoNode(agner("ps"), "several nodes run (cli, other); choose one with --node NAME");
            assertNoNode(agner("sched"), "several nodes run (cli, other); choose one with --node NAME");
            assertEquals(new Run(0, "cli    scheduler: agner\nother  scheduler: jdk\n", ""), agner("nodes"));
            assertEquals(0, agner("--node", "other", "tree").status());
            Run after = agner("tree", "--node", "other");   // as people type it: the option after the subcommand
            assertEquals(0, after.status(), after.toString());
            assertEquals("(no supervisors on this node)\n", after.out());
            assertNoNode(agner("ps", "--node", "nope"), "no node named 'nope'");
        }
    }

    @Test
    void refusedConnection_fails() throws IOException {
        Path refusing = tmp.resolve("refusing");
        try (Node other = Node.start(); ControlServer _ = new ControlServer(other, "strict", refusing, peer -> false)) {
            assertNoNode(agner(refusing, "ps"), "node 'strict' closed the connection without answering");
            assertEquals(new Run(0, "strict  scheduler: ?\n", ""), agner(refusing, "nodes"), "listed, though it does not say which scheduler");
        }
    }

    @Test
    void everySubcommand_hasHelp() {
        for (String command : List.of("nodes", "ps", "tree", "info", "state", "sched", "modules", "load", "purge", "kill", "trace", "completion")) {
            Run help = agner(command, "--help");
            assertEquals(0, help.status(), help.toString());
            assertTrue(help.out().startsWith("Usage: agner " + command), help.out());
        }
        assertTrue(agner("--help").out().contains("Commands:"));
        assertEquals(2, agner().status(), "a subcommand is required");
    }
}
