package io.agner.switchdemo.report;

import io.agner.switchdemo.billing.api.CallRecord;
import io.agner.switchdemo.billing.api.Outcome;
import io.agner.switchdemo.ingest.TrafficConfig;
import io.agner.switchdemo.log.ConsumerRecord;
import io.agner.switchdemo.log.EventLog;
import io.agner.switchdemo.log.LogConsumer;
import io.agner.switchdemo.log.StartPosition;
import io.agner.switchdemo.log.TopicPartition;
import io.agner.switchdemo.log.Topics;
import io.agner.switchdemo.log.event.DeadLetter;
import io.agner.switchdemo.log.event.DeadLetters;
import io.agner.switchdemo.log.event.Decoded;
import io.agner.switchdemo.topic.CallEnded;
import io.agner.switchdemo.topic.Cdr;
import io.agner.switchdemo.topic.SwitchTopics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One exchange area's final account, computed from the log alone (so it holds across restarts): call
 * records by outcome, blocking measured against Erlang B, CDRs by billing version, and the
 * checks that nothing was lost or counted twice. Immutable.
 *
 * @param events          records in the {@code events} topic
 * @param eventsConsumed  the exchange group's committed offset on it
 * @param deadLetters     records in the dead-letter topic that came from this area's partitions
 * @param calls           distinct call attempts in {@code calls}
 * @param duplicateCalls  call records written again (after a restart; billing skips them)
 * @param cdrs            distinct calls in {@code cdr}
 * @param duplicateCdrs   CDRs for an already billed call: must be 0
 * @param lastV1Offset    the last {@code calls} offset priced by billing v1 ({@code -1} if none)
 * @param firstV2Offset   the first {@code calls} offset priced by billing v2 ({@code -1} if none)
 * @param deadLetterReasons "topic-partition@offset: reason" of the first dead letters
 */
public record SwitchReport(long events, long eventsConsumed, long deadLetters, long calls, long duplicateCalls,
                           Map<Outcome, Long> outcomes, BlockingEstimate blocking, double expectedBlocking,
                           double offeredErlangs, int trunks, long cdrs, long duplicateCdrs, long[] cdrsByVersion,
                           long[] chargeByVersion, long lastV1Offset, long firstV2Offset, List<String> deadLetterReasons) {

    /** Reads the report out of {@code log} for traffic shaped by {@code traffic}. */
    public static SwitchReport read(EventLog log, TrafficConfig traffic) {
        Map<Long, CallRecord> calls = new LinkedHashMap<>();
        long duplicateCalls = 0;
        int area = traffic.area();
        for (ConsumerRecord r : readAll(log, SwitchTopics.calls(area))) {
            if (SwitchTopics.CODEC.decode(r.value()) instanceof Decoded.Valid(CallEnded(CallRecord c), var s, var v)
                    && calls.putIfAbsent(c.callId(), c) != null) {
                duplicateCalls++;
            }
        }
        Map<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) {
            outcomes.put(o, 0L);
        }
        long start = traffic.start().toEpochMilli();
        int batches = 20;
        BatchCounter counter = new BatchCounter(start, Math.max(1, traffic.duration().toMillis() / batches), batches);
        for (CallRecord c : calls.values()) {
            outcomes.merge(c.outcome(), 1L, Long::sum);
            boolean reachedTrunks = c.dialedAt() >= 0 && (c.outcome() == Outcome.BLOCKED || c.seizedAt() >= 0);
            if (reachedTrunks) {
                counter.attempt(c.dialedAt(), c.outcome() == Outcome.BLOCKED);
            }
        }
        List<Cdr> cdrs = cdrs(log, area);
        Map<Long, Cdr> distinct = new LinkedHashMap<>();
        long[] byVersion = new long[3];
        long[] chargeByVersion = new long[3];
        long lastV1 = -1;
        long firstV2 = -1;
        for (Cdr cdr : cdrs) {
            if (distinct.putIfAbsent(cdr.callId(), cdr) != null) {
                continue;
            }
            int v = Math.min(Math.max(cdr.billingVersion(), 0), 2);
            byVersion[v]++;
            chargeByVersion[v] += cdr.chargeMicros();
            if (v == 1) {
                lastV1 = Math.max(lastV1, cdr.callsOffset());
            } else if (v == 2 && firstV2 < 0) {
                firstV2 = cdr.callsOffset();
            }
        }
        BlockingEstimate blocking;
        try {
            blocking = counter.estimate();
        } catch (IllegalArgumentException tooFewCalls) {
            blocking = null;
        }
        List<DeadLetter> deadLetters = deadLetters(log, area);
        return new SwitchReport(log.endOffset(SwitchTopics.events(area)), committed(log, area), deadLetters.size(),
                calls.size(), duplicateCalls, outcomes, blocking, ErlangB.blocking(traffic.offeredErlangs(), traffic.trunks()),
                traffic.offeredErlangs(), traffic.trunks(), distinct.size(), cdrs.size() - distinct.size(), byVersion,
                chargeByVersion, lastV1, firstV2, deadLetters.stream().limit(10)
                        .map(d -> d.origin() + "@" + d.originOffset() + ": " + d.reason()).toList());
    }

    /**
     * The area's dead letters: those whose origin is its partition (of {@code events} or
     * {@code calls}); one that does not say where it came from counts for area 0.
     */
    private static List<DeadLetter> deadLetters(EventLog log, int area) {
        List<DeadLetter> out = new ArrayList<>();
        for (ConsumerRecord r : readAll(log, new TopicPartition(Topics.DEAD_LETTER, 0))) {
            DeadLetter d = DeadLetters.parse(r).orElse(null);
            if (d == null ? area == 0 : d.origin().partition() == area) {
                out.add(d != null ? d : new DeadLetter(new TopicPartition(Topics.DEAD_LETTER, 0), r.offset(),
                        "a record without dead-letter headers", r.key(), r.value()));
            }
        }
        return out;
    }

    /** Every CDR of area 0, in log order. */
    public static List<Cdr> cdrs(EventLog log) {
        return cdrs(log, 0);
    }

    /** Every CDR of an area (its {@code cdr} partition), in log order. */
    public static List<Cdr> cdrs(EventLog log, int area) {
        List<Cdr> out = new ArrayList<>();
        for (ConsumerRecord r : readAll(log, SwitchTopics.cdr(area))) {
            if (SwitchTopics.CODEC.decode(r.value()) instanceof Decoded.Valid(Cdr cdr, var s, var v)) {
                out.add(cdr);
            }
        }
        return out;
    }

    /** Every record of a one-partition topic, in log order. */
    public static List<ConsumerRecord> readAll(EventLog log, TopicPartition tp) {
        List<ConsumerRecord> out = new ArrayList<>();
        long end = log.endOffset(tp);
        try (LogConsumer c = log.consumer("report", StartPosition.EARLIEST)) {
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();   // a first Kafka fetch can be slow
            while (c.position(tp) < end) {
                List<ConsumerRecord> records = c.poll(8192, Duration.ofSeconds(1));
                if (records.isEmpty() && System.nanoTime() > deadline) {
                    throw new IllegalStateException(tp + " ends at " + c.position(tp) + ", before its end offset " + end);
                }
                out.addAll(records);
            }
        }
        return out;
    }

    /** The exchange group's committed offset on an area's events. */
    public static long committed(EventLog log, int area) {
        try (LogConsumer c = log.consumer(io.agner.switchdemo.call.Exchange.GROUP, StartPosition.EARLIEST)) {
            return c.committed(SwitchTopics.events(area)).orElse(0);
        }
    }

    /** Whether the measured blocking is within its 95% interval of Erlang B's. */
    public boolean erlangBHolds() {
        return blocking != null && blocking.contains(expectedBlocking);
    }

    /** Calls with a record but no CDR, or CDRs counted twice: both must be 0 for "nothing lost". */
    public long unbilled() {
        return calls - cdrs;
    }

    /**
     * The totals of several areas' reports, for {@code make demo} with more than one area: events,
     * calls by outcome, CDRs and what was lost, summed (Erlang B is per area: each area is its own
     * trunk group, so there is no overall figure for it).
     */
    public static String overall(List<SwitchReport> areas) {
        long events = 0, consumed = 0, calls = 0, cdrs = 0, unbilled = 0, duplicateCdrs = 0, rewritten = 0, withinB = 0;
        Map<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
        for (SwitchReport r : areas) {
            events += r.events;
            consumed += r.eventsConsumed;
            calls += r.calls;
            cdrs += r.cdrs;
            unbilled += r.unbilled();
            duplicateCdrs += r.duplicateCdrs;
            rewritten += r.duplicateCalls;
            withinB += r.erlangBHolds() ? 1 : 0;
            r.outcomes.forEach((o, n) -> outcomes.merge(o, n, Long::sum));
        }
        StringBuilder s = new StringBuilder();
        s.append(String.format("events in the log        %,d (consumed %,d, dead-lettered %,d)%n", events, consumed,
                areas.stream().mapToLong(SwitchReport::deadLetters).sum()));
        s.append(String.format("call attempts            %,d  completed %,d  blocked %,d  busy %,d  abandoned %,d  dropped %,d%n",
                calls, outcomes.getOrDefault(Outcome.COMPLETED, 0L), outcomes.getOrDefault(Outcome.BLOCKED, 0L),
                outcomes.getOrDefault(Outcome.BUSY, 0L), outcomes.getOrDefault(Outcome.ABANDONED, 0L),
                outcomes.getOrDefault(Outcome.DROPPED, 0L)));
        s.append(String.format("Erlang B                 within the 95%% interval in %d of %d areas%n", withinB, areas.size()));
        s.append(String.format("CDRs                     %,d (duplicates %d)%n", cdrs, duplicateCdrs));
        s.append(String.format("events lost              %d   calls unbilled %d   call records rewritten after restarts %d%n",
                events - consumed, unbilled, rewritten));
        return s.toString();
    }

    public String render() {
        StringBuilder s = new StringBuilder();
        s.append(String.format("events in the log        %,d (consumed %,d, dead-lettered %,d)%n", events, eventsConsumed, deadLetters));
        for (String reason : deadLetterReasons) {
            s.append("  dead letter            ").append(reason).append(System.lineSeparator());
        }
        s.append(String.format("call attempts            %,d  completed %,d  blocked %,d  busy %,d  abandoned %,d  dropped %,d%n",
                calls, outcomes.get(Outcome.COMPLETED), outcomes.get(Outcome.BLOCKED), outcomes.get(Outcome.BUSY),
                outcomes.get(Outcome.ABANDONED), outcomes.get(Outcome.DROPPED)));
        s.append(String.format("Erlang B (A=%.1f erl, N=%d)  expected %.2f%%, measured %s -> %s%n", offeredErlangs, trunks,
                expectedBlocking * 100, blocking == null ? "n/a (too few calls)" : blocking.describe(),
                erlangBHolds() ? "within the 95% interval" : "OUTSIDE the 95% interval"));
        s.append(String.format("CDRs                     %,d (v1 %,d = %.2f, v2 %,d = %.2f; duplicates %d)%n", cdrs,
                cdrsByVersion[1], chargeByVersion[1] / 1e6, cdrsByVersion[2], chargeByVersion[2] / 1e6, duplicateCdrs));
        if (firstV2Offset >= 0) {
            s.append(String.format("billing upgrade          v1 priced calls up to offset %,d, v2 from offset %,d%s%n",
                    lastV1Offset, firstV2Offset, lastV1Offset < firstV2Offset ? " (one clean split)" : " (INTERLEAVED)"));
        }
        s.append(String.format("events lost              %d   calls unbilled %d   call records rewritten after restarts %d%n",
                events - eventsConsumed, unbilled(), duplicateCalls));
        return s.toString();
    }
}
