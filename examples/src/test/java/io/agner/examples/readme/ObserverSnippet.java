package io.agner.examples.readme;

import io.agner.observer.Observer;
import io.agner.observer.ObserverOptions;
import io.agner.runtime.Node;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** README "Observing a node" (ReadmeSnippetsTest compares them); compiled, not run (it writes the node's observer file). */
final class ObserverSnippet {

    private ObserverSnippet() {}

    static void serve(Node node, AtomicLong calls) {
        // README[observer 1]
        try (Observer observer = Observer.start(node, ObserverOptions.DEFAULT.withNodeName("switch"))) {
            observer.addDashboard("switch", () -> Map.of("calls in progress", calls.get()));
            System.out.println(observer.uri());   // http://127.0.0.1:<port>/?token=...
        }
        // README[end]
    }
}
