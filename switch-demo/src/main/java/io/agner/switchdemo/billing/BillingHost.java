package io.agner.switchdemo.billing;

import io.agner.behaviour.CallException;
import io.agner.runtime.ServerRef;
import io.agner.behaviour.GenServers;
import io.agner.behaviour.RequestId;
import io.agner.runtime.ProcessContext;
import io.agner.runtime.Signal;
import io.agner.switchdemo.billing.api.CallRecord;
import io.agner.switchdemo.billing.api.Charge;
import io.agner.switchdemo.billing.api.Rate;
import io.agner.switchdemo.ingest.TrafficConfig;
import io.agner.switchdemo.log.ConsumerRecord;
import io.agner.switchdemo.log.EventLog;
import io.agner.switchdemo.log.LogConsumer;
import io.agner.switchdemo.log.LogException;
import io.agner.switchdemo.log.ProducerRecord;
import io.agner.switchdemo.log.RebalanceListener;
import io.agner.switchdemo.log.RecordMetadata;
import io.agner.switchdemo.log.StartPosition;
import io.agner.switchdemo.log.TopicPartition;
import io.agner.switchdemo.log.event.DeadLetters;
import io.agner.switchdemo.log.event.Decoded;
import io.agner.switchdemo.log.event.Event;
import io.agner.switchdemo.log.event.EventReader;
import io.agner.switchdemo.topic.CallEnded;
import io.agner.switchdemo.topic.Cdr;
import io.agner.switchdemo.topic.SwitchTopics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Billing's host process: consumes {@code calls} in order, asks the hot-swappable {@code billing}
 * module to price each call ({@link Rate} → {@link Charge}), appends one {@link Cdr} per call to
 * {@code cdr}, and commits its position: when caught up, at most every {@link #COMMIT_INTERVAL} or
 * {@link #COMMIT_RECORDS} records while busy, and when shut down. One process; its state is
 * confined to it.
 *
 * <p><b>Exactly one CDR per call.</b> For every area it is assigned ({@code calls} partition
 * {@code a}; with Kafka, group management spreads areas over nodes), the host first reads that
 * area's {@code cdr} partition and remembers every billed call id; a call record seen again (the exchange replays after a restart, or the
 * host itself resumes from its last commit after a crash) is skipped. So CDRs are idempotent by
 * call id however the processes stop.
 * <p><b>Pipelined.</b> The prices of a whole polled batch are asked at once
 * ({@link GenServers#sendRequest}), and the answers taken in the calls' order: billing answers
 * them one after another without waiting for the host, and the CDRs keep the order of {@code calls}.
 * <p><b>Billing down or upgrading.</b> A rating call to a crashed billing process is retried once
 * its supervisor has restarted it, so no call goes unbilled; during an upgrade the calls queue in
 * the suspended process and the new version answers them, so the version split falls at one
 * {@code calls} offset.
 */
public final class BillingHost {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BillingHost.class);

    public static final String NAME = "billing-host";
    public static final String GROUP = "billing";
    /** The longest a busy host goes between commits. */
    static final Duration COMMIT_INTERVAL = Duration.ofMillis(100);
    /** The most call records a busy host reads between commits. */
    static final int COMMIT_RECORDS = 8192;
    /** The billing module's registered name. */
    public static final String BILLING = "billing";

    private final EventLog log;
    private final AtomicReference<BillingStatus> status;
    private final Map<Integer, BitSet> billed = new HashMap<>();   // per area: call ids billed, less the area's base
    private Set<TopicPartition> assigned = Set.of();
    private long lastCommitted = -1;          // the summed positions at the last commit
    private long lastCommitNanos = System.nanoTime();
    private final List<CompletableFuture<RecordMetadata>> acks = new ArrayList<>();   // CDR appends since the last commit
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
        ctx.trapExit(true);                    // a shutdown commits first (only its supervisor is linked)
        try (LogConsumer consumer = log.consumer(GROUP, StartPosition.EARLIEST)) {   // closed on exit: leaves the group at once
            serve(ctx, consumer);
        }
    }

    private void serve(ProcessContext ctx, LogConsumer consumer) {
        consumer.subscribe(List.of(SwitchTopics.CALLS_TOPIC), new RebalanceListener() {
            @Override
            public void onRevoked(Collection<TopicPartition> partitions) {
                awaitAcks();                     // the CDRs of everything read are in the log:
                commitQuietly(consumer);         // the next owner starts after it
            }

            @Override
            public void onLost(Collection<TopicPartition> partitions) {
                // another member owns them already: commit nothing; it skips what this one billed
            }
        });
        EventReader reader = new EventReader(consumer, SwitchTopics.CODEC, new DeadLetters(log.producer()));
        followAssignment(consumer);
        publish(consumer);                 // resumed with nothing left to bill, it must still say where it stands
        while (true) {
            if (ctx.receive(Duration.ZERO).orElse(null) instanceof Signal.Exit stop) {   // from its supervisor: a shutdown
                awaitAcks();
                commitQuietly(consumer);       // what it billed is committed: a restart skips nothing
                publish(consumer);
                ctx.exit(stop.reason());
            }
            List<Event> batch = reader.poll(512, Duration.ofMillis(20));
            followAssignment(consumer);
            List<Rating> ratings = new ArrayList<>(batch.size());
            for (Event e : batch) {
                if (!(e.payload() instanceof CallEnded(CallRecord call))) {
                    reader.deadLetter(e, "not a call record: " + e.payload().getClass().getSimpleName());
                    continue;
                }
                int area = e.topicPartition().partition();
                long index = call.callId() - area * TrafficConfig.CALL_ID_STRIDE;
                if (index < 0 || index > Integer.MAX_VALUE) {
                    reader.deadLetter(e, "call id " + call.callId() + " does not belong to area " + area
                            + " (ids " + area * TrafficConfig.CALL_ID_STRIDE + " and up, 2^31 per area)");
                    continue;
                }
                BitSet billedHere = billed.computeIfAbsent(area, a -> new BitSet());
                if (billedHere.get((int) index)) {
                    duplicates++;
                    continue;
                }
                billedHere.set((int) index);        // it is billed below, however long billing takes
                ratings.add(new Rating(e, call, area, GenServers.sendRequest(ctx, ServerRef.named(BILLING), new Rate(call))));
            }
            for (Rating r : ratings) {              // answers taken in the calls' order: the CDRs keep it
                Charge charge = charge(ctx, r);
                Cdr cdr = new Cdr(r.call().callId(), r.call().caller(), r.call().callee(), r.call().outcome(),
                        r.call().answeredAt(), r.call().clearedAt(), r.call().conversationSeconds(), charge.micros(),
                        charge.tariff(), charge.billingVersion(), r.event().offset());
                acks.add(log.producer().appendAsync(ProducerRecord.of(SwitchTopics.cdr(r.area()), SwitchTopics.callKey(r.call().callId()),
                        SwitchTopics.CODEC.encode(cdr)).withTimestamp(r.call().clearedAt())));
                count(cdr);
            }
            long position = position(consumer);
            if (position != lastCommitted && commitDue(batch.isEmpty(), position)) {   // also when the reader only dead-lettered what it read
                awaitAcks();
                commitQuietly(consumer);
                lastCommitted = position;
                lastCommitNanos = System.nanoTime();
                publish(consumer);
            }
        }
    }

    /** Waits until every CDR appended since the last commit is in the log. */
    private void awaitAcks() {
        acks.forEach(CompletableFuture::join);
        acks.clear();
    }

    /**
     * Whether to commit now: when caught up ({@code idle}: the last poll found nothing), else at
     * most every {@link #COMMIT_INTERVAL} or {@link #COMMIT_RECORDS} records. A commit waits for
     * the CDRs appended since the last and forces the offsets file (about 50 µs of CPU per
     * {@code fsync} here), so committing after every small poll cost more than the billing itself;
     * what a crash re-reads since the last commit is skipped as already billed.
     */
    private boolean commitDue(boolean idle, long position) {
        return idle || position - lastCommitted >= COMMIT_RECORDS
                || System.nanoTime() - lastCommitNanos >= COMMIT_INTERVAL.toNanos();
    }

    /**
     * Commits the positions; a commit refused because the group is rebalancing is not an error:
     * the records after the last commit come again, here or to the next owner, and are skipped.
     */
    private static void commitQuietly(LogConsumer consumer) {
        try {
            consumer.commit();
        } catch (LogException rebalancing) {
            LOG.info("billing: commit refused ({}); the next owner skips what is already billed", rebalancing.getMessage());
        }
    }

    /** For each newly assigned area, remembers what is already billed there; forgets areas that moved away. */
    private void followAssignment(LogConsumer consumer) {
        Set<TopicPartition> now = consumer.assignment();
        if (now.equals(assigned)) {
            return;
        }
        for (TopicPartition tp : now) {
            if (!assigned.contains(tp)) {
                readBilled(tp.partition());
            }
        }
        billed.keySet().retainAll(now.stream().map(TopicPartition::partition).toList());
        assigned = Set.copyOf(now);
    }

    private static long position(LogConsumer consumer) {
        long position = 0;
        for (TopicPartition tp : consumer.assignment()) {
            position += consumer.position(tp);
        }
        return position;
    }

    private void publish(LogConsumer consumer) {
        status.set(new BillingStatus(position(consumer), cdrs, duplicates, retries,
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

    /** A call record whose price was asked of billing, its answer not taken yet. */
    private record Rating(Event event, CallRecord call, int area, RequestId<Object> request) {}

    /**
     * The price billing answered for {@code r}; if billing crashed or restarted before answering,
     * asks again until it answers (see {@link #rate}).
     */
    private Charge charge(ProcessContext ctx, Rating r) {
        try {
            return asCharge(GenServers.receiveResponse(ctx, r.request(), Duration.ofSeconds(30)), r.call());
        } catch (CallException | IllegalArgumentException down) {
            retries++;
            return rate(ctx, r.call());
        }
    }

    private static Charge asCharge(Object reply, CallRecord call) {
        if (reply instanceof Charge charge) {
            return charge;
        }
        throw new IllegalStateException("billing answered " + reply + " to a Rate of call " + call.callId());
    }

    /** Prices a call, waiting out a billing crash (its supervisor restarts it) rather than losing the call. */
    private Charge rate(ProcessContext ctx, CallRecord call) {
        while (true) {
            try {
                return asCharge(GenServers.call(ctx, ServerRef.named(BILLING), new Rate(call), Duration.ofSeconds(30)), call);
            } catch (CallException | IllegalArgumentException down) {     // crashed, restarting, or not registered yet
                retries++;
                ctx.receive(m -> false, Duration.ofMillis(5));
            }
        }
    }

    /** Remembers every call id already in the area's {@code cdr} partition, and counts them by version. */
    private void readBilled(int area) {
        TopicPartition cdrTp = SwitchTopics.cdr(area);
        BitSet billedHere = billed.computeIfAbsent(area, a -> new BitSet());
        long end = log.endOffset(cdrTp);
        if (end == 0) {
            return;
        }
        long thisRun = cdrs;
        try (LogConsumer cdrReader = log.consumer(GROUP + "-recovery", StartPosition.EARLIEST)) {
            cdrReader.assign(List.of(cdrTp));
            cdrReader.seekToBeginning(List.of(cdrTp));
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();   // a first Kafka fetch can be slow
            while (cdrReader.position(cdrTp) < end) {
                List<ConsumerRecord> records = cdrReader.poll(4096, Duration.ofSeconds(1));
                if (records.isEmpty() && System.nanoTime() > deadline) {
                    throw new IllegalStateException(cdrTp + " ends at " + cdrReader.position(cdrTp)
                            + ", before its end offset " + end);
                }
                for (ConsumerRecord r : records) {
                    if (SwitchTopics.CODEC.decode(r.value()) instanceof Decoded.Valid(Cdr cdr, var s, var v)) {
                        billedHere.set((int) (cdr.callId() - area * TrafficConfig.CALL_ID_STRIDE));
                        count(cdr);
                    }
                }
            }
        }
        cdrs = thisRun;      // this run's count: the totals by version cover the whole topic
    }

}
