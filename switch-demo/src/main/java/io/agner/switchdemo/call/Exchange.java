package io.agner.switchdemo.call;

import io.agner.switchdemo.line.api.Line;
import io.agner.switchdemo.line.api.LineSignal;
import io.agner.runtime.ExitReason;
import io.agner.runtime.ProcessContext;
import io.agner.runtime.Signal;
import io.agner.switchdemo.billing.api.CallRecord;
import io.agner.switchdemo.ingest.Directory;
import io.agner.switchdemo.log.EventLog;
import io.agner.switchdemo.log.LogConsumer;
import io.agner.switchdemo.log.ProducerRecord;
import io.agner.switchdemo.log.RecordMetadata;
import io.agner.switchdemo.log.StartPosition;
import io.agner.switchdemo.log.TopicPartition;
import io.agner.switchdemo.log.event.DeadLetters;
import io.agner.switchdemo.log.event.Event;
import io.agner.switchdemo.log.event.EventReader;
import io.agner.switchdemo.topic.CallEnded;
import io.agner.switchdemo.topic.SubscriberEvent;
import io.agner.switchdemo.topic.SwitchTopics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * The exchange: one process per area that consumes the {@code events} topic in offset order and
 * carries out what {@link CallControl} decides for each event, so that the same events always give
 * the same call records. Everything here is confined to the process.
 *
 * <p>Design, in parts.
 * <p><b>Decisions</b> ({@link CallControl}): routing, trunk seizure, congestion and clearing, in
 * event time. They never wait on another process, so they depend on the event order only.
 * <p><b>Line processes</b> ({@link LineTable}): started under the {@code lines} supervisor on a
 * line's first event and told to stop after {@link Config#idleDeactivation} of event time without
 * one, like Orleans virtual actors. <b>Call processes</b> ({@link CallTable}): started under
 * {@code calls} when a trunk is seized. The exchange monitors both: a crash of either drops the
 * call it carries (a {@code DROPPED} record at once), and later events of that call are absorbed.
 * Its trunk circuit stays busy until the caller's on-hook, as it would without the fault, so that
 * the fault changes no other call: every other decision is the fault-free run's.
 * <p><b>Output.</b> Every finished attempt is appended to {@code calls}, at the end of the poll
 * that finished it (one burst per poll: see {@link #appendRecords}). Impossible events (an
 * answer on a line that is not ringing, an unknown number, a call that does not exist) and
 * undecodable ones go to the dead-letter topic with the reason and their offset.
 * <p><b>Restart</b> ({@link Checkpointer}): every {@link Config#checkpointEvery} events, and when
 * idle, the exchange waits for its appends, writes a {@link Checkpoint} and commits its offset. On
 * start it restores the last checkpoint and resumes after it; records it writes again are
 * deduplicated by billing.
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

    private final ProcessContext ctx;
    private final EventLog log;
    private final int area;
    private final TopicPartition eventsTp;
    private final TopicPartition callsTp;
    private final AtomicReference<ExchangeStatus> status;
    private final BooleanSupplier fenced;            // true: the area is another node's now
    private final LineTable lines;
    private final CallTable calls;
    private final CallControl control;
    private final Checkpointer checkpointer;
    private EventReader reader;
    private Event current;                           // the event being decided
    private ExitReason stopping;                     // set by a shutdown from the supervisor, acted on between batches
    private final List<CallRecord> records = new ArrayList<>();   // decided in this poll, appended at its end

    private Exchange(ProcessContext ctx, EventLog log, Config config, AtomicReference<ExchangeStatus> status,
                     BooleanSupplier fenced) {
        this.ctx = ctx;
        this.log = log;
        this.area = config.directory().area();
        this.eventsTp = SwitchTopics.events(area);
        this.callsTp = SwitchTopics.calls(area);
        this.status = status;
        this.fenced = fenced;
        this.lines = new LineTable(ctx, config.directory(), config.idleDeactivation());
        this.calls = new CallTable(ctx, area);
        this.control = new CallControl(config.directory(), config.trunks(), calls::diedUnnoticed, this::carryOut);
        this.checkpointer = new Checkpointer(log, SwitchTopics.checkpoints(area), config.checkpointEvery());
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
                           BooleanSupplier fenced) {
        new Exchange(ctx, log, config, status, fenced).loop();
    }

    private void loop() {
        ctx.register(name(area));
        ctx.trapExit(true);                    // a shutdown from the supervisor checkpoints first: a clean hand-over
        try (LogConsumer consumer = log.consumer(GROUP, StartPosition.EARLIEST)) {
            consumer.assign(List.of(eventsTp));
            reader = new EventReader(consumer, SwitchTopics.CODEC, new DeadLetters(log.producer()));
            calls.stopOrphans();
            restore(consumer);
            serve();
        }
    }

    /** Resumes from the last checkpoint, if any: its state, and the events after it. */
    private void restore(LogConsumer consumer) {
        checkpointer.readLast().ifPresent(cp -> {
            control.restore(cp);
            consumer.seek(eventsTp, cp.nextOffset());
        });
    }

    private void serve() {
        while (true) {
            long deadLetteredBefore = reader.deadLettered();
            List<Event> batch = reader.poll(1024, Duration.ofMillis(20));
            long undecodable = reader.deadLettered() - deadLetteredBefore;  // the reader dead-lettered these itself
            control.undecodable(undecodable);
            checkpointer.consumed(undecodable);
            for (int i = 0; i < batch.size(); i++) {
                if (i % 64 == 0) {
                    serveMailbox();                        // crashes are noticed within 64 events
                }
                handle(batch.get(i));
            }
            serveMailbox();
            lines.flush();                                 // the poll's line signals: one message per line
            appendRecords();                               // the poll's call records: one burst, so few fsyncs
            if (stopping != null) {                        // the whole batch is handled: the position is exact
                if (!fenced.getAsBoolean()) {
                    checkpoint();
                }
                publish();
                ctx.exit(stopping);
            }
            if (checkpointer.isDue(batch.isEmpty())) {
                checkpoint();
            }
            publish();
        }
    }

    /** Handles what other processes sent: their {@code Down}s. Also where a shutdown or kill takes effect. */
    private void serveMailbox() {
        for (Object m; (m = ctx.receive(Duration.ZERO).orElse(null)) != null; ) {
            if (lines.onMessage(m) || calls.onMessage(m)) {
                continue;                                  // a start answered: what waited for it is done
            }
            if (m instanceof Signal.Down down) {
                if (!lines.onDown(down, control::lineFailed)) {
                    calls.onDown(down, control::callFailed);
                }
            } else if (m instanceof Signal.Exit exit) {   // only the supervisor is linked: stop after this batch
                stopping = exit.reason();
            }
        }
    }

    private void handle(Event e) {
        current = e;
        checkpointer.consumed(1);
        control.handle(e.payload());
        if (e.payload() instanceof SubscriberEvent && control.events() % 4096 == 0) {
            lines.deactivateIdle(control.eventTime(), control::isEngaged);
        }
    }

    /** Carries out one decision, at once and in order: the lines hear the exchange's signals as decided. */
    private void carryOut(Decision decision) {
        switch (decision) {
            case Decision.UseLine(String line, long at) -> lines.use(line, at);
            case Decision.Tell(String line, LineSignal signal) -> lines.send(line, signal);
            case Decision.StartCall(long callId, String caller, String callee) ->
                    calls.start(callId, caller, callee, lines);
            case Decision.ClearCall(long callId) -> calls.clear(callId);
            case Decision.KillCall(long callId) -> calls.kill(callId);
            case Decision.WriteRecord(CallRecord call) -> records.add(call);
            case Decision.Reject(String reason) -> reader.deadLetter(current, reason);
        }
    }

    /**
     * Appends the poll's finished attempts, in the order decided. Appended together rather than
     * one by one as decided, so the log's group commit covers a poll's records with one or two
     * {@code fsync}s instead of one every few records (an {@code fsync} costs about 50 µs of CPU
     * here). Nothing waits for them until the next checkpoint, which commits past them.
     */
    private void appendRecords() {
        for (CallRecord call : records) {
            checkpointer.track(append(call));
        }
        records.clear();
    }

    /** Appends a finished attempt to {@code calls}, keyed by call id, stamped with its clearing time. */
    private CompletableFuture<RecordMetadata> append(CallRecord call) {
        byte[] value = SwitchTopics.CODEC.encode(new CallEnded(call));
        return log.producer().appendAsync(ProducerRecord.of(callsTp, SwitchTopics.callKey(call.callId()), value).withTimestamp(call.clearedAt()));
    }

    private void checkpoint() {
        checkpointer.write(control.checkpoint(reader.consumer().position(eventsTp)), reader.consumer());
    }

    private void publish() {
        Checkpoint.Counters c = control.counters();
        status.set(new ExchangeStatus(reader.consumer().position(eventsTp), control.eventTime(), c.events(),
                control.activeCalls(), control.busyTrunks(), lines.active(), c.completed(), c.blocked(), c.busy(),
                c.abandoned(), c.dropped(), c.rejected(), c.absorbed(), lines.crashes(), calls.crashes()));
    }
}
