package com.example.gettingstarted;

import io.agner.behaviour.GenServers;
import io.agner.behaviour.StateMachines;
import io.agner.hotswap.ControlServer;
import io.agner.runtime.Caller;
import io.agner.runtime.Node;
import io.agner.runtime.Pid;
import io.agner.runtime.ServerRef;
import io.agner.supervisor.ChildSpec;
import io.agner.supervisor.SupFlags;
import io.agner.supervisor.Supervisor;
import java.util.List;

/**
 * The application: a supervisor (one-for-one) over the {@link Inventory} server, registered as
 * {@value #INVENTORY}, and the {@link Turnstile}, registered as {@value #TURNSTILE}; either is
 * restarted when it crashes. {@link #main} runs it on a node that {@code bin/agner} can see.
 *
 * <p>Run (after {@code mvn package}), with the JVM flag agner's scheduler needs:
 * {@code java --add-opens java.base/java.lang=ALL-UNNAMED -cp ... com.example.gettingstarted.App [--keep-running]};
 * then, from agner's checkout, {@code bin/agner --node getting-started tree}.
 */
public final class App {

    public static final String INVENTORY = "inventory";
    public static final String TURNSTILE = "turnstile";

    private App() {}

    /** Starts the supervision tree, registered as "app"; returns the supervisor's pid. */
    public static Pid start(Caller caller) {
        return Supervisor.start(caller, SupFlags.DEFAULT, List.of(
                ChildSpec.worker(INVENTORY, (sup, args) -> GenServers.startLink(sup, new Inventory(), INVENTORY)),
                ChildSpec.worker(TURNSTILE, (sup, args) -> StateMachines.startLink(sup, new Turnstile(), TURNSTILE))), "app");
    }

    public static void main(String[] args) throws InterruptedException {
        try (Node node = Node.start(); ControlServer control = ControlServer.start(node, "getting-started")) {
            start(node);
            GenServers.cast(node, ServerRef.named(INVENTORY), new Inventory.Restock("ticket", 2));
            Object reserved = GenServers.call(node, ServerRef.named(INVENTORY), new Inventory.Reserve("ticket"));
            GenServers.cast(node, ServerRef.named(TURNSTILE), Turnstile.COIN);
            Object state = GenServers.call(node, ServerRef.named(TURNSTILE), Turnstile.STATE);
            System.out.println("reserved a ticket: " + reserved + "; turnstile after a coin: " + state);
            if (List.of(args).contains("--keep-running")) {
                System.out.println("node 'getting-started' runs; try bin/agner --node getting-started tree (Ctrl-C ends it)");
                Thread.currentThread().join();
            }
        }
    }
}
