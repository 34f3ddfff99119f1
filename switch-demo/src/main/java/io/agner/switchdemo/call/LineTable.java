package io.agner.switchdemo.call;

import io.agner.runtime.ServerRef;
import io.agner.switchdemo.line.api.Line;
import io.agner.switchdemo.line.api.LineSignal;
import io.agner.runtime.Pid;
import io.agner.runtime.ProcessContext;
import io.agner.runtime.Ref;
import io.agner.runtime.Signal;
import io.agner.behaviour.RequestIds;
import io.agner.supervisor.Supervisor;
import io.agner.switchdemo.ingest.Directory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

import static io.agner.switchdemo.call.Exchange.linesName;

/**
 * The exchange's line processes, activated and deactivated like Orleans virtual actors: a line is
 * active from the first event it takes part in, its process is started under the {@code lines}
 * supervisor when the exchange first tells it something, and once it has been idle (in no call, no
 * event) for {@code idle} of event time the line is deactivated: its process is told to stop and
 * exits normally, so its transient spec is not restarted. The exchange monitors every line process;
 * a crashed one is restarted by its supervisor and found again by its registered name.
 *
 * <p><b>Never waiting for a start.</b> A line with no process is started with
 * {@link Supervisor#sendStartChild}: the exchange goes on deciding, and what it has for the line
 * meanwhile (its signals, a call that needs its pid) waits in the line's entry, in order, until the
 * supervisor's answer comes through {@link #onMessage} and the line's process gets all of it, in
 * the order decided. A line's signals therefore keep their order, whether or not it had to be
 * started, and the decisions never depend on when a process starts. At most
 * {@link #MAX_STARTING} starts are under way at once.
 *
 * <p>Confined to the exchange process, whose context it uses; it never waits on another process,
 * except for a line that is wanted again while it stops (rare), whose exit it waits for.
 */
final class LineTable {

    private static final class Entry {
        final String number;
        Pid pid;                  // null: no process known (not started yet, starting, or its Down seen)
        Ref monitor;
        long lastUsed;            // event time
        List<Consumer<Pid>> waiting;   // non-null while its start is under way: what to do with its pid, in order
        Pid heldFor;              // the process the held signals are for; null when none are held
        Object held;              // signals decided in this poll, not sent yet: a LineSignal, or Held ones

        Entry(String number) {
            this.number = number;
        }
    }

    private static final Object RETIRING = new Object();
    /**
     * Line starts asked and not answered at most: beyond it the exchange waits for the oldest
     * answers. Keeps the supervisor's mailbox short (each of its starts receives selectively) and
     * makes a supervisor that cannot keep up slow the exchange down, rather than fall ever further behind.
     */
    static final int MAX_STARTING = 32;

    private final ProcessContext ctx;
    private final int area;
    private final Directory directory;
    private final Duration idle;
    private final Entry[] lines;                                        // by directory index; null: not active
    private int active;
    private int scanCursor;                                             // where the next idle-line scan starts
    private final Map<Ref, Object> monitors = new HashMap<>();          // -> Entry or RETIRING
    private final Map<String, Ref> retiring = new HashMap<>();          // lines told to stop, until their Down
    private final RequestIds<Entry> starting = new RequestIds<>();      // starts asked of the supervisor, unanswered
    private final List<Entry> holding = new ArrayList<>();              // lines with held signals, in the order first held
    private long crashes;

    LineTable(ProcessContext ctx, Directory directory, Duration idle) {
        this.ctx = ctx;
        this.area = directory.area();
        this.directory = directory;
        this.idle = idle;
        this.lines = new Entry[directory.size()];
    }

    /** The line takes part in an event at event time {@code at}: it is active, and not idle since. */
    void use(String number, long at) {
        entry(number).lastUsed = at;
    }

    /**
     * Sends to the line's process, starting it first when it has none (without waiting: see the
     * class doc). The signal goes out at the next {@link #flush}, with any others for the same
     * process, in order.
     */
    void send(String number, LineSignal signal) {
        Entry line = entry(number);
        if (line.pid != null) {
            hold(line, line.pid, signal);                 // the usual case: no lambda, no lookup by pid
        } else {
            withPid(number, pid -> hold(line, pid, signal));
        }
    }

    private void hold(Entry line, Pid pid, LineSignal signal) {
        if (line.held != null && !line.heldFor.equals(pid)) {
            sendHeld(line);                               // its process changed within the poll: the old one's go first
        }
        if (line.held == null) {
            line.heldFor = pid;
            line.held = signal;
            holding.add(line);
        } else {
            Held list = line.held instanceof Held h ? h : new Held((LineSignal) line.held);
            list.add(signal);
            line.held = list;
        }
    }

    private void sendHeld(Entry line) {
        ctx.send(line.heldFor, line.held instanceof Held held ? new LineSignal.Batch(held) : line.held);
        line.held = null;
        line.heldFor = null;
    }

    /**
     * Sends every signal held since the last flush: one message per line process, a
     * {@link LineSignal.Batch} where it has several, in the order decided. Called once per poll
     * of events, so a line told three things in one poll wakes once.
     */
    void flush() {
        for (int i = 0; i < holding.size(); i++) {
            Entry line = holding.get(i);
            if (line.held != null) {                      // else sent already (its process changed), and held again later in the list
                sendHeld(line);
            }
        }
        holding.clear();
    }

    /** Several signals held for one process, in order. */
    private static final class Held extends ArrayList<LineSignal> {
        Held(LineSignal first) {
            super(4);
            add(first);
        }
    }

    /**
     * Runs {@code action} with the line's process: now if it has one, else once its start (asked
     * now if not yet) is answered; actions for one line run in the order they were given.
     */
    void withPid(String number, Consumer<Pid> action) {
        Entry line = entry(number);
        if (line.pid != null) {
            action.accept(line.pid);
            return;
        }
        if (line.waiting == null) {
            start(line);
        }
        if (line.waiting != null) {
            line.waiting.add(action);
        } else {
            action.accept(line.pid);               // it was running already: found by name
        }
    }

    /** Finds the line's running process by name, or asks its supervisor to start one. */
    private void start(Entry line) {
        Ref retired = retiring.remove(line.number);
        if (retired != null) {                   // rare: wanted again while it stops; wait, so no call links a dying line
            ctx.receive(m -> m instanceof Signal.Down d && d.ref().equals(retired));
            monitors.remove(retired);
        }
        Pid running = ctx.node().whereis(Line.name(line.number)).orElse(null);
        if (running != null) {
            attach(line, running);
            return;
        }
        while (starting.size() >= MAX_STARTING) {        // the supervisor is behind: let it catch up
            onMessage(ctx.receive(starting::answeredBy));
            if (line.pid != null || line.waiting != null) {
                return;                                  // what that answer set off needed this line too, and started it
            }
        }
        line.waiting = new ArrayList<>(4);
        starting.add(Supervisor.sendStartChild(ctx, ServerRef.named(linesName(area)), List.of(line.number)), line);
    }

    /**
     * Handles {@code message} if it answers a line's start: the line's process gets everything that
     * waited for it. Returns false for any other message.
     *
     * @throws IllegalStateException if a line could not be started (as a synchronous start would:
     *                               the exchange cannot go on without its lines)
     */
    boolean onMessage(Object message) {
        var answer = starting.check(ctx, message).orElse(null);
        if (answer == null) {
            return false;
        }
        Entry line = answer.label();
        Pid pid;
        try {
            pid = ((Optional<?>) answer.get()).map(Pid.class::cast).orElseThrow(
                    () -> new IllegalStateException("the lines supervisor ignored the start of line " + line.number));
        } catch (RuntimeException failed) {      // its supervisor restarted it meanwhile: it runs under its name
            pid = ctx.node().whereis(Line.name(line.number)).orElseThrow(
                    () -> new IllegalStateException("line " + line.number + " did not start: " + failed.getMessage(), failed));
        }
        List<Consumer<Pid>> waiting = line.waiting;
        line.waiting = null;
        attach(line, pid);
        waiting.forEach(action -> action.accept(line.pid));
        return true;
    }

    private void attach(Entry line, Pid pid) {
        line.pid = pid;
        line.monitor = ctx.monitor(pid);
        monitors.put(line.monitor, line);
    }

    /** Line starts asked and not answered yet. */
    int starting() {
        return starting.size();
    }

    private Entry entry(String number) {
        int i = directory.index(number);
        Entry line = lines[i];
        if (line == null) {
            line = lines[i] = new Entry(number);
            active++;
        }
        return line;
    }

    /**
     * Deactivates the lines idle since {@code idle} before {@code eventTime} and not {@code engaged},
     * scanning a sixteenth of the table (at least 1,024 entries) per call, round robin. Asynchronous:
     * a retiring line's Down (normal) ends its retirement.
     */
    void deactivateIdle(long eventTime, Predicate<String> engaged) {
        flush();                                                        // a Deactivate goes after what was decided before it
        long horizon = eventTime - idle.toMillis();
        int n = lines.length;
        for (int k = Math.max(1024, n / 16); k > 0; k--) {
            int i = scanCursor;
            scanCursor = (scanCursor + 1) % n;
            Entry line = lines[i];
            if (line == null || line.lastUsed >= horizon || line.waiting != null || engaged.test(line.number)) {
                continue;
            }
            lines[i] = null;
            active--;
            if (line.pid != null) {
                retiring.put(line.number, line.monitor);
                monitors.put(line.monitor, RETIRING);
                ctx.send(line.pid, new LineSignal.Deactivate(-1));
            }
        }
    }

    /**
     * Handles {@code down} if it is a line process's: returns false when it is not. A line that
     * crashed is told to {@code crashed} (its supervisor restarts it; the exchange drops its call).
     */
    boolean onDown(Signal.Down down, Consumer<String> crashed) {
        Object what = monitors.remove(down.ref());
        if (what == null) {
            return false;
        }
        if (what == RETIRING) {
            retiring.values().remove(down.ref());
        } else if (what instanceof Entry line) {
            line.pid = null;
            if (!down.reason().isOrderly()) {
                crashes++;
                crashed.accept(line.number);
            }
        }
        return true;
    }

    /** Active lines: those with an entry, whether or not their process is running now. */
    int active() {
        return active;
    }

    /** Line processes seen to exit abnormally, by this table (one exchange process's life). */
    long crashes() {
        return crashes;
    }
}
