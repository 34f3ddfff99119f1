package io.agner.observer;

import io.agner.runtime.ProcessInfo;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * One page of the Processes table: a filter (a substring of pid, name, behaviour, module@version
 * or status, any case), a sort column and direction, an offset and a page size. Immutable.
 * Applied to one {@code Node.processes()} snapshot on the server, so a browser receives one page
 * whatever the number of processes (100,000 sort in tens of milliseconds).
 */
record ProcessQuery(String filter, String sort, boolean descending, int offset, int limit) {

    static final int MAX_LIMIT = 500;

    ProcessQuery {
        filter = filter == null ? "" : filter.strip().toLowerCase(Locale.ROOT);
        sort = sort == null ? "pid" : sort;
        offset = Math.max(0, offset);
        limit = Math.clamp(limit, 1, MAX_LIMIT);
    }

    Predicate<ProcessInfo> matcher() {
        if (filter.isEmpty()) {
            return p -> true;
        }
        return p -> p.pid().toString().contains(filter)
                || p.registeredName().map(n -> n.toLowerCase(Locale.ROOT).contains(filter)).orElse(false)
                || p.behaviour().map(b -> b.toLowerCase(Locale.ROOT).contains(filter)).orElse(false)
                || p.moduleVersion().map(m -> m.toLowerCase(Locale.ROOT).contains(filter)).orElse(false)
                || p.status().name().toLowerCase(Locale.ROOT).contains(filter);
    }

    Comparator<ProcessInfo> order() {
        Comparator<ProcessInfo> by = switch (sort) {
            case "name" -> Comparator.comparing((ProcessInfo p) -> p.registeredName().orElse("\uffff"));
            case "behaviour" -> Comparator.comparing((ProcessInfo p) -> p.behaviour().orElse("\uffff"));
            case "module" -> Comparator.comparing((ProcessInfo p) -> p.moduleVersion().orElse("\uffff"));
            case "status" -> Comparator.comparing(ProcessInfo::status);
            case "mailbox" -> Comparator.comparingInt(ProcessInfo::mailboxLength);
            case "received" -> Comparator.comparingLong(ProcessInfo::messagesReceived);
            default -> Comparator.comparing(ProcessInfo::pid);
        };
        by = by.thenComparing(ProcessInfo::pid);
        return descending ? by.reversed() : by;
    }

    /** The matching processes, sorted, and this page of them. */
    Page run(List<ProcessInfo> all) {
        List<ProcessInfo> matched = all.stream().filter(matcher()).sorted(order()).toList();
        int from = Math.min(offset, matched.size());
        return new Page(all.size(), matched.size(), matched.subList(from, Math.min(matched.size(), from + limit)));
    }

    record Page(int total, int matched, List<ProcessInfo> rows) {}
}
