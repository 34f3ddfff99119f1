package io.agner.observer;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last {@link #KEPT} supervisor restarts, module upgrades and mailbox overflows, read from
 * the node's own JFR events ({@code agner.SupervisorRestart}, {@code agner.ModuleUpgrade},
 * {@code agner.MailboxOverflow}) through an in-process {@link RecordingStream}: the observer
 * adds no hook of its own to the runtime. Events arrive about a second after they happen (JFR
 * flushes once a second). A JVM without JFR shows none. Thread-safe.
 */
final class RecentReports implements AutoCloseable {

    static final int KEPT = 50;
    private static final Logger LOG = LoggerFactory.getLogger(RecentReports.class);

    private final Deque<Map<String, Object>> reports = new ArrayDeque<>();
    private final RecordingStream stream;

    RecentReports() {
        RecordingStream s = null;
        try {
            s = new RecordingStream();
            s.setMaxAge(Duration.ofMinutes(1));
            s.enable("agner.SupervisorRestart");
            s.enable("agner.ModuleUpgrade");
            s.enable("agner.MailboxOverflow");
            s.onEvent("agner.SupervisorRestart", e -> add(e, "supervisor restart", "supervisor " + e.getString("supervisor")
                    + (e.getString("supervisorName") == null ? "" : " (" + e.getString("supervisorName") + ")")
                    + ": child '" + e.getString("childId") + "' " + e.getString("reason") + "; restarting (" + e.getString("strategy") + ")"));
            s.onEvent("agner.ModuleUpgrade", e -> add(e, "module upgrade", e.getString("module") + " " + e.getString("fromVersion")
                    + " -> " + e.getString("toVersion") + ": " + (e.getBoolean("committed") ? "committed" : "rolled back")
                    + ", " + e.getInt("processes") + " processes, longest pause " + String.format("%.3f ms", e.getDuration("longestPause").toNanos() / 1e6)
                    + (e.getString("failure") == null || e.getString("failure").isEmpty() ? "" : "; " + e.getString("failure"))));
            s.onEvent("agner.MailboxOverflow", e -> add(e, "mailbox overflow", e.getString("pid")
                    + (e.getString("registeredName") == null ? "" : " (" + e.getString("registeredName") + ")")
                    + ": " + e.getString("kind") + ", " + e.getLong("length") + " messages (limit " + e.getLong("limit") + ")"));
            s.startAsync();
        } catch (RuntimeException | Error noJfr) {
            LOG.warn("observer: no JFR in this JVM, so no recent reports ({})", noJfr.toString());
            if (s != null) {
                s.close();
            }
            s = null;
        }
        stream = s;
    }

    private void add(RecordedEvent e, String kind, String text) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("time", e.getStartTime().toEpochMilli());
        r.put("kind", kind);
        r.put("text", text);
        synchronized (reports) {
            reports.addFirst(r);
            if (reports.size() > KEPT) {
                reports.removeLast();
            }
        }
    }

    /** The kept reports, newest first. */
    List<Map<String, Object>> newestFirst() {
        synchronized (reports) {
            return new ArrayList<>(reports);
        }
    }

    @Override
    public void close() {
        if (stream != null) {
            stream.close();
        }
    }
}
