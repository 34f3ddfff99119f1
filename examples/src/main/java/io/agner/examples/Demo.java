package io.agner.examples;

import io.agner.examples.links.LinksAndCrash;
import io.agner.examples.ring.Ring;
import io.agner.runtime.Node;

/** What {@code make demo} runs until the switch demo exists: links and a crash, then a ring of 10,000 processes. */
public final class Demo {

    private Demo() {}

    public static void main(String[] args) throws Exception {
        try (Node node = Node.start()) {
            System.out.println("1. Links, a crash and its exit signal");
            LinksAndCrash.run(node, System.out);
            System.out.println();
            System.out.println("2. A ring of 10,000 processes");
            Ring.report(node, 10_000, 100);
            System.out.printf("%nDone; %d processes left running, which closing the node stops.%n", node.processes().size());
        }
    }
}
