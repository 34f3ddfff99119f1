package io.agner.observer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.hotswap.ControlServer;
import io.agner.cli.Agner;
import io.agner.testkit.NodeExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/agner observer} prints the URL of the chosen node's observer, or says it runs none. */
class ObserverCommandTest {

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int agner(Path dir, String... args) {
        return Agner.run(dir, new PrintWriter(out), new PrintWriter(err), args);
    }

    @Test
    void printsTheUrlWithItsToken_forTheOnlyNode_orTheNamedOne() {
        Path dir = tmp.resolve("agner");
        try (ControlServer control = ControlServer.start(agner.node(), "web", dir);
             Observer observer = Observer.start(agner.node(), ObserverOptions.DEFAULT.withNodeName("web").withControlDir(dir))) {
            assertEquals(0, agner(dir, "observer"), err.toString());
            assertEquals(observer.uri().toString(), out.toString().strip());

            out.getBuffer().setLength(0);
            assertEquals(0, agner(dir, "observer", "--node", "web"), err.toString());
            assertEquals(0, agner(dir, "--node", "web", "observer"), err.toString());
            assertEquals((observer.uri() + "\n").repeat(2), out.toString());
        }
    }

    @Test
    void aNodeWithoutObserver_isAClearError() {
        Path dir = tmp.resolve("agner");
        try (ControlServer control = ControlServer.start(agner.node(), "plain", dir)) {
            assertEquals(1, agner(dir, "observer"));
            assertTrue(err.toString().contains("node 'plain' runs no observer"), err.toString());
        }
    }

    @Test
    void noNodeAtAll_isAClearError() {
        assertEquals(3, agner(tmp.resolve("agner"), "observer"));   // 3: no node to talk to (agner --help)
        assertTrue(err.toString().contains("no agner node is running"), err.toString());
    }
}
