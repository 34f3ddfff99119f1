package io.agner.switchdemo.ingest;

import io.agner.switchdemo.topic.Answer;
import io.agner.switchdemo.topic.Dial;
import io.agner.switchdemo.topic.OffHook;
import io.agner.switchdemo.topic.OnHook;
import io.agner.switchdemo.topic.SubscriberEvent;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * A seeded, reproducible stream of subscriber events in event-time order: a discrete-event
 * simulation of subscribers who call at Poisson moments, talk for exponential times, and react to
 * what they hear (a called party answers only a ringing line; a caller hangs up on congestion).
 * Confined to one thread.
 *
 * <p>Per call: {@code OffHook} at t, {@code Dial} at t + {@link TrafficConfig#DIAL_TIME}; then
 * either (a trunk was free) {@code Answer} by the called line after {@link TrafficConfig#RING_TIME}
 * and the caller's {@code OnHook} after the conversation, or (congestion) the caller's
 * {@code OnHook} after {@link TrafficConfig#REACTION_TIME}. To know which, the source applies the
 * switch's own trunk rule in the same event order: events at one millisecond are ordered by
 * {@link SubscriberEvent#rank()} then call id, and so does the switch, which reads them in log
 * order. Callers and called parties are chosen among lines with no call in progress.
 */
public final class TrafficGenerator implements Iterator<SubscriberEvent> {

    private static final Comparator<Scheduled> ORDER = Comparator.comparingLong(Scheduled::at)
            .thenComparingInt(s -> s.event.rank()).thenComparingLong(s -> s.event.callId());

    private record Scheduled(long at, SubscriberEvent event, Call call) {}

    private static final class Call {
        final int caller;
        final int callee;
        boolean seized;

        Call(int caller, int callee) {
            this.caller = caller;
            this.callee = callee;
        }
    }

    private final TrafficConfig config;
    private final Directory directory;
    private final SplittableRandom random;
    private final PriorityQueue<Scheduled> queue = new PriorityQueue<>(ORDER);
    private final BitSet inCall;
    private final long endMillis;
    private final double meanInterArrivalMillis;
    private final double meanConversationMillis;
    private double nextArrival;
    private long nextCallId;
    private int busyTrunks;

    public TrafficGenerator(TrafficConfig config) {
        this.config = config;
        this.directory = config.directory();
        this.random = new SplittableRandom(config.seed() + config.area() * 0x9E3779B97F4A7C15L);
        this.inCall = new BitSet(config.subscribers());
        long start = config.start().toEpochMilli();
        this.endMillis = start + config.duration().toMillis();
        this.meanInterArrivalMillis = 1000.0 / config.arrivalRate();
        this.meanConversationMillis = config.meanHolding().toMillis() - TrafficConfig.RING_TIME.toMillis();
        this.nextArrival = start + exponential(meanInterArrivalMillis);
    }

    private double exponential(double mean) {
        return -mean * Math.log(1.0 - random.nextDouble());
    }

    @Override
    public boolean hasNext() {
        scheduleArrivals();
        return !queue.isEmpty();
    }

    @Override
    public SubscriberEvent next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the traffic has ended");
        }
        Scheduled s = queue.poll();
        react(s);
        return s.event;
    }

    /** Calls that arrive no later than the next scheduled event become events themselves. */
    private void scheduleArrivals() {
        while (nextArrival < endMillis && (queue.isEmpty() || (long) nextArrival <= queue.peek().at)) {
            long at = (long) nextArrival;
            int caller = idleLine(-1);
            int callee = idleLine(caller);
            Call call = new Call(caller, callee);
            long id = config.area() * TrafficConfig.CALL_ID_STRIDE + nextCallId++;
            String callerNumber = directory.number(caller);
            schedule(new OffHook(id, callerNumber, at), call);
            schedule(new Dial(id, callerNumber, directory.number(callee), at + TrafficConfig.DIAL_TIME.toMillis()), call);
            nextArrival += exponential(meanInterArrivalMillis);
        }
    }

    private int idleLine(int other) {
        while (true) {
            int line = random.nextInt(config.subscribers());
            if (line != other && !inCall.get(line)) {
                inCall.set(line);
                return line;
            }
        }
    }

    private void schedule(SubscriberEvent event, Call call) {
        queue.add(new Scheduled(event.at(), event, call));
    }

    /** The subscribers' (and, mirrored, the switch's trunk) reaction to an event now happening. */
    private void react(Scheduled s) {
        Call call = s.call;
        switch (s.event) {
            case Dial d -> {
                if (busyTrunks < config.trunks()) {
                    busyTrunks++;
                    call.seized = true;
                    long answer = d.at() + TrafficConfig.RING_TIME.toMillis();
                    schedule(new Answer(d.callId(), directory.number(call.callee), answer), call);
                    long hangUp = answer + Math.max(1, Math.round(exponential(meanConversationMillis)));
                    schedule(new OnHook(d.callId(), d.line(), hangUp), call);
                } else {
                    inCall.clear(call.callee);             // never rang
                    schedule(new OnHook(d.callId(), d.line(), d.at() + TrafficConfig.REACTION_TIME.toMillis()), call);
                }
            }
            case OnHook h -> {
                if (call.seized) {
                    busyTrunks--;
                    inCall.clear(call.callee);
                }
                inCall.clear(call.caller);
            }
            case OffHook o -> { }
            case Answer a -> { }
        }
    }

    /** How many calls have arrived so far. */
    public long calls() {
        return nextCallId;
    }
}
