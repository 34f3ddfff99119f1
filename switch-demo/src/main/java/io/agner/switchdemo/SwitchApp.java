package io.agner.switchdemo;

import io.agner.behaviour.StateMachines;
import io.agner.hotswap.CodeServer;
import io.agner.runtime.Node;
import io.agner.runtime.Pid;
import io.agner.supervisor.ChildSpec;
import io.agner.supervisor.Restart;
import io.agner.supervisor.RestartStrategy;
import io.agner.supervisor.Shutdown;
import io.agner.supervisor.SupFlags;
import io.agner.supervisor.Supervisor;
import io.agner.switchdemo.billing.BillingHost;
import io.agner.switchdemo.billing.BillingStatus;
import io.agner.switchdemo.call.CallProcess;
import io.agner.switchdemo.call.Exchange;
import io.agner.switchdemo.call.ExchangeStatus;
import io.agner.switchdemo.call.Line;
import io.agner.switchdemo.log.EventLog;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The switch's supervision tree on a node, over an event log. Thread-safe handle: its status
 * methods may be read from any thread.
 *
 * {@snippet lang=text :
 * switch (one_for_one)
 * ├── switching (rest_for_one)
 * │   ├── lines    (simple_one_for_one: Line state machines, transient, started on a line's first event)
 * │   ├── calls    (simple_one_for_one: call processes, temporary)
 * │   └── exchange (events topic → decisions → lines, calls, calls topic)
 * └── billing-sup (one_for_one)
 *     ├── billing      (the hot-swappable module, through the code server)
 *     └── billing-host (calls topic → billing → cdr topic)
 * }
 * The exchange depends on the line and call supervisors above it, so a restart of either restarts
 * it too (it then resumes from its last checkpoint). Billing is decoupled by the {@code calls}
 * topic: a billing crash touches no call, and the host waits for the restarted billing process.
 * The billing module must be loaded in the node's code server first.
 */
public final class SwitchApp {

    public static final String NAME = "switch";

    private final Pid root;
    private final AtomicReference<ExchangeStatus> exchange;
    private final AtomicReference<BillingStatus> billing;

    private SwitchApp(Pid root, AtomicReference<ExchangeStatus> exchange, AtomicReference<BillingStatus> billing) {
        this.root = root;
        this.exchange = exchange;
        this.billing = billing;
    }

    public static SwitchApp start(Node node, EventLog log, Exchange.Config config) {
        SwitchTopics.create(log);
        AtomicReference<ExchangeStatus> exchange = new AtomicReference<>(ExchangeStatus.NONE);
        AtomicReference<BillingStatus> billing = new AtomicReference<>(BillingStatus.NONE);
        SupFlags dynamic = SupFlags.DEFAULT.withStrategy(RestartStrategy.SIMPLE_ONE_FOR_ONE)
                .withIntensity(1000, Duration.ofSeconds(1));
        ChildSpec line = ChildSpec.worker("line", (sup, args) -> {
            String number = (String) args.getFirst();
            return StateMachines.startLink(sup, new Line(number), Line.name(number));
        }).withRestart(Restart.TRANSIENT);
        ChildSpec call = ChildSpec.worker("call", (sup, args) -> sup.spawnLink(ctx ->
                CallProcess.run(ctx, (Long) args.get(0), (Pid) args.get(1), (Pid) args.get(2))))
                .withRestart(Restart.TEMPORARY).withShutdown(Shutdown.BRUTAL_KILL);
        ChildSpec switching = ChildSpec.supervisor("switching", (sup, args) -> Supervisor.startLink(sup,
                SupFlags.DEFAULT.withStrategy(RestartStrategy.REST_FOR_ONE).withIntensity(20, Duration.ofSeconds(10)),
                List.of(ChildSpec.supervisor(Exchange.LINES, (s, a) -> Supervisor.startLink(s, dynamic, List.of(line), Exchange.LINES)),
                        ChildSpec.supervisor(Exchange.CALLS, (s, a) -> Supervisor.startLink(s, dynamic, List.of(call), Exchange.CALLS)),
                        ChildSpec.worker(Exchange.NAME, (s, a) -> s.spawnLink(ctx -> Exchange.run(ctx, log, config, exchange)))),
                "switching"));
        ChildSpec billingTree = ChildSpec.supervisor("billing-sup", (sup, args) -> Supervisor.startLink(sup,
                SupFlags.DEFAULT.withIntensity(20, Duration.ofSeconds(10)),
                List.of(ChildSpec.worker(BillingHost.BILLING, (s, a) -> CodeServer.startLink(s, BillingHost.BILLING, List.of())),
                        ChildSpec.worker(BillingHost.NAME, (s, a) -> s.spawnLink(ctx -> BillingHost.run(ctx, log, billing)))),
                "billing-sup"));
        Pid root = Supervisor.start(node, SupFlags.DEFAULT.withIntensity(5, Duration.ofSeconds(10)),
                List.of(switching, billingTree), NAME);
        return new SwitchApp(root, exchange, billing);
    }

    public Pid root() {
        return root;
    }

    public ExchangeStatus exchange() {
        return exchange.get();
    }

    public BillingStatus billing() {
        return billing.get();
    }
}
