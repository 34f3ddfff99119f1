package io.agner.switchdemo.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The offered traffic: who calls, how often, for how long. Immutable; change a copy with
 * {@code withX}, starting from {@link #DEFAULT}.
 *
 * <p>Calls arrive as a Poisson process of rate {@code offeredErlangs / meanHolding}; a call holds
 * a trunk circuit from dialling to the caller's on-hook: a fixed ring time plus an exponential
 * conversation, together {@code meanHolding} on average. So the trunk group sees exactly the
 * offered load of Erlang's loss formula.
 *
 * @param seed           the random stream; the same seed gives the same events
 * @param subscribers    lines in the exchange
 * @param trunks         circuits in the trunk group (subscribers, playing their part, react to
 *                       congestion: the source models the switch's trunk rule to know when)
 * @param offeredErlangs the offered load A
 * @param meanHolding    mean trunk holding time (ring + conversation)
 * @param duration       simulated time during which calls arrive; calls in progress then finish
 * @param start          simulated time of the first moment
 * @param area           the exchange area (a partition of the topics): its own subscribers, trunks,
 *                       random stream and call ids
 */
public record TrafficConfig(long seed, int subscribers, int trunks, double offeredErlangs, Duration meanHolding,
                           Duration duration, Instant start, int area) {

    /** Call ids of area {@code a} start at {@code a * CALL_ID_STRIDE}. */
    public static final long CALL_ID_STRIDE = 1_000_000_000_000L;

    /** Dialling takes this long after off-hook; the called line rings this long before it answers. */
    public static final Duration DIAL_TIME = Duration.ofSeconds(3);
    public static final Duration RING_TIME = Duration.ofSeconds(4);
    /** How long a caller listens to congestion or busy tone before hanging up. */
    public static final Duration REACTION_TIME = Duration.ofSeconds(2);

    public static final TrafficConfig DEFAULT = new TrafficConfig(42, 5_000, 60, 52.0, Duration.ofSeconds(120),
            Duration.ofHours(24), Instant.parse("2026-01-05T00:00:00Z"), 0);

    public TrafficConfig {
        new Directory(area, subscribers);
        if (trunks < 1) {
            throw new IllegalArgumentException("trunks must be >= 1, was " + trunks);
        }
        if (!(offeredErlangs > 0) || Double.isInfinite(offeredErlangs)) {
            throw new IllegalArgumentException("offeredErlangs must be > 0, was " + offeredErlangs);
        }
        if (2.0 * (trunks + offeredErlangs * 2) > subscribers) {
            throw new IllegalArgumentException("subscribers must be well above twice the calls in progress: "
                    + subscribers + " for " + trunks + " trunks at " + offeredErlangs + " erlangs");
        }
        Objects.requireNonNull(meanHolding, "meanHolding");
        if (meanHolding.compareTo(RING_TIME.plusSeconds(1)) < 0) {
            throw new IllegalArgumentException("meanHolding must be > ring time + 1 s, was " + meanHolding);
        }
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be > 0, was " + duration);
        }
        Objects.requireNonNull(start, "start");
    }

    /** Calls per second of simulated time. */
    public double arrivalRate() {
        return offeredErlangs / (meanHolding.toMillis() / 1000.0);
    }

    public Directory directory() {
        return new Directory(area, subscribers);
    }

    /** The same traffic in another area: its own lines, call ids and random stream. */
    public TrafficConfig withArea(int area) {
        return new TrafficConfig(seed, subscribers, trunks, offeredErlangs, meanHolding, duration, start, area);
    }

    public TrafficConfig withSeed(long seed) {
        return new TrafficConfig(seed, subscribers, trunks, offeredErlangs, meanHolding, duration, start, area);
    }

    public TrafficConfig withSubscribers(int subscribers) {
        return new TrafficConfig(seed, subscribers, trunks, offeredErlangs, meanHolding, duration, start, area);
    }

    public TrafficConfig withTrunks(int trunks) {
        return new TrafficConfig(seed, subscribers, trunks, offeredErlangs, meanHolding, duration, start, area);
    }

    public TrafficConfig withOfferedErlangs(double offeredErlangs) {
        return new TrafficConfig(seed, subscribers, trunks, offeredErlangs, meanHolding, duration, start, area);
    }

    public TrafficConfig withMeanHolding(Duration meanHolding) {
        return new TrafficConfig(seed, subscribers, trunks, offeredErlangs, meanHolding, duration, start, area);
    }

    public TrafficConfig withDuration(Duration duration) {
        return new TrafficConfig(seed, subscribers, trunks, offeredErlangs, meanHolding, duration, start, area);
    }
}
