package io.agner.micrometer;

import io.agner.behaviour.CallException;
import io.agner.runtime.Node;
import io.agner.runtime.ProcessInfo;
import io.agner.runtime.ServerRef;
import io.agner.supervisor.Supervisor;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A Micrometer {@link MeterBinder} for one node: {@code new AgnerMetrics(node).bindTo(registry)}
 * (with a Prometheus registry, Prometheus can scrape it). The meters:
 * <ul>
 *   <li>{@code agner.processes} (gauge): processes alive or exiting;
 *   <li>{@code agner.processes.spawned}, {@code agner.processes.exited} (counters) since the node started;
 *   <li>{@code agner.supervisor.restarts} (counter): restarts by the node's registered
 *       supervisors ({@code Supervisor.restarts}), summed;
 *   <li>{@code agner.mailbox.longest} (gauge): the longest mailbox of a registered process.
 * </ul>
 *
 * <p>Cost: the process meters read striped counters ({@code Node.processCounts()}); the other two
 * are computed when the registry is read (a scrape), over the registered processes only — one
 * {@code info} each, and one call (at most a second) to each registered supervisor — never over
 * every process. A supervisor counts from zero when it is itself restarted, so the restart
 * counter can go down; Prometheus's {@code rate} treats that as a counter reset. The node is held
 * weakly, as Micrometer holds gauge state: once it is gone the meters read NaN.
 */
public final class AgnerMetrics implements MeterBinder {

    /** How long a scrape waits for each supervisor's counts. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(1);

    private final Node node;
    private final Tags tags;

    public AgnerMetrics(Node node) {
        this(node, Tags.empty());
    }

    /** With tags on every meter, e.g. {@code Tags.of("node", "switch")}. */
    public AgnerMetrics(Node node, Iterable<Tag> tags) {
        this.node = Objects.requireNonNull(node, "node");
        this.tags = Tags.of(tags);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("agner.processes", node, n -> n.processCounts().running())
                .description("Processes alive or exiting").baseUnit("processes").tags(tags).register(registry);
        FunctionCounter.builder("agner.processes.spawned", node, n -> n.processCounts().spawned())
                .description("Processes spawned since the node started").baseUnit("processes").tags(tags).register(registry);
        FunctionCounter.builder("agner.processes.exited", node, n -> n.processCounts().exited())
                .description("Processes exited since the node started").baseUnit("processes").tags(tags).register(registry);
        FunctionCounter.builder("agner.supervisor.restarts", node, AgnerMetrics::supervisorRestarts)
                .description("Children restarted by the node's registered supervisors").baseUnit("restarts").tags(tags).register(registry);
        Gauge.builder("agner.mailbox.longest", node, AgnerMetrics::longestMailbox)
                .description("The longest mailbox of a registered process").baseUnit("messages").tags(tags).register(registry);
    }

    static double supervisorRestarts(Node node) {
        long total = 0;
        for (String name : node.registered()) {
            Optional<ProcessInfo> info = node.whereis(name).flatMap(node::info);
            if (info.flatMap(ProcessInfo::behaviour).filter("supervisor"::equals).isEmpty()) {
                continue;
            }
            try {
                total += Supervisor.restarts(node, ServerRef.named(name), CALL_TIMEOUT).values().stream()
                        .mapToLong(Long::longValue).sum();
            } catch (CallException | IllegalArgumentException gone) {
                // exited since it was listed, or too busy to answer in time: not counted this scrape
            }
        }
        return total;
    }

    static double longestMailbox(Node node) {
        int longest = 0;
        for (String name : node.registered()) {
            Optional<ProcessInfo> info = node.whereis(name).flatMap(node::info);
            if (info.isPresent()) {
                longest = Math.max(longest, info.get().mailboxLength());
            }
        }
        return longest;
    }
}
