package io.agner.examples;

import io.agner.cli.CommandLines;

import io.agner.examples.links.LinksAndCrash;
import io.agner.examples.ring.Ring;
import io.agner.examples.tree.SupervisionTree;
import io.agner.runtime.Node;
import io.agner.runtime.Pid;
import io.agner.supervisor.Supervisor;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;

/**
 * The runtime tour, what {@code make tour} runs ({@code make demo} runs the switch demo): links and
 * a crash, a ring of 10,000 processes, and a supervision tree that survives random crashes.
 */
public final class Demo {

    private Demo() {}

    public static void main(String[] args) throws Exception {
        if (parse(new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8), args) instanceof CommandLines.Parsed.Exit<?>(int status)) {
            System.exit(status);
        }
        tour();
    }

    /** The tour takes no options: {@code --help} says what it does; anything else is refused (exit 2). */
    static CommandLines.Parsed<Boolean> parse(PrintWriter out, PrintWriter err, String... args) {
        return CommandLines.parse(new Spec(), out, err, args);
    }

    @Command(name = "tour", description = {"The runtime tour (make tour): links and a crash, a ring of 10,000 processes,"
            + " a supervision tree surviving random kills. No options."})
    static final class Spec implements CommandLines.Spec<Boolean> {
        @Override
        public Boolean options() {
            return true;
        }
    }

    private static void tour() throws Exception {
        try (Node node = Node.start()) {
            System.out.println("1. Links, a crash and its exit signal");
            LinksAndCrash.run(node, System.out);
            System.out.println();
            System.out.println("2. A ring of 10,000 processes");
            Ring.report(node, 10_000, 100);
            System.out.println();
            System.out.println("3. A supervision tree surviving 10 random kills (each restart is logged once)");
            Pid root = SupervisionTree.start(node);
            int failedCalls = SupervisionTree.chaos(node, 10, 42);
            System.out.printf("tree: still whole (%s); %d calls reached a worker while it restarted%n",
                    Supervisor.countChildren(node, root), failedCalls);
            System.out.printf("%nDone; %d processes left running, which closing the node stops.%n", node.processes().size());
        }
    }
}
