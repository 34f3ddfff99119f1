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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Answers one control request line for a node (the protocol is in {@link ControlServer}). Any
 * thread may call it; a failing request never affects the next.
 *
 * <p>Load: requests must not take the node's processes' time. The requests that read the process
 * table or ask processes ({@code ps}, {@code tree}, {@code info}, {@code state}, {@code kill}) run one at a time
 * ({@link #HEAVY_AT_ONCE}), so however many clients ask, the control channel keeps at most one
 * core busy; {@code ps} and {@code tree} requests that arrive while one is being answered share
 * its answer ({@link SharedAnswer}). No request makes a round trip to every process: {@code ps}
 * reads each process's own snapshot ({@code Node.processes()}), {@code tree} asks each supervisor
 * once, {@code info} one behaviour, each bounded by {@link #STATE_TIMEOUT}. {@code load} and
 * {@code purge} are not in that queue: the code server runs them one at a time itself, and an
 * upgrade of many seconds must not hold up {@code ps}.
 *
 * <p>Listings ({@code ps tree info state modules}) are built once as data and written either as
 * text lines or, after the {@code json} prefix, as one JSON document on one line ({@link Json}): the
 * two never drift apart, and no client parses text. {@code ps} requests share the process-table
 * snapshot; each sorts and limits it ({@code --sort}, {@code --limit}) for itself.
 */
final class ControlRequests {

    /** A request the node cannot do; the message is the ERROR line's reason. */
    static final class Refused extends RuntimeException {
        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    /** The commands, as the refusal of an unknown one lists them. */
    static final String COMMANDS = "ping, ps, tree, info, state, sched, modules, load, purge, kill, trace, json";

    /** The commands {@code json <command>} answers as one JSON document. */
    static final String LISTINGS = "ps, tree, info, state, modules";

    /** The prefix that asks for a listing as JSON: {@code json ps --sort mailbox}. */
    static final String JSON = "json";

    /** How many processes {@code load} lists one by one (failures are always listed). */
    static final int LISTED = 10;

    /** How many process-table requests run at once; the others wait their turn. */
    static final int HEAVY_AT_ONCE = 1;

    private final Node node;
    private final Semaphore heavy = new Semaphore(HEAVY_AT_ONCE, true);
    private final SharedAnswer<List<ProcessInfo>> ps;
    private final SharedAnswer<List<TreeReport.Entry>> tree;

    ControlRequests(Node node) {
        this.node = node;
        this.ps = new SharedAnswer<>(() -> heavy(() -> List.copyOf(node.processes())));
        this.tree = new SharedAnswer<>(() -> heavy(() -> new TreeReport(node, STATE_TIMEOUT).read()));
    }

    /** {@code request}'s result, computed in its turn among the heavy requests. */
    private <T> T heavy(java.util.function.Supplier<T> request) {
        heavy.acquireUninterruptibly();
        try {
            return request.get();
        } finally {
            heavy.release();
        }
    }

    /** The lines {@code request} writes, computed in its turn among the heavy requests. */
    private List<String> heavyLines(Consumer<Consumer<String>> request) {
        return heavy(() -> {
            List<String> lines = new ArrayList<>();
            request.accept(lines::add);
            return List.copyOf(lines);
        });
    }

    /**
     * A listing's answer: the same data as text lines (the plain request) or as one JSON document
     * on one line ({@code json <request>}), so scripts never parse the text.
     */
    private record Listing(Consumer<Consumer<String>> text, java.util.function.Supplier<Object> data) {
        void write(boolean json, Consumer<String> out) {
            if (json) {
                out.accept(Json.write(data.get()));
            } else {
                text.accept(out);
            }
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
        boolean json = words[0].equals(JSON);
        if (json) {
            words = (words.length > 1 ? words[1].strip() : "").split("\\s+", 2);
        }
        String command = words[0];
        String rest = words.length > 1 ? words[1].strip() : "";
        Listing listing = switch (command) {
            case "ps" -> ps(rest);
            case "tree" -> {
                List<TreeReport.Entry> roots = tree.get();
                yield new Listing(o -> TreeReport.text(roots, STATE_TIMEOUT, o), () -> TreeReport.data(roots));
            }
            case "info" -> info(heavy(() -> find(required(rest, "info <pid|name>"))));
            case "state" -> heavy(() -> stateListing(find(required(rest, "state <pid|name>"))));
            case "modules" -> modules();
            default -> null;
        };
        if (listing != null) {
            listing.write(json, out);
            return;
        }
        if (json) {
            throw new Refused(command.isEmpty() ? "missing command; usage: json <" + LISTINGS.replace(", ", "|") + "> ..."
                    : "json answers " + LISTINGS + ", not '" + command + "'");
        }
        switch (command) {
            case "ping" -> out.accept("pong");
            case "sched" -> SchedulerReport.write(node.schedulerStats(), out);
            case "load" -> load(required(rest, "load <absolute jar path>"), out);
            case "purge" -> purge(required(rest, "purge <module> [--soft]"), out);
            case "kill" -> heavyLines(lines -> kill(required(rest, "kill <pid|name> [reason]"), lines)).forEach(out);
            case "" -> throw new Refused("empty request; commands: " + COMMANDS);
            default -> throw new Refused("unknown command '" + command + "'; commands: " + COMMANDS);
        }
    }

    /** How {@code ps} orders its rows: {@code pid} (the node's order), {@code name}, or {@code mailbox} (longest first). */
    static final List<String> PS_SORTS = List.of("pid", "name", "mailbox");

    /** {@code ps [--sort pid|name|mailbox] [--limit N]}. */
    private Listing ps(String args) {
        String sort = "pid";
        int limit = Integer.MAX_VALUE;
        String[] words = args.isEmpty() ? new String[0] : args.split("\\s+");
        for (int i = 0; i < words.length; i++) {
            String option = words[i];
            if (!option.equals("--sort") && !option.equals("--limit")) {
                throw new Refused("usage: ps [--sort " + String.join("|", PS_SORTS) + "] [--limit N], was 'ps " + args + "'");
            }
            if (i + 1 == words.length) {
                throw new Refused(option + " needs a value");
            }
            String value = words[++i];
            if (option.equals("--sort")) {
                if (!PS_SORTS.contains(value)) {
                    throw new Refused("--sort is " + String.join(", ", PS_SORTS) + "; was '" + value + "'");
                }
                sort = value;
            } else {
                try {
                    limit = Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    limit = 0;
                }
                if (limit < 1) {
                    throw new Refused("--limit is a number >= 1; was '" + value + "'");
                }
            }
        }
        java.util.stream.Stream<ProcessInfo> rows = ps.get().stream();
        rows = switch (sort) {
            case "name" -> rows.sorted(java.util.Comparator.comparing((ProcessInfo p) -> p.registeredName().isEmpty())
                    .thenComparing(p -> p.registeredName().orElse("")));
            case "mailbox" -> rows.sorted(java.util.Comparator.comparingInt(ProcessInfo::mailboxLength).reversed());
            default -> rows;
        };
        List<ProcessInfo> shown = rows.limit(limit).toList();
        return new Listing(out -> psText(shown, out), () -> shown.stream().map(ControlRequests::psRow).toList());
    }

    private static void psText(List<ProcessInfo> processes, Consumer<String> out) {
        String format = "%-12s %-20s %-11s %-16s %-8s %s";
        out.accept(format.formatted("PID", "NAME", "BEHAVIOUR", "MODULE", "STATUS", "MAILBOX"));
        for (ProcessInfo p : processes) {
            out.accept(format.formatted(p.pid(), p.registeredName().orElse("-"), p.behaviour().orElse("-"),
                    p.moduleVersion().orElse("-"), status(p), p.mailboxLength()));
        }
    }

    private static Map<String, Object> psRow(ProcessInfo p) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("pid", p.pid().toString());
        row.put("name", p.registeredName());
        row.put("behaviour", p.behaviour());
        row.put("module", p.moduleVersion());
        row.put("status", status(p));
        row.put("mailbox", p.mailboxLength());
        return row;
    }

    private static String status(ProcessInfo p) {
        return p.status().name().toLowerCase();
    }

    /** {@code info}: one process's fields, as {@code key: value} lines or one JSON object. */
    private Listing info(ProcessInfo p) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("pid", p.pid().toString());
        fields.put("registered_name", p.registeredName());
        fields.put("status", status(p));
        fields.put("behaviour", p.behaviour());
        fields.put("module", p.moduleVersion());
        fields.put("mailbox_length", p.mailboxLength());
        fields.put("messages_received", p.messagesReceived());
        fields.put("messages_dropped", p.messagesDropped());
        fields.put("trap_exit", p.trapExit());
        fields.put("links", sorted(p.links()));
        fields.put("monitors", sorted(p.monitors()));
        fields.put("monitored_by", sorted(p.monitoredBy()));
        fields.put("state", heavy(() -> state(p)));
        return new Listing(out -> fields.forEach((key, value) -> out.accept("%-19s".formatted(key + ":") + text(value))),
                () -> fields);
    }

    /** A field's text: "-" for none, a list's items space-separated. */
    private static String text(Object value) {
        return switch (value) {
            case Optional<?> o -> o.map(String::valueOf).orElse("-");
            case List<?> l -> l.isEmpty() ? "-" : l.stream().map(String::valueOf).collect(Collectors.joining(" "));
            default -> String.valueOf(value);
        };
    }

    private static List<String> sorted(java.util.Collection<Pid> pids) {
        return pids.stream().sorted().map(Pid::toString).toList();
    }

    /**
     * {@code state}: a behaviour's whole state ({@code Sys.getState}); as text its {@code toString},
     * cut at {@link #STATE_TEXT_MAX_CHARS}; as JSON its by-name view ({@link StateView}: records as
     * objects, enums by name, collections as arrays; other values as their text).
     */
    private Listing stateListing(ProcessInfo p) {
        if (p.behaviour().isEmpty()) {
            throw new Refused(p.pid() + " is a plain process, not a behaviour: it has no state to show");
        }
        Object state;
        try {
            state = Sys.getState(node, p.pid(), STATE_TIMEOUT);
        } catch (RuntimeException e) {
            throw new Refused("no state from " + p.pid() + " within " + STATE_TIMEOUT.toMillis() + " ms: " + describe(e));
        }
        String text = String.valueOf(state);
        String shown = text.length() <= STATE_TEXT_MAX_CHARS ? text
                : text.substring(0, STATE_TEXT_MAX_CHARS) + "... (" + text.length() + " characters in all)";
        return new Listing(out -> out.accept(shown), () -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pid", p.pid().toString());
            m.put("name", p.registeredName());
            m.put("module", p.moduleVersion());
            m.put("state", view(state));
            return m;
        });
    }

    /** The longest state {@code state} prints as text. */
    static final int STATE_TEXT_MAX_CHARS = 100_000;

    private static Object view(Object state) {
        try {
            return StateView.of(state);
        } catch (RuntimeException notByName) {     // e.g. a module class that is neither a record nor an enum
            return String.valueOf(state);
        }
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

    private Listing modules() {
        requireCodeServer();
        List<ModuleInfo> modules = CodeServer.modules(node);
        return new Listing(out -> modulesText(modules, out), () -> modules.stream().map(m -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("module", m.name());
            row.put("current", m.current());
            row.put("processes_current", m.onCurrent());
            row.put("old", m.old());
            row.put("processes_old", m.old() == null ? null : m.onOld());
            return row;
        }).toList());
    }

    private static void modulesText(List<ModuleInfo> modules, Consumer<String> out) {
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
        return heavy(() -> find(target).pid());
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
