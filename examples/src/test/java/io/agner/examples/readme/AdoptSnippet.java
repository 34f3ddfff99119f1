package io.agner.examples.readme;

import io.agner.behaviour.GenServers;
import io.agner.hotswap.ControlServer;
import io.agner.runtime.Node;
import io.agner.supervisor.ChildSpec;
import io.agner.supervisor.SupFlags;
import io.agner.supervisor.Supervisor;
import java.util.List;

/** README "Use agner in your project" (ReadmeSnippetsTest compares them); compiled, not run (it runs until killed). */
final class AdoptSnippet {

    private AdoptSnippet() {}

    public static void main(String[] args) throws InterruptedException {
        // README[adopt 1]
        try (Node node = Node.start(); ControlServer control = ControlServer.start(node, "orders")) {
            Supervisor.start(node, SupFlags.DEFAULT, List.of(
                    ChildSpec.worker("counter", (sup, a) -> GenServers.startLink(sup, new Counter(), "counter"))));
            Thread.currentThread().join();   // serve until the JVM is stopped; bin/agner --node orders tree
        }
        // README[end]
    }
}
