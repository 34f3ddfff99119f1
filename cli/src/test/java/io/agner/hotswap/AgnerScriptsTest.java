package io.agner.hotswap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.agner.behaviour.GenServer;
import io.agner.behaviour.GenServers;
import io.agner.cli.Agner;
import io.agner.runtime.Pid;
import io.agner.runtime.ProcessContext;
import io.agner.runtime.ServerRef;
import io.agner.testkit.NodeExtension;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agner command for scripts: {@code --json} on every listing (read back by a strict parser),
 * {@code ps --sort/--limit}, {@code state}, {@code --timeout}, the exit statuses, {@code --version}
 * and {@code completion}; against a node in this JVM ({@link ControlFixture}).
 */
class AgnerScriptsTest {

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    @TempDir
    Path tmp;

    private Path dir;
    private ControlServer control;

    private void start() throws IOException {
        ControlFixture.populate(agner.node(), ModuleBuilder.billing(tmp, "1", false, -1));
        dir = tmp.resolve("agner");
        control = ControlServer.start(agner.node(), "scripts", dir);
    }

    @AfterEach
    void closeControl() {
        if (control != null) {
            control.close();
        }
    }

    record Run(int status, String out, String err) {}

    private Run agner(String... args) {
        return agner(dir, args);
    }

    private static Run agner(Path socketDir, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Agner.run(socketDir, new PrintWriter(out), new PrintWriter(err), args);
        return new Run(status, out.toString(), err.toString());
    }

    /** The JSON a successful {@code agner --json ...} printed: one line. */
    private String json(String... args) {
        Run run = agner(args);
        assertEquals(0, run.status(), run.toString());
        assertEquals("", run.err());
        assertEquals(1, run.out().lines().count(), run.out());
        return run.out();
    }

    private Pid pidOf(String name) {
        return agner.node().whereis(name).orElseThrow();
    }

    @Test
    void json_onEveryListing_isOneDocumentAStrictParserReads() throws Exception {
        start();
        String ps = json("--json", "ps");
        assertEquals(String.valueOf(agner.node().processes().size()), JsonCheck.python(ps, "len(v)"));
        assertEquals("True", JsonCheck.python(ps, "any(p['name'] == 'top_sup' and p['behaviour'] == 'supervisor' for p in v)"));

        String tree = json("tree", "--json");      // after the subcommand too
        assertEquals("top_sup billing", JsonCheck.python(tree, "v[0]['name'] + ' ' + v[0]['children'][0]['id']"));

        assertEquals("cache gen_server idle", JsonCheck.python(json("--json", "info", "cache"),
                "v['registered_name'] + ' ' + v['behaviour'] + ' ' + v['state']"));
        assertEquals("billing 1", JsonCheck.python(json("--json", "modules"), "v[0]['module'] + ' ' + v[0]['current']"));
        assertEquals("[{'name': 'scripts', 'scheduler': 'agner'}]", JsonCheck.python(json("--json", "nodes"), "v"));
        assertEquals("idle", JsonCheck.python(json("--json", "state", "cache"), "v['state']"));
    }

    @Test
    void json_onACommandThatListsNothing_isAUsageError() throws IOException {
        start();
        for (List<String> args : List.of(List.of("--json", "sched"), List.of("--json", "kill", "victim"),
                List.of("--json", "trace", "victim"), List.of("--json", "purge", "billing"))) {
            Run run = agner(args.toArray(String[]::new));
            assertEquals(2, run.status(), run.toString());
            assertTrue(run.err().startsWith("--json is for nodes, ps, tree, info, state and modules"), run.err());
        }
        assertTrue(agner.node().whereis("victim").isPresent(), "the kill was not sent");
    }

    /** A gen_server that blocks in its first cast until released, so the casts after it wait in its mailbox. */
    record Stuck(CountDownLatch release) implements GenServer<String> {
        @Override
        public String init(ProcessContext ctx) {
            return "stuck";
        }

        @Override
        public Result<String> handleCast(ProcessContext ctx, Object request, String state) throws InterruptedException {
            release.await();
            return GenServer.noReply(state);
        }
    }

    @Test
    void psSortMailboxLimit_showsTheFullestMailboxesFirst() throws IOException {
        start();
        CountDownLatch release = new CountDownLatch(1);
        try {
            Pid stuck = GenServers.start(agner.node(), new Stuck(release), "stuck");
            for (int i = 0; i < 4; i++) {
                GenServers.cast(agner.node(), ServerRef.named("stuck"), i);
            }
            Awaitility.await().until(() -> agner.node().info(stuck).orElseThrow().mailboxLength() == 3);

            Run ps = agner("ps", "--sort", "mailbox", "--limit", "1");
            assertEquals(0, ps.status(), ps.toString());
            List<String> lines = ps.out().lines().toList();
            assertEquals(2, lines.size(), ps.out());
            assertTrue(lines.get(1).matches(stuck.toString().replace(".", "\\.") + " +stuck +gen_server .* 3"), lines.get(1));
        } finally {
            release.countDown();
        }
        assertEquals(2, agner("ps", "--sort", "size").status());
        assertEquals(2, agner("ps", "--limit", "0").status());
        assertEquals(2, agner("ps", "--limit", "many").status());
    }

    @Test
    void state_showsTheWholeState_orWhyNot() throws IOException {
        start();
        assertEquals(new Run(0, "idle\n", ""), agner("state", "cache"));
        Run plain = agner("state", "victim");
        assertEquals(1, plain.status(), plain.toString());
        assertEquals("agner: " + pidOf("victim") + " is a plain process, not a behaviour: it has no state to show\n", plain.err());
        assertEquals(2, agner("state").status(), "the process is required");
    }

    @Test
    void exitStatus_tellsAnErrorFromNoNodeFromATimeout() throws Exception {
        start();
        assertEquals(1, agner("info", "nobody").status(), "the node answered ERROR");
        assertEquals(2, agner("bogus").status(), "usage");
        Run none = agner(tmp.resolve("empty"), "ps");
        assertEquals(3, none.status(), none.toString());
        assertEquals(3, agner("--node", "nope", "tree").status());

        try (Silent silent = new Silent(dir, "silent")) {
            Run slow = assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> agner("--node", "silent", "--timeout", "0.2", "tree"));
            assertEquals(new Run(4, "", "agner: node 'silent' did not answer within 0.2 s (--timeout)\n"), slow);
            assertTrue(silent.requests.await(30, TimeUnit.SECONDS), "the request reached the node");
            assertEquals(2, agner("--node", "silent", "--timeout", "0", "ps").status(), "a timeout must be > 0");
        }
    }

    /** A socket that takes connections and reads requests but never answers: a node stuck on everything. */
    static final class Silent implements AutoCloseable {
        private final ServerSocketChannel server;
        final CountDownLatch requests = new CountDownLatch(1);

        Silent(Path dir, String name) throws IOException {
            ControlDir.prepare(dir);
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(ControlDir.socket(dir, name)));
            Thread.ofVirtual().start(() -> {
                while (server.isOpen()) {
                    try {
                        SocketChannel c = server.accept();
                        Thread.ofVirtual().start(() -> {
                            try (c) {
                                while (c.read(ByteBuffer.allocate(256)) > 0) {
                                    requests.countDown();
                                }
                            } catch (IOException gone) {
                                // the client gave up
                            }
                        });
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
        }

        @Override
        public void close() throws IOException {
            Path socket = ((UnixDomainSocketAddress) server.getLocalAddress()).getPath();
            server.close();
            Files.deleteIfExists(socket);
        }
    }

    @Test
    void help_listsTheExitStatuses_andVersionIsTheBuilds() {
        Run help = agner(tmp, "--help");
        assertEquals(0, help.status());
        for (String line : List.of("Exit status:", "0   success", "1   the node answered with an error", "2   usage error",
                "3   no node to talk to", "4   the node did not answer within --timeout", "--json", "--timeout=SECONDS")) {
            assertTrue(help.out().contains(line), line + " in " + help.out());
        }
        Run version = agner(tmp, "--version");
        assertEquals(0, version.status());
        assertTrue(version.out().matches("agner \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\n"), version.out());
    }

    @Test
    void completion_printsABashScriptForEveryCommand() throws Exception {
        Run completion = agner(tmp, "completion");
        assertEquals(0, completion.status(), completion.toString());
        String script = completion.out();
        assertTrue(script.contains("complete -F _complete_agner"), script);
        for (String word : List.of("ps", "tree", "info", "state", "modules", "nodes", "load", "--json", "--timeout", "mailbox")) {
            assertTrue(script.contains(word), word);
        }
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "bash is not installed");
        Path file = Files.writeString(tmp.resolve("agner-completion.bash"), script);
        Process bash = new ProcessBuilder("/bin/bash", "-n", file.toString()).redirectErrorStream(true).start();
        String out = new String(bash.getInputStream().readAllBytes());
        assertTrue(bash.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, bash.exitValue(), "bash -n: " + out);
    }
}
