package io.agner.hotswap;

import io.agner.runtime.Node;
import io.agner.runtime.Pid;
import io.agner.runtime.ProcessInfo;
import io.agner.supervisor.ChildInfo;
import io.agner.supervisor.Supervisor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The supervision trees of a node, for the control channel's {@code tree}: each supervisor's
 * children in start order (the reverse of {@code whichChildren}'s, which lists the newest first as
 * OTP does), so a tree reads as its specs do. Dynamic children have no id: they are shown by pid;
 * a child its supervisor has restarted says how often ({@code restarted 2 times}). {@link #read}
 * asks each supervisor for its children once, waiting at most its timeout for each (a busy
 * supervisor is shown without its children), and returns the trees as immutable {@link Entry}s,
 * which {@link #text} renders indented and {@link #data} as JSON-ready maps. Made and used on one
 * thread; the entries may be shared.
 *
 * {@snippet :
 * <0.5.0> top_sup  supervisor
 *   billing  <0.6.0>  worker  gen_server billing@1  restarted 1 time
 *   sub_sup  <0.7.0>  supervisor
 *     cache  -  worker  (not running)
 *   lines  <0.8.0>  supervisor
 *     <0.9.0>  gen_statem (line-100001)
 *     …
 *     … and 4990 more workers (5000 in all; ps lists every process)
 * }
 */
final class TreeReport {

    /**
     * Dynamic workers listed under one supervisor; the rest of a simple-one-for-one supervisor's
     * children (a switch has thousands of lines) are counted on one line.
     */
    static final int SHOWN_DYNAMIC = 10;

    /**
     * One process in a tree: a root supervisor (no id, no type), or a child as its supervisor
     * reports it.
     *
     * @param id          the child's id; empty for a root or a dynamic child
     * @param pid         empty for a child that is not running
     * @param type        "supervisor" or "worker" as the spec says; empty for a root
     * @param process     the process now; empty when it is not running or exited while listed
     * @param restarts       how often its supervisor restarted it
     * @param supervisor     a supervisor process (its children are listed)
     * @param children       a supervisor's children, at most {@link #SHOWN_DYNAMIC} dynamic workers among them
     *                       (an empty list for a worker, or below a supervisor already shown higher up);
     *                       empty when the supervisor did not answer in time
     * @param dynamicWorkers a supervisor's dynamic workers (no id), listed or not
     */
    record Entry(Optional<String> id, Optional<Pid> pid, Optional<String> type, Optional<ProcessInfo> process,
                 long restarts, boolean supervisor, Optional<List<Entry>> children, int dynamicWorkers) {

        /** Dynamic workers counted but not listed. */
        int unlisted() {
            return Math.max(0, dynamicWorkers - SHOWN_DYNAMIC);
        }
    }

    private final Node node;
    private final Duration timeout;
    private final Map<Pid, Optional<List<ChildInfo>>> children = new LinkedHashMap<>();

    TreeReport(Node node, Duration timeout) {
        this.node = node;
        this.timeout = timeout;
    }

    /** The node's supervision trees, one per supervisor that no other supervisor lists. */
    List<Entry> read() {
        for (ProcessInfo p : node.processes()) {
            if (p.behaviour().filter("supervisor"::equals).isPresent()) {
                children.put(p.pid(), whichChildren(p.pid()));
            }
        }
        Set<Pid> nested = new HashSet<>();
        children.values().forEach(list -> list.orElse(List.of()).forEach(c -> c.pid().ifPresent(nested::add)));
        List<Entry> roots = new ArrayList<>();
        for (Pid sup : children.keySet()) {
            if (!nested.contains(sup)) {
                roots.add(supervisor(Optional.empty(), Optional.of(sup), Optional.empty(), 0, new HashSet<>(Set.of(sup))));
            }
        }
        return List.copyOf(roots);
    }

    /** A supervisor's entry with its children; {@code path} holds the supervisors above it, so a cycle ends. */
    private Entry supervisor(Optional<String> id, Optional<Pid> pid, Optional<String> type, long restarts, Set<Pid> path) {
        Pid sup = pid.orElseThrow();
        Optional<List<ChildInfo>> list = children.get(sup);
        if (list.isEmpty()) {
            return new Entry(id, pid, type, node.info(sup), restarts, true, Optional.empty(), 0);
        }
        List<Entry> entries = new ArrayList<>();
        int dynamicWorkers = 0;
        for (ChildInfo c : list.get().reversed()) {
            boolean supervisor = c.pid().isPresent() && children.containsKey(c.pid().get());
            Optional<String> childType = Optional.of(c.type().name().toLowerCase());
            if (supervisor && path.add(c.pid().get())) {
                entries.add(supervisor(c.id(), c.pid(), childType, c.restarts(), path));
            } else if (supervisor || c.id().isPresent() || ++dynamicWorkers <= SHOWN_DYNAMIC) {
                entries.add(new Entry(c.id(), c.pid(), childType, c.pid().flatMap(node::info), c.restarts(), supervisor,
                        Optional.of(List.of()), 0));
            }   // else a dynamic supervisor's thousands of workers: counted, not listed
        }
        return new Entry(id, pid, type, node.info(sup), restarts, true, Optional.of(List.copyOf(entries)), dynamicWorkers);
    }

    /** The trees as indented lines (the snippet above). */
    static void text(List<Entry> roots, Duration timeout, Consumer<String> out) {
        if (roots.isEmpty()) {
            out.accept("(no supervisors on this node)");
            return;
        }
        for (Entry root : roots) {
            out.accept(root.pid().orElseThrow() + " " + describe(root));
            textChildren(root, "  ", timeout, out);
        }
    }

    private static void textChildren(Entry sup, String indent, Duration timeout, Consumer<String> out) {
        if (sup.children().isEmpty()) {
            out.accept(indent + "(exited while listed, or did not answer within " + timeout.toMillis() + " ms)");
            return;
        }
        for (Entry c : sup.children().get()) {
            String pid = c.pid().map(Pid::toString).orElse("-");
            String what = c.pid().isPresent() ? describe(c) : c.type().orElse("process") + "  (not running)";
            String restarts = c.restarts() == 0 ? "" : "  restarted " + c.restarts() + (c.restarts() == 1 ? " time" : " times");
            out.accept(indent + c.id().map(id -> id + "  ").orElse("") + pid + "  " + what + restarts);
            if (c.supervisor()) {
                textChildren(c, indent + "  ", timeout, out);
            }
        }
        if (sup.unlisted() > 0) {
            out.accept(indent + "… and " + sup.unlisted() + " more workers (" + sup.dynamicWorkers() + " in all; ps lists every process)");
        }
    }

    /** Behaviour and module of a process, e.g. {@code gen_server billing@1}. */
    private static String describe(Entry e) {
        return e.process()
                .map(i -> i.behaviour().orElse("process") + i.moduleVersion().map(m -> " " + m).orElse("")
                        + i.registeredName().map(n -> " (" + n + ")").orElse(""))
                .orElse("(exited)");
    }

    /** The trees as JSON-ready maps: pid, id, type, behaviour, module, name, running, restarts, children, more_workers. */
    static List<Map<String, Object>> data(List<Entry> roots) {
        return roots.stream().map(TreeReport::data).toList();
    }

    private static Map<String, Object> data(Entry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pid", e.pid().map(Pid::toString));
        m.put("id", e.id());
        m.put("type", e.type().orElse("supervisor"));
        m.put("behaviour", e.process().flatMap(ProcessInfo::behaviour));
        m.put("module", e.process().flatMap(ProcessInfo::moduleVersion));
        m.put("name", e.process().flatMap(ProcessInfo::registeredName));
        m.put("running", e.process().isPresent());
        m.put("restarts", e.restarts());
        if (e.supervisor()) {
            m.put("children", e.children().map(TreeReport::data));   // null: it did not answer in time
            m.put("unlisted_workers", e.unlisted());
        }
        return m;
    }

    private Optional<List<ChildInfo>> whichChildren(Pid sup) {
        try {
            return Optional.of(Supervisor.whichChildren(node, sup, timeout));
        } catch (RuntimeException exitedOrBusy) {
            return Optional.empty(); // it stopped between processes() and the call, or is too busy to answer
        }
    }
}
