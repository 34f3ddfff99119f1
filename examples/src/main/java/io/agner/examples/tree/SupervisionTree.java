package io.agner.examples.tree;

import io.agner.behaviour.CallException;
import io.agner.behaviour.GenServers;
import io.agner.examples.counter.Counter;
import io.agner.runtime.ExitReason;
import io.agner.runtime.Node;
import io.agner.runtime.ServerRef;
import io.agner.runtime.Pid;
import io.agner.supervisor.ChildSpec;
import io.agner.supervisor.RestartStrategy;
import io.agner.supervisor.SupFlags;
import io.agner.supervisor.Supervisor;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * A small supervision tree that survives random crashes: a root supervisor (one-for-one) over
 * two counters and a rest-for-one sub-supervisor; a seeded "chaos monkey" kills random workers
 * while the tree keeps answering, and restarts stay within the intensity.
 *
 * <pre>
 *   root (one_for_one)
 *   ├── counter-a
 *   ├── counter-b
 *   └── pipeline (rest_for_one)
 *       ├── stage-1
 *       └── stage-2
 * </pre>
 *
 * <p>Run: {@code make build && java -cp examples/target/classes:$(cat examples/target/classpath.txt) io.agner.examples.tree.SupervisionTree}
 */
public final class SupervisionTree {

    static final List<String> WORKERS = List.of("counter-a", "counter-b", "stage-1", "stage-2");

    /** The longest pause between two calls to a worker that is restarting. */
    private static final long MAX_PAUSE_MILLIS = 100;

    private SupervisionTree() {}

    /** Starts the tree; returns the root supervisor. */
    public static Pid start(Node node) {
        SupFlags lenient = SupFlags.DEFAULT.withIntensity(100, Duration.ofSeconds(1));
        return Supervisor.start(node, lenient, List.of(
                counter("counter-a"),
                counter("counter-b"),
                ChildSpec.supervisor("pipeline", (root, args) -> Supervisor.startLink(root,
                        lenient.withStrategy(RestartStrategy.REST_FOR_ONE),
                        List.of(counter("stage-1"), counter("stage-2"))))), "root");
    }

    private static ChildSpec counter(String name) {
        return ChildSpec.worker(name, (sup, args) -> GenServers.startLink(sup, new Counter(), name));
    }

    /**
     * Kills {@code kills} random workers (seeded), each time checking that every worker answers
     * again; returns how many calls failed while a worker was down and came back.
     */
    public static int chaos(Node node, int kills, long seed) {
        Random random = new Random(seed);
        int retried = 0;
        for (int i = 0; i < kills; i++) {
            String victim = WORKERS.get(random.nextInt(WORKERS.size()));
            node.whereis(victim).ifPresent(pid -> node.exit(pid, ExitReason.KILL));
            for (String worker : WORKERS) {
                retried += callUntilAnswered(node, worker);
            }
        }
        return retried;
    }

    /**
     * Calls until the (restarted) worker answers; returns how many attempts failed. Between tries
     * it sleeps, doubling from 1 ms up to 100 ms: the supervisor needs a moment to restart the
     * worker, and asking again at once would only burn a core (or a virtual thread's carrier).
     */
    private static int callUntilAnswered(Node node, String worker) {
        long pauseMillis = 1;
        for (int failed = 0; ; failed++) {
            try {
                GenServers.call(node, ServerRef.named(worker), new Counter.Get(), Duration.ofSeconds(5));
                return failed;
            } catch (CallException restarting) {
                pause(pauseMillis);
                pauseMillis = Math.min(2 * pauseMillis, MAX_PAUSE_MILLIS);
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a worker to restart", e);
        }
    }

    public static void main(String[] args) {
        try (Node node = Node.start()) {
            Pid root = start(node);
            System.out.println("tree: root " + root + " children " + Supervisor.whichChildren(node, root));
            int failedCalls = chaos(node, 50, 42);
            System.out.printf("tree: survived 50 random kills; %d calls hit a worker while it restarted; children now %s%n",
                    failedCalls, Supervisor.countChildren(node, root));
        }
    }
}
