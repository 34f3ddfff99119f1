package io.agner.hotswap;

import io.agner.runtime.Node;
import io.agner.runtime.Pid;
import io.agner.runtime.ProcessInfo;
import io.agner.supervisor.ChildInfo;
import io.agner.supervisor.Supervisor;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The supervision trees of a node, indented, for the control channel's {@code tree}: each
 * supervisor's children in start order (the reverse of {@code whichChildren}'s, which lists the
 * newest first as OTP does), so a tree reads as its specs do. Dynamic children have no id: they
 * are shown by pid; a child its supervisor has restarted says how often ({@code restarted 2
 * times}). Made and used on one thread; it asks each supervisor for its children once,
 * waiting at most its timeout for each (a busy supervisor is shown without its children).
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

    private final Node node;
    private final Duration timeout;
    private final Map<Pid, Optional<List<ChildInfo>>> children = new LinkedHashMap<>();

    TreeReport(Node node, Duration timeout) {
        this.node = node;
        this.timeout = timeout;
    }

    void write(Consumer<String> out) {
        for (ProcessInfo p : node.processes()) {
            if (p.behaviour().filter("supervisor"::equals).isPresent()) {
                children.put(p.pid(), whichChildren(p.pid()));
            }
        }
        if (children.isEmpty()) {
            out.accept("(no supervisors on this node)");
            return;
        }
        Set<Pid> nested = new HashSet<>();
        children.values().forEach(list -> list.orElse(List.of()).forEach(c -> c.pid().ifPresent(nested::add)));
        for (Pid sup : children.keySet()) {
            if (!nested.contains(sup)) {
                out.accept(sup + " " + describe(sup));
                writeChildren(sup, "  ", out, new HashSet<>(Set.of(sup)));
            }
        }
    }

    private void writeChildren(Pid sup, String indent, Consumer<String> out, Set<Pid> path) {
        Optional<List<ChildInfo>> list = children.get(sup);
        if (list.isEmpty()) {
            out.accept(indent + "(exited while listed, or did not answer within " + timeout.toMillis() + " ms)");
            return;
        }
        int dynamicWorkers = 0;
        for (ChildInfo c : list.get().reversed()) {
            boolean supervisor = c.pid().isPresent() && children.containsKey(c.pid().get());
            if (!supervisor && c.id().isEmpty() && ++dynamicWorkers > SHOWN_DYNAMIC) {
                continue;   // a dynamic supervisor's thousands of workers: counted below instead
            }
            String pid = c.pid().map(Pid::toString).orElse("-");
            String what = c.pid().map(this::describe).orElse(c.type().name().toLowerCase() + "  (not running)");
            String restarts = c.restarts() == 0 ? "" : "  restarted " + c.restarts() + (c.restarts() == 1 ? " time" : " times");
            out.accept(indent + c.id().map(id -> id + "  ").orElse("") + pid + "  " + what + restarts);
            if (supervisor && path.add(c.pid().get())) {
                writeChildren(c.pid().get(), indent + "  ", out, path);
            }
        }
        if (dynamicWorkers > SHOWN_DYNAMIC) {
            out.accept(indent + "… and " + (dynamicWorkers - SHOWN_DYNAMIC) + " more workers (" + dynamicWorkers + " in all; ps lists every process)");
        }
    }

    /** Behaviour and module of a process, e.g. {@code gen_server billing@1}. */
    private String describe(Pid pid) {
        return node.info(pid)
                .map(i -> i.behaviour().orElse("process") + i.moduleVersion().map(m -> " " + m).orElse("")
                        + i.registeredName().map(n -> " (" + n + ")").orElse(""))
                .orElse("(exited)");
    }

    private Optional<List<ChildInfo>> whichChildren(Pid sup) {
        try {
            return Optional.of(Supervisor.whichChildren(node, sup, timeout));
        } catch (RuntimeException exitedOrBusy) {
            return Optional.empty(); // it stopped between processes() and the call, or is too busy to answer
        }
    }
}
