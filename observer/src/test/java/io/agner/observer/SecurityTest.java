package io.agner.observer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.runtime.Node;
import io.agner.runtime.Pid;
import io.agner.testkit.NodeExtension;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Item 2 of issue 17: only the node's owner may use the observer. Plain HTTP, as an attacker would send it. */
class SecurityTest {

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    @TempDir
    Path tmp;

    private Observer observer;
    private InetSocketAddress at;
    private String token;

    @BeforeEach
    void start() {
        observer = Observer.start(agner.node(), ObserverOptions.DEFAULT.withNodeName("sec").withControlDir(tmp.resolve("agner")));
        at = observer.address();
        token = observer.uri().getQuery().substring("token=".length());
    }

    @AfterEach
    void stop() {
        observer.close();
    }

    @Test
    void withoutTheToken_every_path_is_401() {
        for (String path : List.of("/", "/index.html", "/api/overview", "/api/processes", "/webjars/uplot/1.6.30/dist/uPlot.min.css")) {
            assertEquals(401, Http.get(at, path, Map.of()).status(), path);
        }
        assertEquals(401, Http.get(at, "/api/overview?token=" + token.substring(1), Map.of()).status());
        assertEquals(401, Http.get(at, "/api/overview", Map.of("Cookie", AccessGuard.COOKIE + "=wrong")).status());
    }

    @Test
    void withTheToken_thePageAndTheApiAnswer_andTheCookieThenSuffices() {
        Http.Response page = Http.get(at, "/?token=" + token, Map.of());
        assertEquals(200, page.status());
        assertTrue(page.headers().get("content-security-policy").contains("frame-ancestors 'none'"), page.headers().toString());
        assertTrue(page.headers().get("set-cookie").contains("HttpOnly") && page.headers().get("set-cookie").contains("SameSite=Strict"),
                page.headers().toString());
        assertEquals(200, Http.get(at, "/api/overview", Map.of("Cookie", AccessGuard.COOKIE + "=" + token)).status());
        assertEquals(200, Http.get(at, "/webjars/uplot/1.6.30/dist/uPlot.iife.min.js", Map.of(AccessGuard.HEADER, token)).status());
    }

    @Test
    void anotherHost_isRefused_evenWithTheToken() {
        for (String host : List.of("evil.example:" + at.getPort(), "127.0.0.1:1", "127.0.0.1.nip.io:" + at.getPort())) {
            assertEquals(403, Http.get(at, "/api/overview?token=" + token, Map.of("Host", host)).status(), host);
        }
        assertEquals(400, Http.get(at, "/api/overview?token=" + token, Map.of("Host", "")).status()); // the server's own refusal
        assertEquals(200, Http.get(at, "/api/overview?token=" + token, Map.of("Host", "localhost:" + at.getPort())).status());
    }

    @Test
    void aCrossSitePost_isRefused_andNothingDies() {
        Node node = agner.node();
        Pid victim = node.spawn(ctx -> ctx.receive());
        String kill = "/api/kill?pid=" + Http.enc(victim);

        assertEquals(403, post(kill, Map.of(AccessGuard.HEADER, token, "Origin", "http://evil.example")).status());
        assertEquals(403, post(kill, Map.of(AccessGuard.HEADER, token, "Sec-Fetch-Site", "cross-site")).status());
        assertEquals(403, post(kill, Map.of(AccessGuard.HEADER, token, "Sec-Fetch-Site", "same-site")).status());
        // a cookie is not enough for a change: a cross-site form could send it
        assertEquals(403, post(kill, Map.of("Cookie", AccessGuard.COOKIE + "=" + token)).status());
        assertEquals(401, post(kill, Map.of()).status());
        assertTrue(node.isAlive(victim));

        assertEquals(200, post(kill, Map.of(AccessGuard.HEADER, token, "Origin", "http://127.0.0.1:" + at.getPort(),
                "Sec-Fetch-Site", "same-origin")).status());
        org.awaitility.Awaitility.await().until(() -> !node.isAlive(victim));
    }

    @Test
    void aGet_cannotChangeAnything() {
        Pid victim = agner.node().spawn(ctx -> ctx.receive());
        int status = Http.get(at, "/api/kill?pid=" + Http.enc(victim) + "&token=" + token, Map.of()).status();
        assertTrue(status == 404 || status == 405, "GET /api/kill answered " + status);
        assertTrue(agner.node().isAlive(victim));
    }

    @Test
    void itListensOnLoopbackOnly() throws IOException {
        assertTrue(observer.address().getAddress().isLoopbackAddress());
        Optional<InetAddress> other = NetworkInterface.networkInterfaces()
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
                .findFirst();
        if (other.isPresent()) {
            try (Socket s = new Socket()) {
                assertThrows(IOException.class, () -> s.connect(new InetSocketAddress(other.get(), at.getPort()), 2_000),
                        "connected on " + other.get());
            }
        }
    }

    @Test
    void theUrlFile_isOwnerOnly_andGoesAwayOnClose() throws IOException {
        Path file = tmp.resolve("agner").resolve("sec.observer");
        assertEquals(observer.uri().toString(), Files.readString(file).strip());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        assertEquals(43, token.length()); // 32 bytes, URL-safe base64 without padding

        observer.close();
        assertFalse(Files.exists(file));
    }

    private Http.Response post(String target, Map<String, String> headers) {
        return Http.request(at, "POST", target, headers, new byte[0]);
    }
}
