package io.agner.hotswap;

import io.agner.behaviour.Sys;
import io.agner.runtime.ExitReason;
import io.agner.runtime.Node;
import io.agner.runtime.Pid;
import io.agner.runtime.ProcessInfo;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Answers one control request line for a node (the protocol is in {@link ControlServer}). Any
 * thread may call it; a failing request never affects the next.
 *
 * <p>Load: requests must not take the node's processes' time. The requests that read the process
 * table or ask processes ({@code ps}, {@code tree}, {@code info}, {@code kill}) run one at a time
 * ({@link #HEAVY_AT_ONCE}), so however many clients ask, the control channel keeps at most one
 * core busy; {@code ps} and {@code tree} requests that arrive while one is being answered share
 * its answer ({@link SharedAnswer}). No request makes a round trip to every process: {@code ps}
 * reads each process's own snapshot ({@code Node.processes()}), {@code tree} asks each supervisor
 * once, {@code info} one behaviour, each bounded by {@link #STATE_TIMEOUT}. {@code load} and
 * {@code purge} are not in that queue: the code server runs them one at a time itself, and an
 * upgrade of many seconds must not hold up {@code ps}.
 */
final class ControlRequests {

    /** A request the node cannot do; the message is the ERROR line's reason. */
    static final class Refused extends RuntimeException {
        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    /** The commands, as the refusal of an unknown one lists them. */
    static final String COMMANDS = "ping, ps, tree, info, sched, modules, load, purge, kill, trace";

    /** How many processes {@code load} lists one by one (failures are always listed). */
    static final int LISTED = 10;

    /** How many process-table requests run at once; the others wait their turn. */
    static final int HEAVY_AT_ONCE = 1;

    private final Node node;
    private final Semaphore heavy = new Semaphore(HEAVY_AT_ONCE, true);
    private final SharedAnswer<List<String>> ps = new SharedAnswer<>(() -> heavy(this::ps));
    private final SharedAnswer<List<String>> tree = new SharedAnswer<>(() -> heavy(this::tree));

    ControlRequests(Node node) {
        this.node = node;
    }

    private void tree(Consumer<String> out) {
        new TreeReport(node, STATE_TIMEOUT).write(out);
    }

    /** The lines {@code request} writes, computed in its turn among the heavy requests. */
    private List<String> heavy(Consumer<Consumer<String>> request) {
        heavy.acquireUninterruptibly();
        try {
            List<String> lines = new ArrayList<>();
            request.accept(lines::add);
            return List.copyOf(lines);
        } finally {
            heavy.release();
        }
    }

    /** Writes the answer to {@code request}: output lines prefixed "| ", then OK or ERROR. */
    void answer(String request, PrintWriter out) {
        List<String> lines = new ArrayList<>();
        String error = null;
        try {
            run(request, lines::add);
        } catch (Refused e) {
            error = e.getMessage();
        } catch (RuntimeException e) {
            error = describe(e);
        }
        for (String l : lines) {
            out.print("| " + oneLine(l) + "\n");
        }
        out.print(error == null ? "OK\n" : "ERROR " + oneLine(error) + "\n");
    }

    private void run(String request, Consumer<String> out) {
        String[] words = request.split("\\s+", 2);
        String command = words[0];
        String rest = words.length > 1 ? words[1].strip() : "";
        switch (command) {
            case "ping" -> out.accept("pong");
            case "ps" -> ps.get().forEach(out);
            case "tree" -> tree.get().forEach(out);
            case "info" -> heavy(lines -> info(find(required(rest, "info <pid|name>")), lines)).forEach(out);
            case "sched" -> SchedulerReport.write(node.schedulerStats(), out);
            case "modules" -> modules(out);
            case "load" -> load(required(rest, "load <absolute jar path>"), out);
            case "purge" -> purge(required(rest, "purge <module> [--soft]"), out);
            case "kill" -> heavy(lines -> kill(required(rest, "kill <pid|name> [reason]"), lines)).forEach(out);
            case "" -> throw new Refused("empty request; commands: " + COMMANDS);
            default -> throw new Refused("unknown command '" + command + "'; commands: " + COMMANDS);
        }
    }

    private void ps(Consumer<String> out) {
        String format = "%-12s %-20s %-11s %-16s %-8s %s";
        out.accept(format.formatted("PID", "NAME", "BEHAVIOUR", "MODULE", "STATUS", "MAILBOX"));
        for (ProcessInfo p : node.processes()) {
            out.accept(format.formatted(p.pid(), p.registeredName().orElse("-"), p.behaviour().orElse("-"),
                    p.moduleVersion().orElse("-"), p.status().name().toLowerCase(), p.mailboxLength()));
        }
    }

    private void info(ProcessInfo p, Consumer<String> out) {
        out.accept("pid:               " + p.pid());
        out.accept("registered_name:   " + p.registeredName().orElse("-"));
        out.accept("status:            " + p.status().name().toLowerCase());
        out.accept("behaviour:         " + p.behaviour().orElse("-"));
        out.accept("module:            " + p.moduleVersion().orElse("-"));
        out.accept("mailbox_length:    " + p.mailboxLength());
        out.accept("messages_received: " + p.messagesReceived());
        out.accept("messages_dropped:  " + p.messagesDropped());
        out.accept("trap_exit:         " + p.trapExit());
        out.accept("links:             " + pids(p.links()));
        out.accept("monitors:          " + pids(p.monitors()));
        out.accept("monitored_by:      " + pids(p.monitoredBy()));
        out.accept("state:             " + state(p));
    }

    /**
     * How long {@code info} waits for a behaviour's state (a busy or suspended one shows "-"), and
     * {@code tree} for each supervisor's children.
     */
    static final Duration STATE_TIMEOUT = Duration.ofSeconds(1);
    /** The longest state {@code info} prints; a longer one is cut and ends with "...". */
    static final int STATE_MAX_CHARS = 1_000;

    /** A behaviour's state as text ({@code Sys.getState}); "-" for a plain process or one that does not answer in time. */
    private String state(ProcessInfo p) {
        if (p.behaviour().isEmpty()) {
            return "-";
        }
        String text;
        try {
            text = String.valueOf(Sys.getState(node, p.pid(), STATE_TIMEOUT));
        } catch (RuntimeException e) {
            return "-";
        }
        return text.length() <= STATE_MAX_CHARS ? text : text.substring(0, STATE_MAX_CHARS) + "...";
    }

    private void modules(Consumer<String> out) {
        requireCodeServer();
        List<ModuleInfo> modules = CodeServer.modules(node);
        if (modules.isEmpty()) {
            out.accept("(no modules loaded)");
            return;
        }
        String format = "%-20s %-10s %-12s %-10s %s";
        out.accept(format.formatted("MODULE", "CURRENT", "PROCESSES", "OLD", "PROCESSES"));
        for (ModuleInfo m : modules) {
            out.accept(format.formatted(m.name(), m.current(), m.onCurrent(), m.old() == null ? "-" : m.old(),
                    m.old() == null ? "-" : String.valueOf(m.onOld())));
        }
    }

    private void load(String location, Consumer<String> out) {
        requireCodeServer();
        Path jar = Path.of(location);
        if (!jar.isAbsolute()) {
            throw new Refused("load needs an absolute path, was '" + location + "'");
        }
        if (!Files.exists(jar)) {
            throw new Refused("no module jar or folder at " + jar + " (the path is read by the node)");
        }
        Upgrade u = CodeServer.load(node, jar);
        String change = u.from() == null ? "first load of " + u.module() + "@" + u.to()
                : u.module() + " " + u.from() + " -> " + u.to();
        out.accept(change + ": " + (u.committed() ? "committed" : "rolled back"));
        if (u.diff() != null) {
            out.accept("  state: " + u.diff());
        }
        List<Upgrade.ProcessResult> all = u.processes();
        if (all.size() > LISTED) { // thousands of processes on a module: the totals, then the first few and every failure
            long upgraded = all.stream().filter(Upgrade.ProcessResult::upgraded).count();
            Duration longest = all.stream().map(Upgrade.ProcessResult::paused).max(Duration::compareTo).orElse(Duration.ZERO);
            out.accept(String.format("  %,d processes, %,d upgraded, longest pause %.3f ms", all.size(), upgraded, longest.toNanos() / 1e6));
        }
        int shown = 0;
        for (Upgrade.ProcessResult r : all) {
            if (shown < LISTED || !r.upgraded()) {
                out.accept("  " + r.pid() + " " + (r.upgraded() ? "upgraded" : "not upgraded")
                        + (r.detail() == null || r.detail().isEmpty() ? "" : ": " + r.detail())
                        + (r.paused().isZero() ? "" : String.format(" (paused %.3f ms)", r.paused().toNanos() / 1e6)));
                shown++;
            }
        }
        if (shown < all.size()) {
            out.accept(String.format("  ... and %,d more upgraded", all.size() - shown));
        }
        if (!u.committed()) {
            throw new Refused("upgrade of " + u.module() + " to " + u.to() + " rolled back: " + u.failure());
        }
    }

    private void purge(String args, Consumer<String> out) {
        requireCodeServer();
        String[] words = args.split("\\s+");
        boolean soft = words.length == 2 && words[1].equals("--soft");
        if (words.length > 2 || (words.length == 2 && !soft)) {
            throw new Refused("usage: purge <module> [--soft], was 'purge " + args + "'");
        }
        List<Pid> killed = CodeServer.purge(node, words[0], soft);
        out.accept("purged the old version of " + words[0] + (soft ? " (soft)" : "")
                + (killed.isEmpty() ? "; no process was running it" : "; killed " + killed.size() + ": " + pids(killed)));
    }

    private void kill(String args, Consumer<String> out) {
        String[] words = args.split("\\s+", 2);
        ProcessInfo target = find(words[0]);
        ExitReason reason = words.length == 1 ? ExitReason.KILL : switch (words[1].strip()) {
            case "kill" -> ExitReason.KILL;
            case "normal" -> ExitReason.NORMAL;
            case "shutdown" -> ExitReason.SHUTDOWN;
            default -> ExitReason.of(words[1].strip());
        };
        node.exit(target.pid(), reason);
        out.accept("sent exit signal '" + reason + "' to " + target.pid());
    }

    /** The live process named by a pid or a registered name, looked up in its turn among the heavy requests. */
    Pid locate(String target) {
        List<Pid> found = new ArrayList<>(1);
        heavy(lines -> found.add(find(target).pid()));
        return found.get(0);
    }

    /** The live process named by a pid ({@code <0.42.0>}) or a registered name. */
    private ProcessInfo find(String target) {
        if (target.startsWith("<")) {
            return node.processes().stream().filter(p -> p.pid().toString().equals(target)).findFirst()
                    .orElseThrow(() -> new Refused("no process " + target + " on this node"));
        }
        Optional<Pid> pid = node.whereis(target);
        return pid.flatMap(node::info).orElseThrow(() -> new Refused("no process registered as '" + target + "' on this node"));
    }

    private void requireCodeServer() {
        if (node.whereis(CodeServer.NAME).isEmpty()) {
            throw new Refused("no code server runs on this node (the application starts one with CodeServer.start(node))");
        }
    }

    private static String required(String arg, String usage) {
        if (arg.isEmpty()) {
            throw new Refused("missing argument; usage: " + usage);
        }
        return arg;
    }

    static String pids(java.util.Collection<Pid> pids) {
        return pids.isEmpty() ? "-" : pids.stream().sorted().map(Pid::toString).collect(Collectors.joining(" "));
    }

    /** An exception as a reason: its message, or its type when it has none; the cause's too when it says more. */
    static String describe(Throwable e) {
        String what = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !what.contains(cause.getMessage())) {
            what += " (" + cause.getMessage() + ")";
        }
        return what;
    }

    static String oneLine(String s) {
        return s.replaceAll("\\R", " ");
    }
}
