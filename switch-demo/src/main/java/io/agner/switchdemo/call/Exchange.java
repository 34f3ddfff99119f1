package io.agner.switchdemo.call;

import io.agner.runtime.ExitReason;
import io.agner.runtime.Pid;
import io.agner.runtime.ProcessContext;
import io.agner.runtime.Ref;
import io.agner.runtime.Signal;
import io.agner.supervisor.Supervisor;
import io.agner.switchdemo.SwitchTopics;
import io.agner.switchdemo.billing.CallEnded;
import io.agner.switchdemo.billing.api.Outcome;
import io.agner.switchdemo.ingest.Answer;
import io.agner.switchdemo.ingest.Dial;
import io.agner.switchdemo.ingest.Directory;
import io.agner.switchdemo.ingest.OffHook;
import io.agner.switchdemo.ingest.OnHook;
import io.agner.switchdemo.ingest.SubscriberEvent;
import io.agner.switchdemo.log.ConsumerRecord;
import io.agner.switchdemo.log.EventLog;
import io.agner.switchdemo.log.LogConsumer;
import io.agner.switchdemo.log.ProducerRecord;
import io.agner.switchdemo.log.RecordMetadata;
import io.agner.switchdemo.log.StartPosition;
import io.agner.switchdemo.log.TopicPartition;
import io.agner.switchdemo.log.event.DeadLetters;
import io.agner.switchdemo.log.event.Event;
import io.agner.switchdemo.log.event.EventReader;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The exchange: consumes the {@code events} topic in offset order and decides every call in event
 * time — routing, trunk seizure, congestion, clearing — so that the same events always give the
 * same call records. One process; everything here is confined to it.
 *
 * <p>Design, in sections.
 * <p><b>Decisions.</b> The exchange owns the trunk group and the table of attempts in progress;
 * line and call processes follow its signals. Decisions never wait on another process, so they
 * depend on the event order only.
 * <p><b>Processes.</b> A line process is started under the {@code lines} supervisor on its first
 * event, and told to stop after {@link Config#idleDeactivation} of event time without one (like an
 * Orleans virtual actor: it exits normally, so its transient spec is not restarted); a call process
 * under {@code calls} when a trunk is seized. The exchange monitors both: a crash of either drops
 * the call it carries (a {@code DROPPED} record at once), and later events of that call are
 * absorbed. Its trunk circuit stays busy until the caller's on-hook, as it would without the
 * fault, so that the fault changes no other call: every other decision is the fault-free run's.
 * <p><b>Output.</b> Every finished attempt is appended to {@code calls}. Impossible events (an
 * answer on a line that is not ringing, an unknown number, a call that does not exist) and
 * undecodable ones go to the dead-letter topic with the reason and their offset.
 * <p><b>Restart.</b> Every {@link Config#checkpointEvery} events, and when idle, the exchange waits
 * for its appends, writes a {@link Checkpoint} and commits its offset. On start it restores the
 * last checkpoint and resumes after it; records it writes again are deduplicated by billing.
 */
public final class Exchange {

    /**
     * @param directory        the subscribers
     * @param trunks           the trunk group's circuits
     * @param idleDeactivation event time after which an idle line's process is stopped
     * @param checkpointEvery  events between checkpoints
     */
    public record Config(Directory directory, int trunks, Duration idleDeactivation, int checkpointEvery) {}

    /** The consumer group whose committed offsets are the exchange areas' positions. */
    public static final String GROUP = "exchange";
    /** Area 0's registered names: the exchange, its lines' and its calls' supervisors. */
    public static final String NAME = name(0);
    public static final String LINES = linesName(0);
    public static final String CALLS = callsName(0);

    /** Area {@code a}'s exchange is registered as {@code exchange} (area 0) or {@code exchange-a}. */
    public static String name(int area) {
        return area == 0 ? "exchange" : "exchange-" + area;
    }

    public static String linesName(int area) {
        return area == 0 ? "lines" : "lines-" + area;
    }

    public static String callsName(int area) {
        return area == 0 ? "calls" : "calls-" + area;
    }

    private static final class LineEntry {
        final String number;
        Pid pid;
        Ref monitor;
        long callId = -1;
        long lastActivity;

        LineEntry(String number) {
            this.number = number;
        }
    }

    private final EventLog log;
    private final Config config;
    private final int area;
    private final TopicPartition eventsTp;
    private final TopicPartition callsTp;
    private final TopicPartition checkpointsTp;
    private final AtomicReference<ExchangeStatus> status;
    private final TrunkGroup trunks;
    private final Map<Long, Attempt> attempts = new HashMap<>();
    private final LineEntry[] lines;                 // by directory index; null: no process for the line
    private int activeLines;
    private int scanCursor;                          // where the next idle-line scan starts
    private final Map<Ref, Object> monitors = new HashMap<>();          // -> LineEntry, Attempt or RETIRING
    private final Map<String, Ref> retiring = new HashMap<>();          // lines told to stop, until their Down
    private static final Object RETIRING = new Object();
    private final List<CompletableFuture<RecordMetadata>> pending = new ArrayList<>();
    private ProcessContext ctx;
    private EventReader reader;
    private long eventTime;
    private long sinceCheckpoint;
    private ExitReason stopping;      // set by a shutdown from the supervisor, acted on between batches
    private java.util.function.BooleanSupplier fenced = () -> false;   // true: the area is another node's now
    private long events, completed, blocked, busy, abandoned, dropped, rejected, absorbed;
    private long lineCrashes, callCrashes;       // since this process started; not checkpointed

    private Exchange(EventLog log, Config config, AtomicReference<ExchangeStatus> status) {
        this.log = log;
        this.config = config;
        this.area = config.directory().area();
        this.eventsTp = SwitchTopics.events(area);
        this.callsTp = SwitchTopics.calls(area);
        this.checkpointsTp = SwitchTopics.checkpoints(area);
        this.status = status;
        this.trunks = new TrunkGroup(config.trunks());
        this.lines = new LineEntry[config.directory().size()];
    }

    /** The exchange's process body; {@code status} receives its progress. */
    public static void run(ProcessContext ctx, EventLog log, Config config, AtomicReference<ExchangeStatus> status) {
        run(ctx, log, config, status, () -> false);
    }

    /**
     * As {@link #run(ProcessContext, EventLog, Config, AtomicReference)}; when {@code fenced} says
     * so at shutdown, the area belongs to another node already and the exchange stops without a
     * checkpoint.
     */
    public static void run(ProcessContext ctx, EventLog log, Config config, AtomicReference<ExchangeStatus> status,
                           java.util.function.BooleanSupplier fenced) {
        Exchange exchange = new Exchange(log, config, status);
        exchange.fenced = fenced;
        exchange.loop(ctx);
    }

    private void loop(ProcessContext ctx) {
        this.ctx = ctx;
        ctx.register(name(area));
        ctx.trapExit(true);                    // a shutdown from the supervisor checkpoints first: a clean hand-over
        try (LogConsumer consumer = log.consumer(GROUP, StartPosition.EARLIEST)) {
            consumer.assign(List.of(eventsTp));
            reader = new EventReader(consumer, SwitchTopics.CODEC, new DeadLetters(log.producer()));
            stopOrphanedCalls();
            restore(consumer);
            serve();
        }
    }

    private void serve() {
        while (true) {
            long deadLetteredBefore = reader.deadLettered();
            List<Event> batch = reader.poll(1024, Duration.ofMillis(20));
            long undecodable = reader.deadLettered() - deadLetteredBefore;  // the reader dead-lettered these itself
            events += undecodable;
            sinceCheckpoint += undecodable;                 // consumed too: the next checkpoint commits past them
            rejected += undecodable;
            for (int i = 0; i < batch.size(); i++) {
                if (i % 64 == 0) {
                    serveMailbox();                        // crashes are noticed within 64 events
                }
                handle(batch.get(i));
            }
            serveMailbox();
            if (stopping != null) {                        // the whole batch is handled: the position is exact
                if (!fenced.getAsBoolean()) {
                    checkpoint();
                }
                publish();
                ctx.exit(stopping);
            }
            if (sinceCheckpoint >= config.checkpointEvery() || (batch.isEmpty() && sinceCheckpoint > 0)) {
                checkpoint();
            }
            publish();
        }
    }

    /** Handles what other processes sent: their {@code Down}s. Also where a shutdown or kill takes effect. */
    private void serveMailbox() {
        for (Object m; (m = ctx.receive(Duration.ZERO).orElse(null)) != null; ) {
            if (m instanceof Signal.Down down) {
                onDown(down);
            } else if (m instanceof Signal.Exit exit) {   // only the supervisor is linked: stop after this batch
                stopping = exit.reason();
            }
        }
    }

    // ---- events ----

    private void handle(Event e) {
        events++;
        sinceCheckpoint++;
        if (!(e.payload() instanceof SubscriberEvent ev)) {
            reject(e, "not a subscriber event: " + e.payload().getClass().getSimpleName());
            return;
        }
        eventTime = Math.max(eventTime, ev.at());
        switch (ev) {
            case OffHook o -> onOffHook(e, o);
            case Dial d -> onDial(e, d);
            case Answer a -> onAnswer(e, a);
            case OnHook h -> onOnHook(e, h);
        }
        if (events % 4096 == 0) {
            deactivateIdleLines();
        }
    }

    private void onOffHook(Event e, OffHook o) {
        if (!config.directory().contains(o.line())) {
            reject(e, "off-hook on unknown line " + o.line());
        } else if (attempts.containsKey(o.callId())) {
            reject(e, "off-hook for call " + o.callId() + ", which is already in progress");
        } else {
            LineEntry line = line(o.line());
            if (line.callId >= 0) {
                reject(e, "off-hook on line " + o.line() + " for call " + o.callId() + ", but the line is in call " + line.callId);
                return;
            }
            Attempt a = new Attempt(o.callId(), o.line(), o.at());
            attempts.put(a.callId, a);
            line.callId = a.callId;
            signal(line, new LineSignal.Seize(a.callId));
        }
    }

    private void onDial(Event e, Dial d) {
        Attempt a = attempts.get(d.callId());
        if (!config.directory().contains(d.digits())) {
            reject(e, "unknown number " + d.digits() + " dialled on line " + d.line());
        } else if (a == null) {
            reject(e, "dial for unknown call " + d.callId());
        } else if (!a.caller.equals(d.line())) {
            reject(e, "dial on line " + d.line() + ", but call " + a.callId + " was started on " + a.caller);
        } else if (a.phase != Phase.DIAL_TONE) {
            if (a.phase == Phase.DROPPED) {
                absorbed++;
                seizeForDropped(a, d);
            } else {
                reject(e, "dial on line " + d.line() + " in call " + a.callId + ", which is " + a.phase);
            }
        } else {
            route(a, d);
        }
    }

    private void route(Attempt a, Dial d) {
        a.callee = d.digits();
        a.dialedAt = d.at();
        LineEntry caller = line(a.caller);
        LineEntry callee = line(a.callee);
        signal(caller, new LineSignal.Digits(a.callId, a.callee));
        if (callee.callId >= 0 || callee == caller) {
            a.phase = Phase.BUSY;
            signal(caller, new LineSignal.BusyTone(a.callId));
        } else if (!trunks.trySeize()) {
            a.phase = Phase.BLOCKED;
            signal(caller, new LineSignal.Congestion(a.callId));
        } else {
            a.phase = Phase.RINGING;
            a.seizedAt = d.at();
            a.holdsTrunk = true;
            callee.callId = a.callId;
            signal(caller, new LineSignal.RingBack(a.callId));
            signal(callee, new LineSignal.Ring(a.callId));
            startCall(a, caller, callee);
        }
    }

    /**
     * The dial of a call dropped before it dialled: nothing is routed, but in event time the dial
     * takes a circuit if one is free, as it would have without the fault, and keeps it until the
     * caller's on-hook; so the fault changes no other call's fate.
     */
    private void seizeForDropped(Attempt a, Dial d) {
        if (a.dialedAt >= 0) {
            return;                                         // dialled before it was dropped: decided then
        }
        a.dialedAt = d.at();
        LineEntry callee = existingLine(d.digits());
        boolean busy = d.digits().equals(a.caller) || (callee != null && callee.callId >= 0);
        if (!busy && trunks.trySeize()) {
            a.seizedAt = d.at();
            a.holdsTrunk = true;
        }
    }

    private void startCall(Attempt a, LineEntry caller, LineEntry callee) {
        Pid callerPid = pid(caller);
        Pid calleePid = pid(callee);
        a.callPid = Supervisor.startChild(ctx, callsName(area), List.of(a.callId, callerPid, calleePid)).orElseThrow();
        a.callMonitor = ctx.monitor(a.callPid);
        monitors.put(a.callMonitor, a);
    }

    private void onAnswer(Event e, Answer x) {
        Attempt a = attempts.get(x.callId());
        if (a == null) {
            reject(e, "answer on line " + x.line() + " for unknown call " + x.callId());
        } else if (a.phase == Phase.DROPPED) {
            absorbed++;
        } else if (!x.line().equals(a.callee) || a.phase != Phase.RINGING) {
            reject(e, "answer on line " + x.line() + ", which is not ringing for call " + a.callId
                    + " (the call is " + a.phase + (a.callee.isEmpty() ? "" : ", to " + a.callee) + ")");
        } else {
            a.phase = Phase.CONNECTED;
            a.answeredAt = x.at();
            signal(line(a.caller), new LineSignal.Connect(a.callId));
            signal(line(a.callee), new LineSignal.Connect(a.callId));
        }
    }

    private void onOnHook(Event e, OnHook h) {
        Attempt a = attempts.get(h.callId());
        if (a == null) {
            reject(e, "on-hook on line " + h.line() + " for unknown call " + h.callId());
            return;
        }
        if (!h.line().equals(a.caller)) {
            reject(e, "on-hook on line " + h.line() + " for call " + a.callId + ", which belongs to " + a.caller);
            return;
        }
        if (a.callPid != null && !ctx.demonitor(a.callMonitor)) {
            monitors.remove(a.callMonitor);                 // its Down is on the way: the call died first
            a.callPid = null;
            drop(a);
        }
        Outcome outcome = switch (a.phase) {
            case DIAL_TONE, RINGING -> Outcome.ABANDONED;
            case CONNECTED -> Outcome.COMPLETED;
            case BLOCKED -> Outcome.BLOCKED;
            case BUSY -> Outcome.BUSY;
            case DROPPED -> null;
        };
        if (a.holdsTrunk) {                                 // dropped or not: the circuit is free from now on
            trunks.release();
            a.holdsTrunk = false;
        }
        if (outcome == null) {
            absorbed++;
        } else {
            record(a, outcome, h.at());
        }
        finish(a);
    }

    /** Ends an attempt: frees its lines and its call process. */
    private void finish(Attempt a) {
        attempts.remove(a.callId);
        for (String number : new String[] {a.caller, a.callee}) {
            LineEntry line = number.isEmpty() ? null : existingLine(number);
            if (line != null && line.callId == a.callId) {
                line.callId = -1;
                signal(line, new LineSignal.Release(a.callId));
            }
        }
        if (a.callPid != null) {
            monitors.remove(a.callMonitor);
            ctx.demonitor(a.callMonitor, true);
            ctx.send(a.callPid, CallProcess.CLEAR);
            a.callPid = null;
        }
    }

    private void record(Attempt a, Outcome outcome, long clearedAt) {
        switch (outcome) {
            case COMPLETED -> completed++;
            case BLOCKED -> blocked++;
            case BUSY -> busy++;
            case ABANDONED -> abandoned++;
            case DROPPED -> dropped++;
        }
        byte[] value = SwitchTopics.CODEC.encode(new CallEnded(a.record(outcome, clearedAt)));
        pending.add(log.producer().appendAsync(ProducerRecord.of(callsTp, key(a.callId), value)
                .withTimestamp(Math.max(clearedAt, a.offHookAt))));
    }

    private void reject(Event e, String reason) {
        rejected++;
        reader.deadLetter(e, reason);
    }

    static byte[] key(long callId) {
        return ByteBuffer.allocate(8).putLong(callId).array();
    }

    // ---- processes ----

    /** The entry of a line of this area's directory, created on first use; its activity is now. */
    private LineEntry line(String number) {
        int i = config.directory().index(number);
        LineEntry line = lines[i];
        if (line == null) {
            line = lines[i] = new LineEntry(number);
            activeLines++;
        }
        line.lastActivity = eventTime;
        return line;
    }

    private LineEntry existingLine(String number) {
        return lines[config.directory().index(number)];
    }

    private void signal(LineEntry line, LineSignal s) {
        ctx.send(pid(line), s);
    }

    /** The line's process, started under the lines supervisor when it has none. */
    private Pid pid(LineEntry line) {
        if (line.pid != null) {
            return line.pid;
        }
        Ref retired = retiring.remove(line.number);
        if (retired != null) {                   // rare: wanted again while it stops; wait, so no call links a dying line
            ctx.receive(m -> m instanceof Signal.Down d && d.ref().equals(retired));
            monitors.remove(retired);
        }
        Pid pid = ctx.node().whereis(Line.name(line.number)).orElse(null);
        if (pid == null) {
            try {
                pid = Supervisor.startChild(ctx, linesName(area), List.of(line.number)).orElseThrow();
            } catch (RuntimeException raced) {           // its supervisor restarted it meanwhile
                pid = ctx.node().whereis(Line.name(line.number)).orElse(null);
                if (pid == null) {
                    throw raced;
                }
            }
        }
        line.pid = pid;
        line.monitor = ctx.monitor(pid);
        monitors.put(line.monitor, line);
        return pid;
    }

    private void onDown(Signal.Down down) {
        Object what = monitors.remove(down.ref());
        if (what == RETIRING) {
            retiring.values().remove(down.ref());
            return;
        }
        switch (what) {
            case LineEntry line -> {
                line.pid = null;
                if (!down.reason().isOrderly()) {
                    lineCrashes++;
                }
                if (!down.reason().isOrderly() && line.callId >= 0) {
                    Attempt a = attempts.get(line.callId);
                    if (a != null) {
                        drop(a);
                    }
                }
            }
            case Attempt a -> {
                a.callPid = null;
                if (!down.reason().isOrderly()) {
                    callCrashes++;
                    drop(a);
                }
            }
            case null, default -> { }
        }
    }

    /**
     * A process of the call crashed: the call is over for everyone, and recorded as dropped. Its
     * trunk circuit stays busy until the caller's on-hook (see {@link Attempt#holdsTrunk}), and
     * its caller's line stays engaged until then.
     */
    private void drop(Attempt a) {
        if (a.phase == Phase.DROPPED) {
            return;
        }
        record(a, Outcome.DROPPED, eventTime);
        a.phase = Phase.DROPPED;
        LineEntry callee = a.callee.isEmpty() ? null : existingLine(a.callee);
        if (callee != null && callee.callId == a.callId) {
            callee.callId = -1;
            signal(callee, new LineSignal.Release(a.callId));
        }
        if (a.callPid != null) {
            monitors.remove(a.callMonitor);
            ctx.demonitor(a.callMonitor, true);
            ctx.exit(a.callPid, ExitReason.KILL);
            a.callPid = null;
        }
    }

    /** Retires lines idle since the horizon, scanning a sixteenth of the table (at least 1,024 entries) per call, round robin. */
    private void deactivateIdleLines() {
        long horizon = eventTime - config.idleDeactivation().toMillis();
        int n = lines.length;
        for (int k = Math.max(1024, n / 16); k > 0; k--) {
            int i = scanCursor;
            scanCursor = (scanCursor + 1) % n;
            LineEntry line = lines[i];
            if (line == null || line.callId >= 0 || line.lastActivity >= horizon) {
                continue;
            }
            lines[i] = null;
            activeLines--;
            if (line.pid != null) {                       // asynchronous: the exchange does not wait on a supervisor here
                retiring.put(line.number, line.monitor);   // its Down (normal) ends the retirement
                monitors.put(line.monitor, RETIRING);
                ctx.send(line.pid, new LineSignal.Deactivate(-1));
            }
        }
    }

    // ---- checkpoints ----

    private void checkpoint() {
        for (CompletableFuture<RecordMetadata> f : pending) {
            f.join();
        }
        pending.clear();
        long next = reader.consumer().position(eventsTp);
        List<Checkpoint.AttemptState> states = new ArrayList<>(attempts.size());
        for (Attempt a : attempts.values()) {
            states.add(a.state());
        }
        Checkpoint cp = new Checkpoint(next, eventTime, trunks.busy(), states, counters());
        log.producer().append(ProducerRecord.of(checkpointsTp, null, SwitchTopics.CODEC.encode(cp)));
        reader.consumer().commit();
        sinceCheckpoint = 0;
    }

    private Checkpoint.Counters counters() {
        return new Checkpoint.Counters(events, completed, blocked, busy, abandoned, dropped, rejected, absorbed);
    }

    /**
     * A restarted exchange (its line and call supervisors kept running) first stops the call
     * processes of its previous life: their calls are restored from the checkpoint with new ones.
     */
    private void stopOrphanedCalls() {
        for (var child : Supervisor.whichChildren(ctx, callsName(area))) {
            child.pid().ifPresent(pid -> Supervisor.terminateChild(ctx, callsName(area), pid));
        }
    }

    /** Resumes from the last checkpoint, if any: its state, and the events after it. */
    private void restore(LogConsumer consumer) {
        long end = log.endOffset(checkpointsTp);
        if (end == 0) {
            return;
        }
        Checkpoint cp;
        try (LogConsumer last = log.consumer(GROUP + "-restore", StartPosition.LATEST)) {
            last.assign(List.of(checkpointsTp));
            last.seek(checkpointsTp, end - 1);
            ConsumerRecord r = pollOne(last);
            cp = Checkpoint.read(r.value()).orElseThrow(() ->
                    new IllegalStateException("the last checkpoint at offset " + r.offset() + " does not decode"));
        }
        eventTime = cp.eventTime();
        trunks.restore(cp.busyTrunks());
        Checkpoint.Counters c = cp.counters();
        events = c.events();
        completed = c.completed();
        blocked = c.blocked();
        busy = c.busy();
        abandoned = c.abandoned();
        dropped = c.dropped();
        rejected = c.rejected();
        absorbed = c.absorbed();
        for (Checkpoint.AttemptState s : cp.attempts()) {
            Attempt a = Attempt.of(s);
            attempts.put(a.callId, a);
            LineEntry caller = line(a.caller);
            caller.callId = a.callId;
            if (a.phase == Phase.DROPPED) {
                continue;                                   // engaged until its on-hook; its processes are gone
            }
            signal(caller, new LineSignal.Seize(a.callId));
            if (a.phase != Phase.DIAL_TONE) {
                signal(caller, new LineSignal.Digits(a.callId, a.callee));
            }
            switch (a.phase) {
                case BUSY -> signal(caller, new LineSignal.BusyTone(a.callId));
                case BLOCKED -> signal(caller, new LineSignal.Congestion(a.callId));
                case RINGING, CONNECTED -> {
                    LineEntry callee = line(a.callee);
                    callee.callId = a.callId;
                    signal(caller, new LineSignal.RingBack(a.callId));
                    signal(callee, new LineSignal.Ring(a.callId));
                    if (a.phase == Phase.CONNECTED) {
                        signal(caller, new LineSignal.Connect(a.callId));
                        signal(callee, new LineSignal.Connect(a.callId));
                    }
                    startCall(a, caller, callee);
                }
                default -> { }
            }
        }
        consumer.seek(eventsTp, cp.nextOffset());
    }

    /** The next record, waiting as long as a backend may need to fetch it (a Kafka consumer's first fetch can be slow). */
    private static ConsumerRecord pollOne(LogConsumer consumer) {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() < deadline) {
            List<ConsumerRecord> got = consumer.poll(1, Duration.ofSeconds(1));
            if (!got.isEmpty()) {
                return got.getFirst();
            }
        }
        throw new IllegalStateException("the last checkpoint could not be read within a minute");
    }

    private void publish() {
        status.set(new ExchangeStatus(reader.consumer().position(eventsTp), eventTime, events, attempts.size(),
                trunks.busy(), activeLines, completed, blocked, busy, abandoned, dropped, rejected, absorbed, lineCrashes, callCrashes));
    }
}
