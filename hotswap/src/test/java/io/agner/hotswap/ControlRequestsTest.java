package io.agner.hotswap;

import static io.agner.hotswap.ControlFixture.last;
import static io.agner.testkit.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.behaviour.Sys;
import io.agner.runtime.Node;
import io.agner.runtime.NodeConfig;
import io.agner.runtime.Pid;
import io.agner.runtime.ProcessInfo;
import io.agner.runtime.SchedulerKind;
import io.agner.behaviour.GenServers;
import io.agner.supervisor.ChildSpec;
import io.agner.supervisor.RestartStrategy;
import io.agner.supervisor.SupFlags;
import io.agner.supervisor.Supervisor;
import io.agner.testkit.ModuleJar;
import io.agner.testkit.NodeExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Every control request against a node in this JVM, through the socket. */
class ControlRequestsTest {

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    @TempDir
    Path tmp;

    private ControlServer control;

    private void startWithFixture() throws IOException {
        ControlFixture.populate(agner.node(), ModuleBuilder.billing(tmp, "1", false, -1));
        control = ControlServer.start(agner.node(), "test", tmp.resolve("agner"));
    }

    @AfterEach
    void closeControl() {
        if (control != null) {
            control.close();
        }
    }

    private List<String> ask(String request) throws IOException {
        return ControlFixture.ask(control.socket(), request);
    }

    private static String text(List<String> answer) {
        return String.join("\n", answer);
    }

    private Pid pidOf(String name) {
        return agner.node().whereis(name).orElseThrow();
    }

    @Test
    void ps_listsEveryProcess_withBehaviourModuleAndStatus() throws IOException {
        startWithFixture();
        List<String> answer = ask("ps");

        assertEquals("OK", last(answer));
        assertTrue(answer.get(0).matches("\\| PID +NAME +BEHAVIOUR +MODULE +STATUS +MAILBOX"), answer.get(0));
        assertEquals(agner.node().processes().size() + 2, answer.size(), text(answer));
        assertTrue(answer.stream().anyMatch(l -> l.matches("\\| <0\\.\\d+\\.0> +- +gen_server +billing@1 +waiting +0")), text(answer));
        assertTrue(answer.stream().anyMatch(l -> l.matches("\\| " + pidOf("top_sup").toString().replace(".", "\\.") + " +top_sup +supervisor .*")), text(answer));
        assertTrue(answer.stream().anyMatch(l -> l.matches("\\| <0\\.\\d+\\.0> +code_server +gen_server .*")), text(answer));
    }

    @Test
    void tree_indentsChildrenUnderTheirSupervisors() throws IOException {
        startWithFixture();
        List<String> answer = ask("tree");

        assertEquals("OK", last(answer));
        assertEquals("| " + pidOf("top_sup") + " supervisor (top_sup)", answer.get(0), text(answer));
        assertTrue(answer.get(1).matches("\\|   billing  <0\\.\\d+\\.0>  gen_server billing@1"), text(answer));
        assertEquals("|   sub_sup  " + pidOf("sub_sup") + "  supervisor (sub_sup)", answer.get(2));
        assertEquals("|     cache  " + pidOf("cache") + "  gen_server (cache)", answer.get(3));
        assertEquals(5, answer.size(), text(answer));
    }

    @Test
    void tree_showsHowOftenAChildWasRestarted() throws IOException {
        ChildSpec worker = ChildSpec.worker("w", (sup, args) -> GenServers.startLink(sup, new ControlFixture.Idle(), "w"));
        ChildSpec quiet = ChildSpec.worker("q", (sup, args) -> GenServers.startLink(sup, new ControlFixture.Idle(), "q"));
        Pid counted = Supervisor.start(agner.node(), SupFlags.DEFAULT.withIntensity(10, Duration.ofMinutes(1)),
                List.of(worker, quiet), "counted");
        control = ControlServer.start(agner.node(), "test", tmp.resolve("agner"));
        killAndAwaitRestart("w");
        killAndAwaitRestart("w");

        List<String> answer = ask("tree");

        assertEquals("| " + counted + " supervisor (counted)", answer.get(0), text(answer));
        assertEquals("|   w  " + pidOf("w") + "  gen_server (w)  restarted 2 times", answer.get(1), text(answer));
        assertEquals("|   q  " + pidOf("q") + "  gen_server (q)", answer.get(2), "never restarted: no count; " + text(answer));
    }

    private void killAndAwaitRestart(String name) {
        Pid old = pidOf(name);
        agner.node().exit(old, io.agner.runtime.ExitReason.KILL);
        await().until(() -> agner.node().whereis(name).filter(p -> !p.equals(old)).isPresent());
    }

    @Test
    void tree_manyDynamicWorkers_listsTenByPidAndCountsTheRest() throws IOException {
        ChildSpec line = ChildSpec.worker("line", (sup, args) -> sup.spawnLink(ctx -> {
            while (true) {
                ctx.receive();
            }
        }));
        Pid lines = Supervisor.start(agner.node(),
                SupFlags.DEFAULT.withStrategy(RestartStrategy.SIMPLE_ONE_FOR_ONE), List.of(line), "lines");
        for (int i = 0; i < 25; i++) {
            Supervisor.startChild(agner.node(), lines, List.of());
        }
        control = ControlServer.start(agner.node(), "test", tmp.resolve("agner"));

        List<String> answer = ask("tree");

        assertEquals("OK", last(answer));
        assertEquals("| " + lines + " supervisor (lines)", answer.get(0), text(answer));
        for (int i = 1; i <= TreeReport.SHOWN_DYNAMIC; i++) {
            assertTrue(answer.get(i).matches("\\|   <0\\.\\d+\\.0>  process"), text(answer));
        }
        assertEquals("|   … and 15 more workers (25 in all; ps lists every process)",
                answer.get(TreeReport.SHOWN_DYNAMIC + 1), text(answer));
        assertEquals(TreeReport.SHOWN_DYNAMIC + 3, answer.size(), text(answer));
    }

    @Test
    void tree_aSupervisorThatDoesNotAnswer_isShownWithoutItsChildren_insteadOfHangingTheRequest() throws IOException {
        startWithFixture();
        Sys.suspend(agner.node(), pidOf("sub_sup"), Duration.ofSeconds(5)); // answers no call until resumed

        List<String> answer = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> ask("tree"));

        assertEquals("OK", last(answer));
        assertEquals("|   sub_sup  " + pidOf("sub_sup") + "  supervisor (sub_sup)", answer.get(2), text(answer));
        assertEquals("|     (exited while listed, or did not answer within " + ControlRequests.STATE_TIMEOUT.toMillis() + " ms)",
                answer.get(3), text(answer));
        Sys.resume(agner.node(), pidOf("sub_sup"), Duration.ofSeconds(5));
    }

    @Test
    void tree_withoutSupervisors_saysSo() throws IOException {
        control = ControlServer.start(agner.node(), "test", tmp.resolve("agner"));
        assertEquals(List.of("| (no supervisors on this node)", "OK"), ask("tree"));
    }

    @Test
    void info_byPidOrName_showsTheProcess() throws IOException {
        startWithFixture();
        Pid cache = pidOf("cache");

        List<String> byName = ask("info cache");
        await().until(() -> agner.node().info(cache).orElseThrow().status() == ProcessInfo.Status.WAITING); // back from answering byName's state request
        List<String> byPid = ask("info " + cache);

        assertEquals("OK", last(byName));
        assertEquals(byName.subList(0, 5), byPid.subList(0, 5));
        assertTrue(byName.contains("| pid:               " + cache), text(byName));
        assertTrue(byName.contains("| registered_name:   cache"), text(byName));
        assertTrue(byName.contains("| behaviour:         gen_server"), text(byName));
        assertTrue(byName.contains("| links:             " + pidOf("sub_sup")), text(byName));
        assertTrue(byName.contains("| state:             idle"), "a behaviour's state: " + text(byName));
    }

    @Test
    void info_showsABehavioursState_andADashForAPlainProcess() throws IOException {
        startWithFixture();
        Pid billingPid = agner.node().processes().stream()
                .filter(p -> p.moduleVersion().equals(java.util.Optional.of("billing@1"))).findFirst().orElseThrow().pid();
        List<String> billing = ask("info " + billingPid);
        assertEquals("OK", last(billing));
        assertTrue(billing.contains("| state:             State[calls=0]"), "a module's state record: " + text(billing));
        List<String> victim = ask("info victim");
        assertEquals("OK", last(victim));
        assertTrue(victim.contains("| state:             -"), "a plain process has no behaviour state: " + text(victim));
    }

    @Test
    void info_unknownProcess_isAnErrorNamingIt() throws IOException {
        startWithFixture();
        assertEquals(List.of("ERROR no process <0.99999.0> on this node"), ask("info <0.99999.0>"));
        assertEquals(List.of("ERROR no process registered as 'nobody' on this node"), ask("info nobody"));
        assertEquals(List.of("ERROR missing argument; usage: info <pid|name>"), ask("info"));
    }

    @Test
    void modules_withoutCodeServer_saysNoneRuns() throws IOException {
        control = ControlServer.start(agner.node(), "test", tmp.resolve("agner"));
        assertTrue(last(ask("modules")).startsWith("ERROR no code server runs on this node"));
    }

    @Test
    void load_upgrades_thenModulesShowBothVersions_andPurgeDropsTheOld() throws IOException {
        startWithFixture();
        assertEquals(List.of("| MODULE               CURRENT    PROCESSES    OLD        PROCESSES",
                "| billing              1          1            -          -", "OK"), ask("modules"));

        List<String> load = ask("load " + ModuleBuilder.billing(tmp, "2", true, -1));

        assertEquals("| billing 1 -> 2: committed", load.get(0), text(load));
        assertEquals("|   state: State: +currency (String)", load.get(1), text(load));
        assertTrue(load.get(2).matches("\\|   <0\\.\\d+\\.0> upgraded.*"), text(load));
        assertEquals("OK", last(load));
        assertEquals("| billing              2          1            1          0", ask("modules").get(1));

        assertEquals(List.of("| purged the old version of billing (soft); no process was running it", "OK"), ask("purge billing --soft"));
        assertEquals("| billing              2          1            -          -", ask("modules").get(1));
    }

    @Test
    void load_ofAModuleWithManyProcesses_printsTotalsAndTheFirstFew() throws IOException {
        startWithFixture();
        Pid sup = Supervisor.start(agner.node(), SupFlags.DEFAULT.withStrategy(RestartStrategy.SIMPLE_ONE_FOR_ONE),
                List.of(ChildSpec.worker("billing", (s, args) -> CodeServer.startLink(s, "billing", args))));
        for (int i = 0; i < 14; i++) {
            Supervisor.startChild(agner.node(), sup, List.of());
        }

        List<String> load = ask("load " + ModuleBuilder.billing(tmp, "2", true, -1));

        assertEquals("| billing 1 -> 2: committed", load.get(0), text(load));
        assertTrue(load.get(2).matches("\\|   15 processes, 15 upgraded, longest pause \\d+\\.\\d{3} ms"), text(load));
        assertEquals(ControlRequests.LISTED, load.stream().filter(l -> l.matches("\\|   <0\\.\\d+\\.0> upgraded.*")).count(), text(load));
        assertEquals("|   ... and 5 more upgraded", load.get(load.size() - 2), text(load));
        assertEquals("OK", last(load));
    }

    @Test
    void load_codeChangeThrows_printsTheRollback_andIsAnError() throws IOException {
        startWithFixture();
        List<String> load = ask("load " + ModuleBuilder.billing(tmp, "2", false, 0));

        assertEquals("| billing 1 -> 2: rolled back", load.get(0), text(load));
        assertTrue(last(load).startsWith("ERROR upgrade of billing to 2 rolled back: ") && last(load).contains("cannot convert a count of 0"), text(load));
        assertEquals("| billing              1          1            -          -", ask("modules").get(1), "nothing changed");
    }

    @Test
    void load_badJar_orRelativePath_isAnError_andTheServerGoesOn() throws IOException {
        startWithFixture();
        Path notAJar = Files.writeString(tmp.resolve("junk.jar"), "not a jar");
        Path noEntry = ModuleJar.build(tmp, "billing", "3", "billing.Missing", Map.of("billing/O.java", "package billing; public class O {}"));

        assertTrue(last(ask("load " + notAJar)).startsWith("ERROR "), text(ask("load " + notAJar)));
        String missing = last(ask("load " + noEntry));
        assertTrue(missing.startsWith("ERROR ") && missing.contains("billing.Missing"), missing);
        assertEquals(List.of("ERROR load needs an absolute path, was 'billing.jar'"), ask("load billing.jar"));
        assertEquals(List.of("ERROR no module jar or folder at /no/such.jar (the path is read by the node)"), ask("load /no/such.jar"));
        assertEquals("OK", last(ask("ps")));
    }

    @Test
    void purge_unknownModule_andBadFlag_areErrors() throws IOException {
        startWithFixture();
        assertTrue(last(ask("purge nothing")).startsWith("ERROR "));
        assertEquals(List.of("ERROR usage: purge <module> [--soft], was 'purge billing --hard'"), ask("purge billing --hard"));
    }

    @Test
    void kill_sendsKillByDefault_orTheGivenReason() throws IOException {
        startWithFixture();
        Pid victim = pidOf("victim");
        Pid other = agner.node().spawn(ctx -> ctx.receive());

        assertEquals(List.of("| sent exit signal 'kill' to " + victim, "OK"), ask("kill victim"));
        assertEquals(List.of("| sent exit signal 'too_old' to " + other, "OK"), ask("kill " + other + " too_old"));

        // isAlive is false once the kill is sent; the name goes only when the process has unwound.
        await().until(() -> !agner.node().isAlive(other) && agner.node().whereis("victim").isEmpty());
        assertEquals(List.of("ERROR no process registered as 'victim' on this node"), ask("kill victim"));
    }

    @Test
    void unknownCommand_isAnErrorListingTheCommands() throws IOException {
        control = ControlServer.start(agner.node(), "test", tmp.resolve("agner"));
        assertEquals(List.of("ERROR unknown command 'reboot'; commands: ping, ps, tree, info, state, sched, modules, load, purge, kill, trace, json"), ask("reboot now"));
    }

    @Test
    void sched_onAgnersScheduler_summarisesIt_thenOneRowPerCarrier() throws IOException {
        startWithFixture(); // its processes have run on the carriers

        await().untilAsserted(() -> {   // counters are read without synchronising with the carriers
            List<String> answer = ask("sched");
            assertEquals("OK", last(answer));
            Matcher summary = Pattern.compile("\\| scheduler: agner, ([\\d,]+) carriers?( \\([\\d,]+ retired\\))?, [\\d,]+ replacements? started, up [\\d,]+\\.\\d s")
                    .matcher(answer.get(0));
            assertTrue(summary.matches(), text(answer));
            assertTrue(answer.get(1).matches("\\| CARRIER  ROLE +ALIVE  CONTINUATIONS +RUN-NEXT HITS +STEALS +SPINS +PARKS  UTILISATION"), text(answer));
            List<Matcher> rows = answer.subList(2, answer.size() - 1).stream()
                    .map(l -> ControlFixture.CARRIER_ROW.matcher(l.substring("| ".length()))).toList();
            assertEquals(Integer.parseInt(summary.group(1).replace(",", "")), rows.size(), text(answer));
            assertTrue(rows.stream().allMatch(Matcher::matches), text(answer));
            assertTrue(rows.stream().anyMatch(r -> ControlFixture.continuations(r) > 0), text(answer));
        });
    }

    @Test
    void sched_onTheJdksScheduler_saysSo_withoutATable() throws IOException {
        try (Node jdk = Node.start(NodeConfig.DEFAULT.withScheduler(SchedulerKind.JDK))) {
            control = ControlServer.start(jdk, "test", tmp.resolve("agner"));

            assertEquals(List.of("| scheduler: jdk", "| the JDK's scheduler keeps no per-carrier counters", "OK"), ask("sched"));
        }
    }
}
