package io.agner.switchdemo;

import io.agner.runtime.ExitReason;
import io.agner.runtime.ProcessContext;
import io.agner.runtime.Signal;
import io.agner.switchdemo.call.Exchange;
import io.agner.switchdemo.log.EventLog;
import io.agner.switchdemo.log.LogConsumer;
import io.agner.switchdemo.log.RebalanceListener;
import io.agner.switchdemo.log.StartPosition;
import io.agner.switchdemo.log.TopicPartition;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Decides which exchange areas this node serves: a member of the {@code exchange-members} group
 * on the {@code switch-areas} topic (one empty partition per area), so the log's group management
 * — Kafka's, when several nodes share the work — hands each area to exactly one node. One process
 * per node; its consumer and listener run on it.
 *
 * <p>Assigned an area, it starts the area's subtree, whose exchange resumes from the area's last
 * checkpoint. Before an area moves away, it stops the subtree; the exchange checkpoints and
 * commits on the way out, so the next owner resumes exactly where this one stopped. When a node
 * dies instead, its areas move once its session times out, and the next owner resumes from the
 * last checkpoint; billing drops the call records written twice.
 */
public final class AreaManager {

    public static final String NAME = "area-manager";
    public static final String GROUP = "exchange-members";
    public static final String TOPIC = "switch-areas";

    private AreaManager() {}

    /** Creates the membership topic: one partition per area. */
    public static void createTopic(EventLog log, int areas) {
        log.createTopic(TOPIC, areas);
    }

    /**
     * The manager's process body.
     *
     * @param configFor the exchange configuration of an area
     * @param report    told "started area 2" / "stopped area 2" as ownership changes
     */
    public static void run(ProcessContext ctx, EventLog log, SwitchApp app, IntFunction<Exchange.Config> configFor,
                           Consumer<String> report) {
        ctx.register(NAME);
        ctx.trapExit(true);                 // on shutdown, hand the areas over before leaving the group
        RebalanceListener listener = new RebalanceListener() {
            @Override
            public void onAssigned(Collection<TopicPartition> partitions) {
                for (TopicPartition tp : partitions) {
                    app.startArea(configFor.apply(tp.partition()));
                    report.accept("started area " + tp.partition());
                }
            }

            @Override
            public void onRevoked(Collection<TopicPartition> partitions) {
                for (TopicPartition tp : partitions) {
                    app.stopArea(tp.partition());
                    report.accept("handed over area " + tp.partition());
                }
            }

            @Override
            public void onLost(Collection<TopicPartition> partitions) {
                for (TopicPartition tp : partitions) {     // the next owner resumes from the last checkpoint
                    app.abandonArea(tp.partition());
                    report.accept("lost area " + tp.partition() + " (stalled past its session); stopped without a checkpoint");
                }
            }
        };
        ExitReason stop;
        try (LogConsumer membership = log.consumer(GROUP, StartPosition.EARLIEST)) {
            membership.subscribe(List.of(TOPIC), listener);
            while (true) {
                if (ctx.receive(Duration.ZERO).orElse(null) instanceof Signal.Exit exit) {
                    stop = exit.reason();
                    break;
                }
                membership.poll(16, Duration.ofMillis(100));
            }
        }                                   // closing revokes: every area is stopped, checkpointed and committed
        ctx.exit(stop);
    }
}
