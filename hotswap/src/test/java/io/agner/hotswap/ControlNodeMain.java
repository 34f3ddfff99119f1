package io.agner.hotswap;

import io.agner.runtime.Node;
import io.agner.runtime.SpawnOptions;
import java.nio.file.Path;

/**
 * A node in a child JVM for the CLI tests: {@link ControlFixture}'s processes and a control
 * socket named {@code args[2]} in {@code args[0]}; prints READY, runs until its stdin closes.
 * Main thread only.
 *
 * <p>Arguments: the socket folder, the billing@1 jar, the node's name.
 */
public final class ControlNodeMain {

    private ControlNodeMain() {}

    public static void main(String[] args) throws Exception {
        try (Node node = Node.start()) {
            ControlFixture.populate(node, Path.of(args[1]));
            node.spawn(ControlFixture.CHATTER, SpawnOptions.DEFAULT.withName("chatter").withTrapExit(true));
            try (ControlServer control = ControlServer.start(node, args[2], Path.of(args[0]))) {
                System.out.println("READY " + control.socket());
                System.out.flush();
                while (System.in.read() >= 0) {
                    // the test ends the node by closing our stdin (or destroying us)
                }
            }
        }
    }
}
