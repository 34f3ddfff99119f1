package io.agner.switchdemo;

import io.agner.switchdemo.ingest.TrafficConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The traffic options the single-node demo, the cluster demo and a cluster's switch nodes share (a
 * picocli mixin): {@code --seed --subscribers --trunks --erlangs --holding --hours}. Filled by
 * picocli on one thread, then read.
 */
public final class TrafficOptions {

    @Option(names = "--seed", paramLabel = "N", description = "the random stream (default: ${DEFAULT-VALUE})")
    long seed = TrafficConfig.DEFAULT.seed();

    @Option(names = "--subscribers", paramLabel = "N", description = "lines per exchange area (default: ${DEFAULT-VALUE})")
    int subscribers = TrafficConfig.DEFAULT.subscribers();

    @Option(names = "--trunks", paramLabel = "N", description = "circuits per exchange area (default: ${DEFAULT-VALUE})")
    int trunks = TrafficConfig.DEFAULT.trunks();

    @Option(names = "--erlangs", paramLabel = "A", description = "offered load per area (default: ${DEFAULT-VALUE})")
    double erlangs = TrafficConfig.DEFAULT.offeredErlangs();

    @Option(names = "--holding", paramLabel = "SECONDS", description = "mean holding time (default: ${DEFAULT-VALUE})")
    long holding = TrafficConfig.DEFAULT.meanHolding().toSeconds();

    /** Null when not given: each program has its own default. */
    @Option(names = "--hours", paramLabel = "H", description = "simulated hours of traffic (default: 24 in the demo, 1000 with --keep-running, 6 in the cluster demo)")
    Double hours;

    /**
     * The traffic of area 0 (each area takes {@code withArea}).
     *
     * @throws IllegalArgumentException when the values do not make a traffic (one line, from {@link TrafficConfig})
     */
    public TrafficConfig traffic(double defaultHours) {
        double h = hours(defaultHours);
        if (!(h > 0) || Double.isInfinite(h)) {
            throw new IllegalArgumentException("--hours must be > 0, was " + h);
        }
        return new TrafficConfig(seed, subscribers, trunks, erlangs, Duration.ofSeconds(holding),
                Duration.ofMinutes(Math.round(60 * h)), TrafficConfig.DEFAULT.start(), 0);
    }

    /** These options as arguments for another JVM (a cluster's switch node), hours included. */
    public List<String> asArgs(double defaultHours) {
        List<String> args = new ArrayList<>();
        args.addAll(List.of("--seed", Long.toString(seed), "--subscribers", Integer.toString(subscribers)));
        args.addAll(List.of("--trunks", Integer.toString(trunks), "--erlangs", Double.toString(erlangs)));
        args.addAll(List.of("--holding", Long.toString(holding), "--hours", Double.toString(hours(defaultHours))));
        return args;
    }

    private double hours(double defaultHours) {
        return hours != null ? hours : defaultHours;
    }
}
