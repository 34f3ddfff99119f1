package io.agner.observer;

import io.agner.behaviour.Sys;
import io.agner.hotswap.CodeServer;
import io.agner.hotswap.ModuleInfo;
import io.agner.runtime.Node;
import io.agner.runtime.Pid;
import io.agner.runtime.ProcessInfo;
import io.agner.supervisor.ChildInfo;
import io.agner.supervisor.SupFlags;
import io.agner.supervisor.Supervisor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The observer's pages as data (maps and lists for {@link Json}), read from a node with the
 * public API only: {@code Node.processes/info/stackTrace/queuedMessages}, {@code Supervisor}'s
 * {@code whichChildren/flags}, {@code Sys.getState} and the {@code CodeServer}. Any thread may
 * call it; every call into a process waits at most {@link #TIMEOUT}, so a busy or suspended
 * process shows as such instead of holding up a page.
 */
final class NodeViews {

    static final Duration TIMEOUT = Duration.ofSeconds(1);
    /** Dynamic children listed per supervisor before "show more". */
    static final int SHOWN_DYNAMIC = 10;
    static final int QUEUED_SHOWN = 20;
    static final int TEXT_MAX = 2_000;

    private final Node node;

    NodeViews(Node node) {
        this.node = node;
    }

    Map<String, Object> processes(ProcessQuery query) {
        ProcessQuery.Page page = query.run(node.processes());
        return Map.of("total", page.total(), "matched", page.matched(), "offset", query.offset(),
                "rows", page.rows().stream().map(NodeViews::row).toList());
    }

    static Map<String, Object> row(ProcessInfo p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pid", p.pid().toString());
        m.put("name", p.registeredName().orElse(null));
        m.put("behaviour", p.behaviour().orElse(null));
        m.put("module", p.moduleVersion().orElse(null));
        m.put("status", p.status().name().toLowerCase());
        m.put("mailbox", p.mailboxLength());
        m.put("received", p.messagesReceived());
        return m;
    }

    /** The live process named by a pid ({@code <0.42.0>}) or a registered name. */
    Optional<Pid> find(String target) {
        if (target == null || target.isBlank()) {
            return Optional.empty();
        }
        if (target.startsWith("<")) {
            return node.processes().stream().map(ProcessInfo::pid).filter(p -> p.toString().equals(target)).findFirst();
        }
        return node.whereis(target);
    }

    /** Everything the Process page shows, or empty once it has exited. */
    Optional<Map<String, Object>> process(Pid pid) {
        return node.info(pid).map(p -> {
            Map<String, Object> m = new LinkedHashMap<>(row(p));
            m.put("dropped", p.messagesDropped());
            m.put("trapExit", p.trapExit());
            m.put("links", sorted(p.links()));
            m.put("monitors", sorted(p.monitors()));
            m.put("monitoredBy", sorted(p.monitoredBy()));
            m.put("stack", node.stackTrace(pid).stream().map(StackTraceElement::toString).toList());
            m.put("state", state(p));
            m.put("queued", node.queuedMessages(pid, QUEUED_SHOWN).stream().map(NodeViews::text).toList());
            if (p.behaviour().filter("supervisor"::equals).isPresent()) {
                flags(pid).ifPresent(f -> m.put("strategy", strategy(f)));
            }
            return m;
        });
    }

    private String state(ProcessInfo p) {
        if (p.behaviour().isEmpty()) {
            return null;
        }
        try {
            return text(Sys.getState(node, p.pid(), TIMEOUT));
        } catch (RuntimeException busyOrGone) {
            return "(did not answer within " + TIMEOUT.toMillis() + " ms)";
        }
    }

    /** The supervision trees: roots are supervisors no other supervisor lists. */
    List<Map<String, Object>> tree() {
        Map<Pid, ProcessInfo> supervisors = new LinkedHashMap<>();
        for (ProcessInfo p : node.processes()) {
            if (p.behaviour().filter("supervisor"::equals).isPresent()) {
                supervisors.put(p.pid(), p);
            }
        }
        Map<Pid, Optional<List<ChildInfo>>> children = new HashMap<>();
        supervisors.keySet().forEach(s -> children.put(s, whichChildren(s)));
        Set<Pid> nested = new HashSet<>();
        children.values().forEach(l -> l.orElse(List.of()).forEach(c -> c.pid().ifPresent(nested::add)));
        List<Map<String, Object>> roots = new ArrayList<>();
        for (Pid sup : supervisors.keySet()) {
            if (!nested.contains(sup)) {
                Map<String, Object> root = describe(sup);
                root.put("type", "supervisor");
                addChildren(root, sup, children, new HashSet<>(Set.of(sup)));
                roots.add(root);
            }
        }
        return roots;
    }

    private void addChildren(Map<String, Object> into, Pid sup, Map<Pid, Optional<List<ChildInfo>>> all, Set<Pid> path) {
        flags(sup).ifPresent(f -> into.put("strategy", strategy(f)));
        Optional<List<ChildInfo>> list = all.get(sup);
        if (list.isEmpty()) {
            into.put("error", "did not answer within " + TIMEOUT.toMillis() + " ms");
            return;
        }
        List<Map<String, Object>> kids = new ArrayList<>();
        int dynamic = 0;
        for (ChildInfo c : list.get().reversed()) {
            boolean isSup = c.pid().isPresent() && all.containsKey(c.pid().get());
            if (!isSup && c.id().isEmpty() && ++dynamic > SHOWN_DYNAMIC) {
                continue;
            }
            Map<String, Object> k = child(c);
            if (isSup && path.add(c.pid().get())) {
                addChildren(k, c.pid().get(), all, path);
            }
            kids.add(k);
        }
        into.put("children", kids);
        into.put("more", Math.max(0, dynamic - SHOWN_DYNAMIC));
    }

    /** A page of a supervisor's children in start order, for "show more". */
    List<Map<String, Object>> children(Pid sup, int offset, int limit) {
        return whichChildren(sup).orElse(List.of()).reversed().stream().skip(offset).limit(limit).map(this::child).toList();
    }

    private Map<String, Object> child(ChildInfo c) {
        Map<String, Object> k = c.pid().map(this::describe).orElseGet(LinkedHashMap::new);
        k.put("id", c.id().orElse(null));
        k.put("type", c.type().name().toLowerCase());
        k.put("restarts", c.restarts());
        k.putIfAbsent("pid", null);
        return k;
    }

    private Map<String, Object> describe(Pid pid) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pid", pid.toString());
        node.info(pid).ifPresent(i -> {
            m.put("name", i.registeredName().orElse(null));
            m.put("behaviour", i.behaviour().orElse(null));
            m.put("module", i.moduleVersion().orElse(null));
        });
        return m;
    }

    private Optional<List<ChildInfo>> whichChildren(Pid sup) {
        try {
            return Optional.of(Supervisor.whichChildren(node, sup, TIMEOUT));
        } catch (RuntimeException exitedOrBusy) {
            return Optional.empty();
        }
    }

    private Optional<SupFlags> flags(Pid sup) {
        try {
            return Optional.of(Supervisor.flags(node, sup, TIMEOUT));
        } catch (RuntimeException exitedOrBusy) {
            return Optional.empty();
        }
    }

    private static String strategy(SupFlags f) {
        return f.strategy().name().toLowerCase() + ", at most " + f.intensity() + " restarts in " + f.period().toMillis() + " ms";
    }

    /** Modules with their versions and the processes on each; empty when the node runs no code server. */
    List<Map<String, Object>> modules() {
        if (node.whereis(CodeServer.NAME).isEmpty()) {
            return List.of();
        }
        List<ModuleInfo> modules = CodeServer.modules(node);
        Map<String, List<String>> byVersion = node.processes().stream().filter(p -> p.moduleVersion().isPresent())
                .collect(Collectors.groupingBy(p -> p.moduleVersion().get(),
                        Collectors.mapping(p -> p.pid().toString(), Collectors.toList())));
        List<Map<String, Object>> out = new ArrayList<>();
        for (ModuleInfo m : modules) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("name", m.name());
            v.put("current", m.current());
            v.put("onCurrent", m.onCurrent());
            v.put("currentPids", firstOf(byVersion, m.name(), m.current()));
            v.put("old", m.old());
            v.put("onOld", m.onOld());
            v.put("oldPids", m.old() == null ? List.of() : firstOf(byVersion, m.name(), m.old()));
            out.add(v);
        }
        return out;
    }

    /** The first pids on a module version; the key is the runtime's {@code moduleVersion}: "name@version" or "name version". */
    private static List<String> firstOf(Map<String, List<String>> byVersion, String module, String version) {
        List<String> pids = byVersion.getOrDefault(module + "@" + version, byVersion.getOrDefault(module + " " + version, List.of()));
        return pids.stream().limit(50).toList();
    }

    static List<String> sorted(Collection<Pid> pids) {
        return pids.stream().sorted().map(Pid::toString).toList();
    }

    /** A value as text, cut at {@link #TEXT_MAX} characters. */
    static String text(Object value) {
        String s = String.valueOf(value);
        return s.length() <= TEXT_MAX ? s : s.substring(0, TEXT_MAX) + "...";
    }
}
