package io.agner.hotswap;

import static io.agner.hotswap.ControlFixture.last;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.behaviour.GenServer;
import io.agner.behaviour.GenServers;
import io.agner.runtime.Pid;
import io.agner.runtime.ProcessContext;
import io.agner.testkit.NodeExtension;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The structured requests: {@code json <listing>}, {@code ps --sort/--limit} and {@code state},
 * against a node in this JVM through the socket; the JSON is read back by a strict parser.
 */
class ControlJsonTest {

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    @TempDir
    Path tmp;

    private ControlServer control;

    private void start() throws IOException {
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

    /** The one JSON line of a {@code json} answer, without its "| ". */
    private String json(String request) throws IOException {
        List<String> answer = ask(request);
        assertEquals("OK", last(answer), String.join("\n", answer));
        assertEquals(2, answer.size(), String.join("\n", answer));
        return answer.get(0).substring(2);
    }

    private Pid pidOf(String name) {
        return agner.node().whereis(name).orElseThrow();
    }

    @Test
    void jsonPs_isAnArrayOfEveryProcess() throws Exception {
        start();
        String json = json("json ps");
        assertEquals(String.valueOf(agner.node().processes().size()), JsonCheck.python(json, "len(v)"));
        assertEquals("['behaviour', 'mailbox', 'module', 'name', 'pid', 'status']", JsonCheck.python(json, "sorted(v[0].keys())"));
        assertEquals("supervisor " + pidOf("top_sup"),
                JsonCheck.python(json, "' '.join([p['behaviour'] + ' ' + p['pid'] for p in v if p['name'] == 'top_sup'])"));
        assertEquals("True", JsonCheck.python(json, "all(isinstance(p['mailbox'], int) for p in v)"));
        assertEquals("None", JsonCheck.python(json, "[p for p in v if p['pid'] == '" + pidOf("victim") + "'][0]['behaviour']"),
                "no behaviour: null");
    }

    /** A gen_server that blocks in its first call until released, so messages pile up in its mailbox. */
    static final class Stuck implements GenServer<CountDownLatch> {
        private final CountDownLatch release;

        Stuck(CountDownLatch release) {
            this.release = release;
        }

        @Override
        public CountDownLatch init(ProcessContext ctx) {
            return release;
        }

        @Override
        public Result<CountDownLatch> handleCast(ProcessContext ctx, Object request, CountDownLatch latch) {
            try {
                latch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return GenServer.noReply(latch);
        }
    }

    @Test
    void psSortMailboxLimit_listsTheLongestMailboxesFirst_asTextAndJson() throws Exception {
        start();
        CountDownLatch release = new CountDownLatch(1);
        try {
            Pid stuck = GenServers.start(agner.node(), new Stuck(release), "stuck");
            for (int i = 0; i < 5; i++) {
                GenServers.cast(agner.node(), io.agner.runtime.ServerRef.named("stuck"), "work " + i);
            }
            org.awaitility.Awaitility.await().until(() -> agner.node().info(stuck).orElseThrow().mailboxLength() == 4);

            List<String> text = ask("ps --sort mailbox --limit 2");
            assertEquals(4, text.size(), String.join("\n", text));   // header, 2 rows, OK
            assertTrue(text.get(1).matches("\\| " + stuck.toString().replace(".", "\\.") + " +stuck +gen_server +- +\\w+ +4"), text.get(1));

            String json = json("json ps --sort mailbox --limit 2");
            assertEquals("2 stuck 4", JsonCheck.python(json, "str(len(v)) + ' ' + v[0]['name'] + ' ' + str(v[0]['mailbox'])"));
            assertEquals("True", JsonCheck.python(json("json ps --sort name"),
                    "[p['name'] for p in v if p['name']] == sorted(p['name'] for p in v if p['name']) and v[-1]['name'] is None"));
        } finally {
            release.countDown();
        }
    }

    @Test
    void psOptions_areChecked() throws IOException {
        start();
        assertEquals(List.of("ERROR --sort is pid, name, mailbox; was 'size'"), ask("ps --sort size"));
        assertEquals(List.of("ERROR --limit is a number >= 1; was '0'"), ask("ps --limit 0"));
        assertEquals(List.of("ERROR --limit needs a value"), ask("json ps --limit"));
        assertTrue(last(ask("ps -l 3")).startsWith("ERROR usage: ps [--sort pid|name|mailbox] [--limit N]"));
    }

    @Test
    void jsonTree_nestsChildrenUnderTheirSupervisors() throws Exception {
        start();
        String json = json("json tree");
        assertEquals("1", JsonCheck.python(json, "len(v)"));
        assertEquals(pidOf("top_sup") + " top_sup supervisor", JsonCheck.python(json, "v[0]['pid'] + ' ' + v[0]['name'] + ' ' + v[0]['behaviour']"));
        assertEquals("billing worker gen_server billing@1 0", JsonCheck.python(json,
                "' '.join(str(x) for x in [v[0]['children'][0][k] for k in ('id', 'type', 'behaviour', 'module', 'restarts')])"));
        assertEquals("cache " + pidOf("cache") + " True", JsonCheck.python(json,
                "' '.join(str(x) for x in [v[0]['children'][1]['children'][0][k] for k in ('id', 'pid', 'running')])"));
        assertEquals("False", JsonCheck.python(json, "'children' in v[0]['children'][0]"), "a worker has no children key");
    }

    @Test
    void jsonInfo_andJsonModules() throws Exception {
        start();
        String info = json("json info cache");
        assertEquals("cache gen_server [] ['" + pidOf("sub_sup") + "'] idle", JsonCheck.python(info,
                "' '.join(str(x) for x in [v['registered_name'], v['behaviour'], v['monitors'], v['links'], v['state']])"));
        String modules = json("json modules");
        assertEquals("[{'module': 'billing', 'current': '1', 'processes_current': 1, 'old': None, 'processes_old': None}]",
                JsonCheck.python(modules, "v"));
    }

    @Test
    void state_showsABehavioursWholeState_asTextAndAsItsByNameView() throws Exception {
        start();
        record Account(String owner, long balance, List<String> history) {}
        Pid account = GenServers.start(agner.node(), new GenServer<Account>() {
            @Override
            public Account init(ProcessContext ctx) {
                return new Account("ada", 42, List.of("open", "credit \"42\""));
            }
        }, "account");
        assertEquals(List.of("| Account[owner=ada, balance=42, history=[open, credit \"42\"]]", "OK"), ask("state account"));
        String json = json("json state " + account);
        assertEquals("account {'owner': 'ada', 'balance': 42, 'history': ['open', 'credit \"42\"']}",
                JsonCheck.python(json, "v['name'] + ' ' + str(v['state'])"));
        assertEquals(List.of("ERROR " + pidOf("victim") + " is a plain process, not a behaviour: it has no state to show"),
                ask("state victim"));
        assertEquals(List.of("ERROR no process registered as 'nobody' on this node"), ask("json state nobody"));
        assertEquals(List.of("ERROR json answers ps, tree, info, state, modules, not 'kill'"), ask("json kill victim"));
    }
}
