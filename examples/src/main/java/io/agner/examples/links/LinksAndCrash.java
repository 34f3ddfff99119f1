package io.agner.examples.links;

import io.agner.runtime.ExitReason;
import io.agner.runtime.Node;
import io.agner.runtime.Pid;
import io.agner.runtime.Signal;
import io.agner.runtime.SpawnOptions;
import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;

/**
 * "Let it crash": a worker crashes; the process linked to it dies with the same reason, while a
 * process that traps exits receives the crash as an {@code Exit} message and lives on. A monitor
 * reports each death once.
 *
 * <p>Run: {@code make build && java -cp examples/target/classes:$(cat examples/target/classpath.txt) io.agner.examples.links.LinksAndCrash}
 */
public final class LinksAndCrash {

    record Divide(int a, int b) {}

    private LinksAndCrash() {}

    /** Runs the story, printing each step to {@code out}; returns the reason the trapping process saw. */
    public static ExitReason run(Node node, PrintStream out) throws Exception {
        CompletableFuture<ExitReason> seen = new CompletableFuture<>();
        CompletableFuture<Pid[]> started = new CompletableFuture<>();
        CompletableFuture<Void> watched = new CompletableFuture<>();

        // The "keeper" traps exits: it is told about crashes instead of dying of them.
        Pid keeper = node.spawn(ctx -> {
            Pid worker = ctx.spawnLink(w -> {
                while (true) {
                    if (w.receive() instanceof Divide(int a, int b)) {
                        w.send(w.self(), a / b); // b == 0 throws: the worker crashes
                    }
                }
            });
            Pid self = ctx.self();
            Pid bystander = ctx.spawn(b -> {
                b.link(worker); // does not trap exits: dies with the worker
                b.send(self, "linked");
                b.receive();
            });
            Pid watcher = ctx.spawn(wt -> {
                wt.monitor(worker);
                wt.monitor(bystander);
                wt.send(self, "watching");
                for (int i = 0; i < 2; i++) {
                    Signal.Down down = (Signal.Down) wt.receive(m -> m instanceof Signal.Down);
                    out.printf("  monitor: %s went down, reason: %s%n", down.pid(), reasonText(down.reason()));
                }
                watched.complete(null);
            });
            ctx.receive(m -> m.equals("linked"));
            ctx.receive(m -> m.equals("watching"));
            started.complete(new Pid[] {worker, bystander, watcher});
            Signal.Exit exit = (Signal.Exit) ctx.receive(m -> m instanceof Signal.Exit);
            out.printf("  keeper %s (traps exits) got Exit from %s: %s -- and lives on%n",
                    ctx.self(), exit.from(), reasonText(exit.reason()));
            seen.complete(exit.reason());
        }, SpawnOptions.DEFAULT.withTrapExit(true));

        Pid[] pids = started.get();
        out.printf("  spawned keeper %s, worker %s (linked to keeper), bystander %s (linked to worker), watcher %s%n",
                keeper, pids[0], pids[1], pids[2]);
        out.printf("  sending the worker Divide(1, 0)...%n");
        node.send(pids[0], new Divide(1, 0));
        watched.get();
        return seen.get();
    }

    private static String reasonText(ExitReason reason) {
        return reason instanceof ExitReason.Error(Throwable cause)
                ? "error " + cause.getClass().getSimpleName() + ": " + cause.getMessage()
                : reason.toString();
    }

    public static void main(String[] args) throws Exception {
        try (Node node = Node.start()) {
            run(node, System.out);
        }
    }
}
