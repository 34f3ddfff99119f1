package io.agner.examples.readme;

import io.agner.behaviour.GenServers;
import io.agner.runtime.Node;
import io.agner.runtime.Pid;
import io.agner.runtime.ServerRef;
import io.agner.supervisor.ChildSpec;
import io.agner.supervisor.SupFlags;
import io.agner.supervisor.Supervisor;
import java.time.Duration;
import java.util.List;

/** README "Behaviours", second part, after {@link Counter} (ReadmeSnippetsTest compares them). */
final class BehavioursSnippet {

    private BehavioursSnippet() {}

    /** Starts the counter under a supervisor on {@code node}; returns {@code n} and the supervisor. */
    static Object[] run(Node node) {
        // README[behaviours 2]
        Pid sup = Supervisor.start(node, SupFlags.DEFAULT.withIntensity(3, Duration.ofSeconds(5)), List.of(
                ChildSpec.worker("counter", (s, args) -> GenServers.startLink(s, new Counter(), "counter"))));
        GenServers.cast(node, ServerRef.named("counter"), new Counter.Add(5));
        long n = (Long) GenServers.call(node, ServerRef.named("counter"), new Counter.Get());  // 5, within 5 s
        // README[end]
        return new Object[] {n, sup};
    }
}
