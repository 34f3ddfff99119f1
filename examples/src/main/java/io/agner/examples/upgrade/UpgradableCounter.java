package io.agner.examples.upgrade;

import io.agner.hotswap.CodeServer;
import io.agner.runtime.Node;
import io.agner.runtime.Pid;
import io.agner.supervisor.ChildSpec;
import io.agner.supervisor.SupFlags;
import io.agner.supervisor.Supervisor;
import java.nio.file.Path;
import java.util.List;

/**
 * The live-upgrade example's setup, shared by its {@code main} and its test: a code server, the
 * counter module loaded from its jar, and a supervisor whose child runs it, registered as
 * {@value #NAME}. Call from any thread.
 */
public final class UpgradableCounter {

    /** The counter's registered name. */
    public static final String NAME = "counter";

    private UpgradableCounter() {}

    /** Starts the code server, loads {@code moduleJar} and starts the supervised counter; returns the supervisor. */
    public static Pid start(Node node, Path moduleJar) {
        CodeServer.start(node);
        CodeServer.load(node, moduleJar);
        return Supervisor.start(node, SupFlags.DEFAULT, List.of(ChildSpec.worker(NAME, (sup, args) -> {
            Pid counter = CodeServer.startLink(sup, "counter", args);
            sup.node().register(NAME, counter); // released when it exits, so a restart can take it
            return counter;
        })), "counter_sup");
    }
}
