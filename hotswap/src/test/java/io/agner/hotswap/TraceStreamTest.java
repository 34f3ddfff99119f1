package io.agner.hotswap;

import static io.agner.testkit.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.runtime.ExitReason;
import io.agner.runtime.Node;
import io.agner.runtime.NodeConfig;
import io.agner.runtime.Pid;
import io.agner.runtime.SpawnOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control channel's {@code trace} request: how a stream ends, seen from the node's side. */
class TraceStreamTest {

    @TempDir
    Path tmp;

    private Node node;
    private ControlServer control;
    private Pid chatter;

    @BeforeEach
    void start() {
        node = Node.start(NodeConfig.DEFAULT.withShutdownTimeout(Duration.ofMillis(200))); // chatter traps exits: killed after this
        chatter = node.spawn(ControlFixture.CHATTER, SpawnOptions.DEFAULT.withName("chatter").withTrapExit(true));
        control = ControlServer.start(node, "traced", tmp.resolve("agner"));
    }

    @AfterEach
    void stop() {
        control.close();
        node.close();
    }

    private SocketChannel openTrace(String request) throws IOException {
        SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(control.socket()));
        var w = Channels.newWriter(c, StandardCharsets.UTF_8);
        w.write(request + "\n");
        w.flush();
        return c;
    }

    @Test
    void clientDisconnects_tracingStops() throws IOException {
        try (SocketChannel c = openTrace("trace chatter")) {
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(c), StandardCharsets.UTF_8));
            assertTrue(in.readLine().startsWith("| tracing " + chatter));
        }

        await().until(() -> control.answering() == 0);
        assertFalse(node.untrace(chatter), "the trace ended with its client");
    }

    @Test
    void processExits_streamEndsWithItsExit() throws IOException {
        List<String> lines = new ArrayList<>();
        try (SocketChannel c = openTrace("trace chatter --max 10")) {
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(c), StandardCharsets.UTF_8));
            lines.add(in.readLine());
            node.exit(chatter, ExitReason.KILL);
            for (String line; (line = in.readLine()) != null; ) {
                lines.add(line);
            }
        }

        assertEquals(4, lines.size(), lines::toString);
        assertTrue(lines.get(1).matches("\\| \\+[\\d.]+ms " + chatter + " exit killed"), lines::toString);
        assertEquals(List.of("| stopped: exited", "OK"), lines.subList(2, 4));
    }

    @Test
    void goneProcess_isRefused() throws IOException {
        node.exit(chatter, ExitReason.KILL);
        await().until(() -> !node.isAlive(chatter) && node.whereis("chatter").isEmpty());
        assertEquals(List.of("ERROR no process registered as 'chatter' on this node"), ControlFixture.ask(control.socket(), "trace chatter"));
    }
}
