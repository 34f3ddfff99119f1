package io.agner.hotswap;

import static io.agner.hotswap.ControlFixture.ask;
import static io.agner.testkit.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.testkit.LogCapture;
import io.agner.testkit.NodeExtension;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ControlServerTest {

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    @RegisterExtension
    final LogCapture log = new LogCapture("io.agner.hotswap.control");

    @TempDir
    Path tmp;

    @Test
    void start_createsAnOwnerOnlyFolder_andAnOwnerOnlySocket() throws Exception {
        Path dir = tmp.resolve("agner");
        try (ControlServer control = ControlServer.start(agner.node(), "n1", dir)) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
            assertEquals(dir.resolve("n1.sock"), control.socket());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(control.socket())));
            assertEquals("OK", ControlFixture.last(ask(control.socket(), "ping")));
        }
    }

    @Test
    void start_folderWithWiderPermissions_isRefused() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("open"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));

        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> ControlServer.start(agner.node(), "n1", dir));

        assertTrue(e.getMessage().contains("rwxr-xr-x") && e.getMessage().contains("chmod 700"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("n1.sock")));
    }

    @Test
    void peerOfAnotherUser_isDisconnectedUnanswered_andOneWarningNamesIt() throws Exception {
        try (ControlServer control = new ControlServer(agner.node(), "n1", tmp.resolve("agner"), peer -> false)) {
            assertEquals(List.of(), answerOrNothing(control.socket(), "ps"), "no answer, the connection is closed");

            await().untilAsserted(() -> assertEquals(1, log.events().size()));
            String warning = log.messages().get(0);
            assertEquals("WARN", log.events().get(0).getLevel().toString());
            assertTrue(warning.contains("refused a connection from user " + System.getProperty("user.name")), warning);
        }
    }

    /** The answer, or nothing when the server closed the connection before the request was even written (broken pipe). */
    private static List<String> answerOrNothing(Path socket, String request) {
        try {
            return ask(socket, request);
        } catch (java.io.IOException closed) {
            return List.of();
        }
    }

    @Test
    void close_removesTheSocket() {
        ControlServer control = ControlServer.start(agner.node(), "n1", tmp.resolve("agner"));
        control.close();
        assertFalse(Files.exists(control.socket()));
    }

    @Test
    void secondNodeWithTheSameName_isRefused_butAStaleSocketIsReplaced() throws Exception {
        Path dir = tmp.resolve("agner");
        try (ControlServer _ = ControlServer.start(agner.node(), "n1", dir)) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> ControlServer.start(agner.node(), "n1", dir));
            assertTrue(e.getMessage().contains("already runs"), e.getMessage());
        }
        try (var stale = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            stale.bind(java.net.UnixDomainSocketAddress.of(dir.resolve("n1.sock")));
        } // closed without deleting the file: what a crashed node leaves
        try (ControlServer again = ControlServer.start(agner.node(), "n1", dir)) {
            assertEquals("OK", ControlFixture.last(ask(again.socket(), "ping")));
        }
    }
}
