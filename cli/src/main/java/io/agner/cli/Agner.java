package io.agner.cli;

import io.agner.hotswap.ControlDir;
import io.agner.hotswap.Json;
import io.agner.hotswap.SchedulerReport;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The {@code agner} command: speaks to a running node's control socket. Run it from a shell
 * ({@code bin/agner ps}); in a program or test, {@link #run} on any thread returns the exit code.
 *
 * <p>For scripts: {@code --json} prints a listing ({@code nodes ps tree info state modules}) as one
 * JSON document on one line, as the node builds it from the same data as the text (the node
 * answers {@code json <request>}; nothing here parses text); {@code --timeout} bounds every wait
 * for a node (default {@value #DEFAULT_TIMEOUT_SECONDS} s; {@code load} {@value #LOAD_TIMEOUT_SECONDS} s,
 * an upgrade of many processes takes a while; {@code trace} until it starts).
 *
 * <p>Exit status: 0 on success; 1 when the node answers ERROR (the reason is the one line on
 * stderr); 2 on a usage error; 3 when there is no node to talk to (none runs, none by that name,
 * several and no {@code --node}, or it refuses the connection); 4 when the node does not answer
 * within the timeout.
 */
@Command(name = "agner", mixinStandardHelpOptions = true, versionProvider = Agner.BuildVersion.class,
        description = "Inspects and changes a running agner node through its control socket.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
                "0:success",
                "1:the node answered with an error (the reason is the one line on stderr)",
                "2:usage error (unknown command or option, bad value)",
                "3:no node to talk to: none runs, none by that name, several and no --node, or it refused the connection",
                "4:the node did not answer within --timeout"},
        footer = {"", "Sockets live in $XDG_RUNTIME_DIR/agner, else /tmp/agner-<user>.",
                "Bash completion: source <(bin/agner completion)"})
public final class Agner {

    /** Before or after the subcommand, as people type it: {@code agner --node n ps} or {@code agner ps --node n}. */
    @Option(names = "--node", paramLabel = "NAME", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "the node to talk to (default: the only running one)")
    private String node;

    @Option(names = "--json", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "print nodes, ps, tree, info, state or modules as one JSON document on one line")
    private boolean json;

    @Option(names = "--timeout", paramLabel = "SECONDS", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "give up on a node that has not answered after this long (default: " + DEFAULT_TIMEOUT_SECONDS
                    + "; load: " + LOAD_TIMEOUT_SECONDS + "; trace: until it starts)")
    private Double timeoutSeconds;

    @Spec
    private CommandSpec spec;

    static final int DEFAULT_TIMEOUT_SECONDS = 5;
    static final int LOAD_TIMEOUT_SECONDS = 120;

    /** The version of the build this command comes from ({@code version.properties}, filtered by Maven). */
    static final class BuildVersion implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws java.io.IOException {
            java.util.Properties p = new java.util.Properties();
            try (var in = Agner.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"agner " + p.getProperty("version", "(unknown version)")};
        }
    }

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
            return e instanceof ControlClient.Failure f ? f.status() : ControlClient.ERROR;
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
        if (json) {
            List<Map<String, String>> nodes = new ArrayList<>();
            for (String name : running) {
                Map<String, String> n = new LinkedHashMap<>();
                n.put("name", name);
                n.put("scheduler", schedulerOf(name));
                nodes.add(n);
            }
            out.println(Json.write(nodes));
            return 0;
        }
        int width = running.stream().mapToInt(String::length).max().orElseThrow();
        for (String name : running) {
            out.println(name + " ".repeat(width - name.length()) + "  scheduler: " + schedulerOf(name));
        }
        return 0;
    }

    @Command(name = "ps", mixinStandardHelpOptions = true,
            description = "Lists processes: pid, registered name, behaviour, module@version, status, mailbox length.")
    int ps(@Option(names = "--sort", paramLabel = "KEY", completionCandidates = SortKeys.class,
                   description = "order: ${COMPLETION-CANDIDATES} (the longest mailbox first; default: pid)") String sort,
           @Option(names = "--limit", paramLabel = "N", description = "at most N processes") Integer limit) {
        if (sort != null && !SortKeys.KEYS.contains(sort)) {
            throw usage("--sort is " + String.join(", ", SortKeys.KEYS) + "; was '" + sort + "'");
        }
        if (limit != null && limit < 1) {
            throw usage("--limit is at least 1; was " + limit);
        }
        return listing("ps" + (sort == null ? "" : " --sort " + sort) + (limit == null ? "" : " --limit " + limit));
    }

    /** {@code ps --sort}'s keys. */
    static final class SortKeys implements Iterable<String> {
        static final List<String> KEYS = List.of("pid", "name", "mailbox");

        @Override
        public java.util.Iterator<String> iterator() {
            return KEYS.iterator();
        }
    }

    @Command(name = "tree", mixinStandardHelpOptions = true, description = "Shows the supervision trees.")
    int tree() {
        return listing("tree");
    }

    @Command(name = "info", mixinStandardHelpOptions = true, description = "Shows one process.")
    int info(@Parameters(paramLabel = "PID|NAME", description = "a pid like <0.42.0>, or a registered name") String target) {
        return listing("info " + target);
    }

    @Command(name = "state", mixinStandardHelpOptions = true,
            description = {"Shows a behaviour's whole state (Sys.getState): as text its toString;"
                    + " with --json its fields by name (records as objects, enums by name, collections as arrays)."})
    int state(@Parameters(paramLabel = "PID|NAME", description = "a pid like <0.42.0>, or a registered name") String target) {
        return listing("state " + target);
    }

    @Command(name = "sched", mixinStandardHelpOptions = true,
            description = {"Shows the node's scheduler: its kind (agner or jdk, and why jdk if agner's was unavailable),"
                    + " then per carrier thread: role, alive, continuations run, run-next hits, steals, spins, parks, utilisation.",
                    "Counters are cumulative since the node started."})
    int sched() {
        return ask("sched", timeout(DEFAULT_TIMEOUT_SECONDS));
    }

    @Command(name = "modules", mixinStandardHelpOptions = true,
            description = "Lists loaded modules: current and old versions, and the processes on each.")
    int modules() {
        return listing("modules");
    }

    @Command(name = "load", mixinStandardHelpOptions = true,
            description = "Loads a module jar: a first load, or an upgrade of every process running the module, all or nothing.")
    int load(@Parameters(paramLabel = "JAR", description = "the module jar or folder") Path jar) {
        return ask("load " + jar.toAbsolutePath().normalize(), timeout(LOAD_TIMEOUT_SECONDS));
    }

    @Command(name = "purge", mixinStandardHelpOptions = true,
            description = "Drops a module's old version, killing the processes still on it (unless --soft).")
    int purge(@Parameters(paramLabel = "MODULE") String module,
              @Option(names = "--soft", description = "refuse while processes run the old version") boolean soft) {
        return ask("purge " + module + (soft ? " --soft" : ""), timeout(DEFAULT_TIMEOUT_SECONDS));
    }

    @Command(name = "kill", mixinStandardHelpOptions = true, description = "Sends an exit signal to a process.")
    int kill(@Parameters(index = "0", paramLabel = "PID|NAME") String target,
             @Parameters(index = "1", arity = "0..1", paramLabel = "REASON", defaultValue = "kill",
                     description = "the exit reason (default: ${DEFAULT-VALUE}, which cannot be trapped)") String reason) {
        return ask("kill " + target + " " + reason, timeout(DEFAULT_TIMEOUT_SECONDS));
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
        if (json) {
            throw usage("--json is for nodes, ps, tree, info, state and modules");
        }
        String error = ControlClient.stream(dir, chooseNode(), "trace " + target + " --max " + max + " --rate " + rate, line -> {
            out.println(line);
            out.flush();
        }, timeout(DEFAULT_TIMEOUT_SECONDS), true);
        if (error != null) {
            err.println("agner: " + error);
            return 1;
        }
        return 0;
    }

    @Command(name = "completion", mixinStandardHelpOptions = true,
            description = {"Prints a bash completion script for agner (commands, options, ps --sort's keys).",
                    "Use: source <(bin/agner completion), or save it in ~/.local/share/bash-completion/completions/agner."})
    int completion() {
        out.print(AutoComplete.bash("agner", spec.commandLine()));
        return 0;
    }

    /** A listing request: its text, or with {@code --json} the node's JSON document for it. */
    private int listing(String request) {
        return ask(json ? "json " + request : request, timeout(DEFAULT_TIMEOUT_SECONDS));
    }

    private int ask(String request, Duration timeout) {
        if (json && !request.startsWith("json ")) {
            throw usage("--json is for nodes, ps, tree, info, state and modules");
        }
        ControlClient.Answer answer = ControlClient.request(dir, chooseNode(), request, timeout);
        answer.lines().forEach(out::println);
        if (answer.error() != null) {
            out.flush();
            err.println("agner: " + answer.error());
            return ControlClient.ERROR;
        }
        return 0;
    }

    /** {@code --timeout}, or {@code seconds} when it is not given. */
    private Duration timeout(int seconds) {
        if (timeoutSeconds == null) {
            return Duration.ofSeconds(seconds);
        }
        if (!(timeoutSeconds > 0) || timeoutSeconds > 86_400) {
            throw usage("--timeout is seconds, more than 0 and at most a day; was " + timeoutSeconds);
        }
        return Duration.ofNanos(Math.round(timeoutSeconds * 1e9));
    }

    /** A usage error of the subcommand being run: picocli prints it with that subcommand's usage, exit 2. */
    private CommandLine.ParameterException usage(String message) {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        CommandLine command = parsed != null && parsed.subcommand() != null ? parsed.subcommand().commandSpec().commandLine()
                : spec.commandLine();
        return new CommandLine.ParameterException(command, message);
    }

    /** The kind of scheduler node {@code name} says it runs on, or "?" when it does not say (an older node, or it went away). */
    private String schedulerOf(String name) {
        try {
            ControlClient.Answer answer = ControlClient.request(dir, name, "sched", timeout(DEFAULT_TIMEOUT_SECONDS));
            String kind = answer.error() == null && !answer.lines().isEmpty() ? SchedulerReport.kindOf(answer.lines().get(0)) : null;
            return kind == null ? "?" : kind;
        } catch (ControlClient.Failure noAnswer) {  // refused, gone, or too slow: listed all the same
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
            throw new ControlClient.Failure("several nodes run (" + String.join(", ", running) + "); choose one with --node NAME",
                    ControlClient.NO_NODE);
        }
        return running.get(0);
    }

    private ControlClient.Failure noNode() {
        return new ControlClient.Failure("no agner node is running (no socket answers in " + dir + ")", ControlClient.NO_NODE);
    }

    private List<String> runningNodes() {
        return ControlClient.runningNodes(dir);
    }
}
