package io.agner.switchdemo.billing;

import io.agner.behaviour.CallException;
import io.agner.behaviour.GenServers;
import io.agner.runtime.ProcessContext;
import io.agner.switchdemo.SwitchTopics;
import io.agner.switchdemo.billing.api.CallRecord;
import io.agner.switchdemo.billing.api.Charge;
import io.agner.switchdemo.billing.api.Rate;
import io.agner.switchdemo.log.Consumer;
import io.agner.switchdemo.log.ConsumerRecord;
import io.agner.switchdemo.log.EventLog;
import io.agner.switchdemo.log.ProducerRecord;
import io.agner.switchdemo.log.RecordMetadata;
import io.agner.switchdemo.log.StartPosition;
import io.agner.switchdemo.log.event.DeadLetters;
import io.agner.switchdemo.log.event.Decoded;
import io.agner.switchdemo.log.event.Event;
import io.agner.switchdemo.log.event.EventReader;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Billing's host process: consumes {@code calls} in order, asks the hot-swappable {@code billing}
 * module to price each call ({@link Rate} → {@link Charge}), appends one {@link Cdr} per call to
 * {@code cdr}, then commits. One process; its state is confined to it.
 *
 * <p><b>Exactly one CDR per call.</b> On start the host reads the {@code cdr} topic and remembers
 * every billed call id; a call record seen again (the exchange replays after a restart, or the
 * host itself resumes from its last commit after a crash) is skipped. So CDRs are idempotent by
 * call id however the processes stop.
 * <p><b>Billing down or upgrading.</b> A rating call to a crashed billing process is retried once
 * its supervisor has restarted it, so no call goes unbilled; during an upgrade the calls queue in
 * the suspended process and the new version answers them, so the version split falls at one
 * {@code calls} offset.
 */
public final class BillingHost {

    public static final String NAME = "billing-host";
    public static final String GROUP = "billing";
    /** The billing module's registered name. */
    public static final String BILLING = "billing";

    private final EventLog log;
    private final AtomicReference<BillingStatus> status;
    private final BitSet billed = new BitSet();
    private final long[] cdrsByVersion = new long[3];
    private final long[] chargeByVersion = new long[3];
    private final long[] firstOffsetByVersion = {-1, -1, -1};
    private long cdrs, duplicates, retries;

    private BillingHost(EventLog log, AtomicReference<BillingStatus> status) {
        this.log = log;
        this.status = status;
    }

    public static void run(ProcessContext ctx, EventLog log, AtomicReference<BillingStatus> status) {
        new BillingHost(log, status).loop(ctx);
    }

    private void loop(ProcessContext ctx) {
        ctx.register(NAME);
        readBilled();
        Consumer consumer = log.consumer(GROUP, StartPosition.EARLIEST);
        consumer.assign(List.of(SwitchTopics.CALLS));
        EventReader reader = new EventReader(consumer, SwitchTopics.CODEC, new DeadLetters(log.producer()));
        List<CompletableFuture<RecordMetadata>> acks = new ArrayList<>();
        publish(consumer);                 // resumed with nothing left to bill, it must still say where it stands
        while (true) {
            ctx.receive(Duration.ZERO);        // an exit point: a shutdown or kill takes effect here
            List<Event> batch = reader.poll(512, Duration.ofMillis(20));
            for (Event e : batch) {
                if (!(e.payload() instanceof CallEnded(CallRecord call))) {
                    reader.deadLetter(e, "not a call record: " + e.payload().getClass().getSimpleName());
                    continue;
                }
                if (call.callId() > Integer.MAX_VALUE) {
                    reader.deadLetter(e, "call id " + call.callId() + " is beyond what billing tracks (2^31-1)");
                    continue;
                }
                if (billed.get((int) call.callId())) {
                    duplicates++;
                    continue;
                }
                Charge charge = rate(ctx, call);
                Cdr cdr = new Cdr(call.callId(), call.caller(), call.callee(), call.outcome(), call.answeredAt(),
                        call.clearedAt(), call.conversationSeconds(), charge.micros(), charge.tariff(),
                        charge.billingVersion(), e.offset());
                acks.add(log.producer().appendAsync(ProducerRecord.of(SwitchTopics.CDR, key(call.callId()),
                        SwitchTopics.CODEC.encode(cdr)).withTimestamp(call.clearedAt())));
                billed.set((int) call.callId());
                count(cdr);
            }
            if (!batch.isEmpty()) {
                acks.forEach(CompletableFuture::join);
                acks.clear();
                consumer.commit();
                publish(consumer);
            }
        }
    }

    private void publish(Consumer consumer) {
        status.set(new BillingStatus(consumer.position(SwitchTopics.CALLS), cdrs, duplicates, retries,
                cdrsByVersion.clone(), chargeByVersion.clone(), firstOffsetByVersion.clone()));
    }

    private void count(Cdr cdr) {
        cdrs++;
        int v = Math.min(Math.max(cdr.billingVersion(), 0), cdrsByVersion.length - 1);
        cdrsByVersion[v]++;
        chargeByVersion[v] += cdr.chargeMicros();
        if (firstOffsetByVersion[v] < 0) {
            firstOffsetByVersion[v] = cdr.callsOffset();
        }
    }

    /** Prices a call, waiting out a billing crash (its supervisor restarts it) rather than losing the call. */
    private Charge rate(ProcessContext ctx, CallRecord call) {
        while (true) {
            try {
                Object reply = GenServers.call(ctx, BILLING, new Rate(call), Duration.ofSeconds(30));
                if (reply instanceof Charge charge) {
                    return charge;
                }
                throw new IllegalStateException("billing answered " + reply + " to a Rate of call " + call.callId());
            } catch (CallException | IllegalArgumentException down) {     // crashed, restarting, or not registered yet
                retries++;
                ctx.receive(m -> false, Duration.ofMillis(5));
            }
        }
    }

    /** Remembers every call id already in {@code cdr}, and the totals so far. */
    private void readBilled() {
        if (log.endOffset(SwitchTopics.CDR) == 0) {
            return;
        }
        try (Consumer cdrReader = log.consumer(GROUP + "-recovery", StartPosition.EARLIEST)) {
            cdrReader.assign(List.of(SwitchTopics.CDR));
            cdrReader.seekToBeginning(List.of(SwitchTopics.CDR));
            long end = log.endOffset(SwitchTopics.CDR);
            while (cdrReader.position(SwitchTopics.CDR) < end) {
                List<ConsumerRecord> records = cdrReader.poll(4096, Duration.ofSeconds(1));
                if (records.isEmpty()) {
                    throw new IllegalStateException("cdr topic ends at " + cdrReader.position(SwitchTopics.CDR)
                            + ", before its end offset " + end);
                }
                for (ConsumerRecord r : records) {
                    if (SwitchTopics.CODEC.decode(r.value()) instanceof Decoded.Valid(Cdr cdr, var s, var v)) {
                        billed.set((int) cdr.callId());
                        count(cdr);
                    }
                }
            }
        }
        cdrs = 0;      // this run's count starts at zero; the totals by version cover the whole topic
    }

    static byte[] key(long callId) {
        return ByteBuffer.allocate(8).putLong(callId).array();
    }
}
