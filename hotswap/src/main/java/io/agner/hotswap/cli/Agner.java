package io.agner.hotswap.cli;

import io.agner.hotswap.ControlDir;
import io.agner.hotswap.SchedulerReport;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code agner} command: speaks to a running node's control socket. Run it from a shell
 * ({@code bin/agner ps}); in a program or test, {@link #run} on any thread returns the exit code.
 *
 * <p>Exit status: 0 on success; 1 when no node answers, the node refuses the connection, or it
 * answers ERROR (the reason is the one line on stderr); 2 on a usage error.
 */
@Command(name = "agner", mixinStandardHelpOptions = true, version = "agner 0.1.0",
        description = "Inspects and changes a running agner node through its control socket.",
        footer = "Sockets live in $XDG_RUNTIME_DIR/agner, else /tmp/agner-<user>.")
public final class Agner {

    /** Before or after the subcommand, as people type it: {@code agner --node n ps} or {@code agner ps --node n}. */
    @Option(names = "--node", paramLabel = "NAME", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "the node to talk to (default: the only running one)")
    private String node;

    private final Path dir;
    private final PrintWriter out;
    private final PrintWriter err;

    private Agner(Path dir, PrintWriter out, PrintWriter err) {
        this.dir = dir;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(ControlDir.defaultDir(), out, err, args));
    }

    /** Runs one agner command line against the sockets in {@code dir}; returns the exit status. */
    public static int run(Path dir, PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Agner(dir, out, err));
        cl.addSubcommand(new ObserverCommand(dir, out, cl.<Agner>getCommand()::chooseNode));
        cl.setOut(out).setErr(err);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            String reason = e instanceof ControlClient.Failure ? e.getMessage() : String.valueOf(e);
            err.println("agner: " + reason);
            err.flush();
            return 1;
        });
        try {
            return cl.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    @Command(name = "nodes", mixinStandardHelpOptions = true,
            description = {"Lists this user's running nodes, each with the scheduler running its processes:"
                    + " agner (agner's own carriers) or jdk (the JDK's scheduler; see agner sched), ? if the node does not say.",
                    "Fails when no node runs."})
    int nodes() {
        List<String> running = runningNodes();
        if (running.isEmpty()) {
            throw noNode();
        }
        int width = running.stream().mapToInt(String::length).max().orElseThrow();
        for (String name : running) {
            out.println(name + " ".repeat(width - name.length()) + "  scheduler: " + schedulerOf(name));
        }
        return 0;
    }

    @Command(name = "ps", mixinStandardHelpOptions = true,
            description = "Lists processes: pid, registered name, behaviour, module@version, status, mailbox length.")
    int ps() {
        return ask("ps");
    }

    @Command(name = "tree", mixinStandardHelpOptions = true, description = "Shows the supervision trees.")
    int tree() {
        return ask("tree");
    }

    @Command(name = "info", mixinStandardHelpOptions = true, description = "Shows one process.")
    int info(@Parameters(paramLabel = "PID|NAME", description = "a pid like <0.42.0>, or a registered name") String target) {
        return ask("info " + target);
    }

    @Command(name = "sched", mixinStandardHelpOptions = true,
            description = {"Shows the node's scheduler: its kind (agner or jdk, and why jdk if agner's was unavailable),"
                    + " then per carrier thread: role, alive, continuations run, run-next hits, steals, spins, parks, utilisation.",
                    "Counters are cumulative since the node started."})
    int sched() {
        return ask("sched");
    }

    @Command(name = "modules", mixinStandardHelpOptions = true,
            description = "Lists loaded modules: current and old versions, and the processes on each.")
    int modules() {
        return ask("modules");
    }

    @Command(name = "load", mixinStandardHelpOptions = true,
            description = "Loads a module jar: a first load, or an upgrade of every process running the module, all or nothing.")
    int load(@Parameters(paramLabel = "JAR", description = "the module jar or folder") Path jar) {
        return ask("load " + jar.toAbsolutePath().normalize());
    }

    @Command(name = "purge", mixinStandardHelpOptions = true,
            description = "Drops a module's old version, killing the processes still on it (unless --soft).")
    int purge(@Parameters(paramLabel = "MODULE") String module,
              @Option(names = "--soft", description = "refuse while processes run the old version") boolean soft) {
        return ask("purge " + module + (soft ? " --soft" : ""));
    }

    @Command(name = "kill", mixinStandardHelpOptions = true, description = "Sends an exit signal to a process.")
    int kill(@Parameters(index = "0", paramLabel = "PID|NAME") String target,
             @Parameters(index = "1", arity = "0..1", paramLabel = "REASON", defaultValue = "kill",
                     description = "the exit reason (default: ${DEFAULT-VALUE}, which cannot be trapped)") String reason) {
        return ask("kill " + target + " " + reason);
    }

    @Command(name = "trace", mixinStandardHelpOptions = true,
            description = {"Streams a process's messages in (as it takes them: <<) and out (>>) and its exit, one line each,"
                    + " until --max events, a rate above --rate, its exit, or Ctrl-C; then tracing is off.",
                    "Lines: +<ms since the start> <pid> << <message> | >> <to> <message> | exit <reason>; last: stopped: <why>."})
    int trace(@Parameters(paramLabel = "PID|NAME", description = "a pid like <0.42.0>, or a registered name") String target,
              @Option(names = "--max", paramLabel = "N", defaultValue = "1000",
                      description = "stop after N events (default: ${DEFAULT-VALUE})") long max,
              @Option(names = "--rate", paramLabel = "N/s", defaultValue = "100",
                      description = "stop when events come faster than N per second (default: ${DEFAULT-VALUE})") String rate) {
        String error = ControlClient.stream(dir, chooseNode(), "trace " + target + " --max " + max + " --rate " + rate, line -> {
            out.println(line);
            out.flush();
        });
        if (error != null) {
            err.println("agner: " + error);
            return 1;
        }
        return 0;
    }

    private int ask(String request) {
        ControlClient.Answer answer = ControlClient.request(dir, chooseNode(), request);
        answer.lines().forEach(out::println);
        if (answer.error() != null) {
            out.flush();
            err.println("agner: " + answer.error());
            return 1;
        }
        return 0;
    }

    /** The kind of scheduler node {@code name} says it runs on, or "?" when it does not say (an older node, or it went away). */
    private String schedulerOf(String name) {
        try {
            ControlClient.Answer answer = ControlClient.request(dir, name, "sched");
            String kind = answer.error() == null && !answer.lines().isEmpty() ? SchedulerReport.kindOf(answer.lines().get(0)) : null;
            return kind == null ? "?" : kind;
        } catch (ControlClient.Failure noAnswer) {
            return "?";
        }
    }

    private String chooseNode() {
        if (node != null) {
            return node;
        }
        List<String> running = runningNodes();
        if (running.isEmpty()) {
            throw noNode();
        }
        if (running.size() > 1) {
            throw new ControlClient.Failure("several nodes run (" + String.join(", ", running) + "); choose one with --node NAME");
        }
        return running.get(0);
    }

    private ControlClient.Failure noNode() {
        return new ControlClient.Failure("no agner node is running (no socket answers in " + dir + ")");
    }

    private List<String> runningNodes() {
        return ControlClient.runningNodes(dir);
    }
}
