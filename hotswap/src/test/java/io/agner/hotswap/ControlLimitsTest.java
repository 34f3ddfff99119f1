package io.agner.hotswap;

import static io.agner.testkit.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.agner.testkit.NodeExtension;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control channel is bounded (issue 19, item 5): a request line of at most 64 KiB, refused
 * beyond that without being echoed; a connection that sends nothing is closed after the request
 * timeout; connections over the limit are refused at once. On a manual clock, so the timeout
 * passes only when the test says.
 */
class ControlLimitsTest {

    @RegisterExtension
    final NodeExtension agner = NodeExtension.withManualClock();

    @TempDir
    Path tmp;

    private static SocketChannel connect(Path socket) throws IOException {
        return SocketChannel.open(UnixDomainSocketAddress.of(socket));
    }

    private static List<String> readAll(SocketChannel c) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(c), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        for (String line; (line = in.readLine()) != null; ) {
            lines.add(line);
        }
        return lines;
    }

    @Test
    void requestLongerThan64KiB_isRefusedWithoutEchoingIt_andTheServerGoesOn() throws Exception {
        try (ControlServer control = ControlServer.start(agner.node(), "n1", tmp.resolve("agner"));
             SocketChannel c = connect(control.socket())) {
            byte[] huge = "ps ".concat("x".repeat(RequestLine.MAX_BYTES + 10)).concat("\n").getBytes(StandardCharsets.UTF_8);
            c.write(ByteBuffer.wrap(huge));

            List<String> answer = readAll(c);

            assertEquals(List.of("ERROR request longer than 65,536 bytes refused"), answer);
            assertEquals("OK", ControlFixture.last(ControlFixture.ask(control.socket(), "ping")), "the server goes on");
        }
    }

    @Test
    void connectionThatSendsNothing_isClosedAfterTheRequestTimeout() throws Exception {
        try (ControlServer control = ControlServer.start(agner.node(), "n1", tmp.resolve("agner"));
             SocketChannel idle = connect(control.socket())) {
            await().until(() -> agner.clock().pending() == 1); // the idle connection's timer

            agner.clock().advance(ControlServer.REQUEST_TIMEOUT);

            assertEquals(List.of(), readAll(idle), "closed without an answer");
            assertEquals("OK", ControlFixture.last(ControlFixture.ask(control.socket(), "ping")));
        }
    }

    @Test
    void connectionsOverTheLimit_areRefusedAtOnce_andServedAgainOnceOthersClose() throws Exception {
        try (ControlServer control = ControlServer.start(agner.node(), "n1", tmp.resolve("agner"))) {
            List<SocketChannel> idle = new ArrayList<>();
            try {
                for (int i = 0; i < ControlServer.MAX_CONNECTIONS; i++) {
                    idle.add(connect(control.socket()));
                }
                await().until(() -> agner.clock().pending() == ControlServer.MAX_CONNECTIONS); // each is being served

                List<String> refused = ControlFixture.ask(control.socket(), "ping");

                assertEquals(List.of("ERROR the node serves " + ControlServer.MAX_CONNECTIONS + " control connections already; try again"),
                        refused);
            } finally {
                for (SocketChannel c : idle) {
                    c.close();
                }
            }
            await().until(() -> ControlFixture.last(ControlFixture.ask(control.socket(), "ping")).equals("OK"));
            assertFalse(idle.getFirst().isOpen());
        }
    }
}
