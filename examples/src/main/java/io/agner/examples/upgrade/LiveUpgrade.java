package io.agner.examples.upgrade;

import io.agner.behaviour.CallException;
import io.agner.runtime.ServerRef;
import io.agner.behaviour.GenServers;
import io.agner.hotswap.ControlServer;
import io.agner.observer.Observer;
import io.agner.observer.ObserverOptions;
import io.agner.runtime.Node;
import io.agner.cli.CommandLines;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Live upgrade: a supervised counter runs module {@code counter@1} while a client keeps calling
 * it; from another terminal, {@code bin/agner load examples/counter-v2/target/counter-2.jar}
 * upgrades it to {@code counter@2} (a new state field, a new answer) without stopping it.
 *
 * <p>Run: {@code make upgrade-demo} (or, after {@code make build}, {@code java -cp
 * examples/target/classes:$(cat examples/target/classpath.txt) io.agner.examples.upgrade.LiveUpgrade [SECONDS]}; {@code --help}),
 * then in another terminal {@code bin/agner modules}, {@code bin/agner load
 * examples/counter-v2/target/counter-2.jar}, {@code bin/agner ps}.
 */
public final class LiveUpgrade {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");   // LocalTime's toString drops :00

    /** The name the node's control socket carries: {@code bin/agner --node live ...}. */
    public static final String NODE_NAME = "live";

    private LiveUpgrade() {}

    public static void main(String[] args) throws Exception {
        switch (parse(new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8), args)) {
            case CommandLines.Parsed.Exit<Integer>(int status) -> System.exit(status);
            case CommandLines.Parsed.Run<Integer>(Integer seconds) -> run(seconds);
        }
    }

    /** Parses the command line: {@code [SECONDS]}, how long the client calls (default 300); see {@link CommandLines#parse}. */
    static CommandLines.Parsed<Integer> parse(PrintWriter out, PrintWriter err, String... args) {
        return CommandLines.parse(new Spec(), out, err, args);
    }

    @Command(name = "live-upgrade", description = "A supervised counter on counter@1, called every second; upgrade it with bin/agner load.")
    static final class Spec implements CommandLines.Spec<Integer> {
        @Parameters(arity = "0..1", paramLabel = "SECONDS", description = "how long the client calls (default: ${DEFAULT-VALUE})")
        int seconds = 300;

        @Override
        public Integer options() {
            if (seconds < 1) {
                throw new IllegalArgumentException("SECONDS must be >= 1, was " + seconds);
            }
            return seconds;
        }
    }

    private static void run(int seconds) throws Exception {
        Path v1 = Path.of("examples/counter-v1/target/counter-1.jar");
        try (Node node = Node.start(); ControlServer control = ControlServer.start(node, NODE_NAME);
             Observer observer = Observer.start(node, ObserverOptions.DEFAULT.withNodeName(NODE_NAME))) {
            UpgradableCounter.start(node, v1);
            System.out.println("observer: " + observer.uri() + "  (open it in a browser; bin/agner observer prints it again)");
            System.out.printf("""
                    live-upgrade: node '%s' runs counter@1 (from %s); a client calls it every second for %d s.
                    In another terminal, try:
                      bin/agner modules
                      bin/agner load examples/counter-v2/target/counter-2.jar
                      bin/agner ps
                    %n""", NODE_NAME, v1, seconds);
            for (int i = 0; i < seconds; i++) {
                GenServers.cast(node, ServerRef.named(UpgradableCounter.NAME), "incr");
                try {
                    Object answer = GenServers.call(node, ServerRef.named(UpgradableCounter.NAME), "get", Duration.ofSeconds(5));
                    System.out.println(LocalTime.now().format(CLOCK) + "  " + answer);
                } catch (CallException e) {
                    System.out.println(LocalTime.now().format(CLOCK) + "  call failed: " + e.getMessage());
                }
                Thread.sleep(1000); // the demo's pace: one call a second, so a person can follow it
            }
        }
    }
}
