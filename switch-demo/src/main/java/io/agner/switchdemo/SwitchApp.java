package io.agner.switchdemo;

import io.agner.runtime.ServerRef;
import io.agner.behaviour.CallException;
import io.agner.hotswap.CodeServer;
import io.agner.runtime.Caller;
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
import io.agner.switchdemo.line.api.Line;
import io.agner.switchdemo.log.EventLog;
import io.agner.switchdemo.topic.SwitchTopics;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * The switch's supervision tree on a node, over an event log. Thread-safe handle: its status
 * methods may be read from any thread.
 *
 * {@snippet lang=text :
 * switch (one_for_one)
 * ├── areas (one_for_one): one subtree per exchange area served by this node
 * │   └── area-0 (rest_for_one)
 * │       ├── lines    (simple_one_for_one: line state machines of the line module, transient, started on a line's first event)
 * │       ├── calls    (simple_one_for_one: call processes, temporary)
 * │       └── exchange (events topic → decisions → lines, calls, calls topic)
 * └── billing-sup (one_for_one)
 *     ├── billing      (the hot-swappable module, through the code server)
 *     └── billing-host (calls topic → billing → cdr topic)
 * }
 * An area's exchange depends on its line and call supervisors, so a restart of either restarts it
 * too (it then resumes from its last checkpoint). Areas come and go while the node runs
 * ({@link #startArea}, {@link #stopArea}): stopping one checkpoints its exchange first, so the next
 * owner resumes exactly there. Billing is decoupled by the {@code calls} topic: a billing crash
 * touches no call, and the host waits for the restarted billing process. The billing module must
 * be loaded in the node's code server first, and so must the line module: each line process runs
 * the current version of {@code line} ({@link #loadModules}), so {@code agner load line-2.jar}
 * upgrades every live line at once. Areas other than 0 are named with their number
 * ({@code area-2}, {@code lines-2}, {@code exchange-2}, ...).
 */
public final class SwitchApp {

    public static final String NAME = "switch";
    public static final String AREAS = "areas";

    /** The id of the line supervisors' template: their restarts count under it. */
    private static final String LINE_TEMPLATE = "line";

    /** How long {@link #restarts()} waits for each supervisor's counts. */
    private static final Duration RESTARTS_TIMEOUT = Duration.ofSeconds(1);

    private final Node node;
    private final EventLog log;
    private final Pid root;
    private final Map<Integer, AtomicReference<ExchangeStatus>> exchanges = new ConcurrentHashMap<>();
    private final AtomicReference<BillingStatus> billing;
    private final java.util.Set<Integer> fenced = ConcurrentHashMap.newKeySet();   // areas lost to another node

    private SwitchApp(Node node, EventLog log, Pid root, AtomicReference<BillingStatus> billing) {
        this.node = node;
        this.log = log;
        this.root = root;
        this.billing = billing;
    }

    /**
     * Restarts by the switch's supervisors, read from their own counts ({@link Supervisor#restarts}),
     * each since that supervisor last started (a supervisor restarted by its parent counts from
     * zero again), over the areas this node has served.
     *
     * @param lines     line processes restarted by their supervisor ({@code lines-N}'s count for its
     *                  template {@code line})
     * @param exchanges exchange processes started again: by their area's supervisor (after a crash of
     *                  the exchange, or of its line or call supervisor, rest-for-one) and with their
     *                  area's subtree (the {@code areas} supervisor's count for {@code area-N})
     * @param billing   billing processes started again by {@code billing-sup}
     */
    public record Restarts(long lines, long exchanges, long billing) {
        public long total() {
            return lines + exchanges + billing;
        }
    }

    /** The billing module's first version, relative to the switch-demo folder. */
    public static final String BILLING_V1 = "billing-v1/target/billing-1.jar";
    /** The billing module's second version, relative to the switch-demo folder. */
    public static final String BILLING_V2 = "billing-v2/target/billing-2.jar";
    /** The line module's first version, relative to the switch-demo folder. */
    public static final String LINE_V1 = "line-v1/target/line-1.jar";
    /** The line module's second version (a per-line count of connected calls), relative to the switch-demo folder. */
    public static final String LINE_V2 = "line-v2/target/line-2.jar";

    /**
     * Loads the switch's code modules, billing and line, version 1 each, from their jars under
     * {@code moduleDir} (the switch-demo folder) into the node's code server, which must be started.
     */
    public static void loadModules(Caller caller, Path moduleDir) {
        CodeServer.load(caller, moduleDir.resolve(BILLING_V1));
        CodeServer.load(caller, moduleDir.resolve(LINE_V1));
    }

    /** Starts the switch serving one area (the embedded log's usual case). */
    public static SwitchApp start(Node node, EventLog log, Exchange.Config area) {
        SwitchTopics.create(log);
        SwitchApp app = start(node, log);
        app.startArea(area);
        return app;
    }

    /** Starts the switch with no area yet: billing only, areas follow with {@link #startArea}. */
    public static SwitchApp start(Node node, EventLog log) {
        AtomicReference<BillingStatus> billing = new AtomicReference<>(BillingStatus.NONE);
        ChildSpec areas = ChildSpec.supervisor(AREAS, (sup, args) -> Supervisor.startLink(sup,
                SupFlags.DEFAULT.withIntensity(20, Duration.ofSeconds(10)), List.of(), AREAS));
        ChildSpec billingTree = ChildSpec.supervisor("billing-sup", (sup, args) -> Supervisor.startLink(sup,
                SupFlags.DEFAULT.withIntensity(20, Duration.ofSeconds(10)),
                List.of(ChildSpec.worker(BillingHost.BILLING, (s, a) -> CodeServer.startLink(s, BillingHost.BILLING, List.of())),
                        ChildSpec.worker(BillingHost.NAME, (s, a) -> s.spawnLink(ctx -> BillingHost.run(ctx, log, billing)))),
                "billing-sup"));
        Pid root = Supervisor.start(node, SupFlags.DEFAULT.withIntensity(5, Duration.ofSeconds(10)),
                List.of(areas, billingTree), NAME);
        return new SwitchApp(node, log, root, billing);
    }

    /** Starts serving an area: its subtree resumes from the area's last checkpoint. */
    public void startArea(Exchange.Config config) {
        int area = config.directory().area();
        fenced.remove(area);
        AtomicReference<ExchangeStatus> status = exchanges.computeIfAbsent(area, a -> new AtomicReference<>(ExchangeStatus.NONE));
        SupFlags dynamic = SupFlags.DEFAULT.withStrategy(RestartStrategy.SIMPLE_ONE_FOR_ONE)
                .withIntensity(1000, Duration.ofSeconds(1));
        ChildSpec line = ChildSpec.worker(LINE_TEMPLATE, (sup, args) -> {
            String number = (String) args.getFirst();
            return CodeServer.startLink(sup, Line.MODULE, List.of(number));      // registers itself as Line.name(number)
        }).withRestart(Restart.TRANSIENT);
        ChildSpec call = ChildSpec.worker("call", (sup, args) -> sup.spawnLink(ctx ->
                CallProcess.run(ctx, (Long) args.get(0), (Pid) args.get(1), (Pid) args.get(2))))
                .withRestart(Restart.TEMPORARY).withShutdown(Shutdown.BRUTAL_KILL);
        String lines = Exchange.linesName(area);
        String calls = Exchange.callsName(area);
        ChildSpec subtree = ChildSpec.supervisor(areaName(area), (sup, args) -> Supervisor.startLink(sup,
                SupFlags.DEFAULT.withStrategy(RestartStrategy.REST_FOR_ONE).withIntensity(20, Duration.ofSeconds(10)),
                List.of(ChildSpec.supervisor(lines, (s, a) -> Supervisor.startLink(s, dynamic, List.of(line), lines)),
                        ChildSpec.supervisor(calls, (s, a) -> Supervisor.startLink(s, dynamic, List.of(call), calls)),
                        ChildSpec.worker(Exchange.name(area), (s, a) -> {
                            status.set(ExchangeStatus.NONE); // a new exchange counts from zero
                            return s.spawnLink(ctx -> Exchange.run(ctx, log, config, status, () -> fenced.contains(area)));
                        })
                                .withShutdown(Shutdown.timeout(Duration.ofSeconds(60)))),   // time to finish its batch and checkpoint
                areaName(area)));
        Supervisor.startChild(node, ServerRef.named(AREAS), subtree);
    }

    /**
     * Lets the log's group management decide which areas this node serves (see {@link AreaManager}):
     * adds the area manager as the root's last child, so on shutdown it hands its areas over first.
     */
    public void manageAreas(IntFunction<Exchange.Config> configFor, Consumer<String> report) {
        Supervisor.startChild(node, ServerRef.named(NAME), ChildSpec.worker(AreaManager.NAME,
                (sup, args) -> sup.spawnLink(ctx -> AreaManager.run(ctx, log, this, configFor, report)))
                .withShutdown(Shutdown.timeout(Duration.ofSeconds(30))));
    }

    /** Stops serving an area: its exchange checkpoints and commits, then the subtree stops. */
    public void stopArea(int area) {
        Supervisor.terminateChild(node, ServerRef.named(AREAS), areaName(area));
        Supervisor.deleteChild(node, ServerRef.named(AREAS), areaName(area));
    }

    /**
     * Stops an area this node no longer owns (its group membership was lost): its exchange stops
     * without a checkpoint, so it commits nothing over the new owner's progress.
     */
    public void abandonArea(int area) {
        fenced.add(area);
        stopArea(area);
    }

    /**
     * How many exchange areas a node serves unless told otherwise: one per core, so that the
     * exchanges (each one process, the switch's serial part) run side by side.
     */
    public static int defaultAreas() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    public static String areaName(int area) {
        return "area-" + area;
    }

    public Pid root() {
        return root;
    }

    /** Area 0's exchange status. */
    public ExchangeStatus exchange() {
        return exchange(0);
    }

    public ExchangeStatus exchange(int area) {
        AtomicReference<ExchangeStatus> s = exchanges.get(area);
        return s == null ? ExchangeStatus.NONE : s.get();
    }

    /**
     * Areas {@code 0..areas-1} together: counts and calls summed, offsets summed (a position over
     * all their {@code events} partitions), the event time the least reached.
     */
    public ExchangeStatus exchangeTotals(int areas) {
        ExchangeStatus t = exchange(0);
        for (int a = 1; a < areas; a++) {
            ExchangeStatus x = exchange(a);
            t = new ExchangeStatus(t.nextOffset() + x.nextOffset(), Math.min(t.eventTime(), x.eventTime()),
                    t.events() + x.events(), t.activeCalls() + x.activeCalls(), t.busyTrunks() + x.busyTrunks(),
                    t.activeLines() + x.activeLines(), t.completed() + x.completed(), t.blocked() + x.blocked(),
                    t.busy() + x.busy(), t.abandoned() + x.abandoned(), t.dropped() + x.dropped(),
                    t.rejected() + x.rejected(), t.absorbed() + x.absorbed(), t.lineCrashes() + x.lineCrashes(),
                    t.callCrashes() + x.callCrashes());
        }
        return t;
    }

    public BillingStatus billing() {
        return billing.get();
    }

    /** Asks each of the switch's supervisors for its counts; one that is not running (an area stopped) counts none. */
    public Restarts restarts() {
        long lines = 0;
        long exchangesRestarted = 0;
        Map<String, Long> areas = restartsOf(AREAS);
        for (int area : exchanges.keySet()) {
            lines += restartsOf(Exchange.linesName(area)).getOrDefault(LINE_TEMPLATE, 0L);
            exchangesRestarted += restartsOf(areaName(area)).getOrDefault(Exchange.name(area), 0L)
                    + areas.getOrDefault(areaName(area), 0L);
        }
        return new Restarts(lines, exchangesRestarted, restartsOf("billing-sup").getOrDefault(BillingHost.BILLING, 0L));
    }

    private Map<String, Long> restartsOf(String supervisor) {
        try {
            return Supervisor.restarts(node, ServerRef.named(supervisor), RESTARTS_TIMEOUT);
        } catch (CallException notRunning) { // also CallTimeoutException: a supervisor busy for that long
            return Map.of();
        }
    }
}
