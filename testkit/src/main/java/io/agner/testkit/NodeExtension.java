package io.agner.testkit;

import io.agner.runtime.ExitReason;
import io.agner.runtime.Node;
import io.agner.runtime.NodeConfig;
import io.agner.runtime.SpawnOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Opens a fresh {@link Node} before each test and closes it after, so no process outlives its
 * test. Use it as a field:
 *
 * {@snippet :
 * @RegisterExtension final NodeExtension agner = new NodeExtension();
 *
 * @Test void send_toDeadPid_isDropped() {
 *     Probe probe = agner.probe();
 *     ...
 * }
 * }
 *
 * <p>{@link #withManualClock()} gives the node a {@link ManualClock}, so timeouts fire only
 * when the test advances {@link #clock()}.
 *
 * <p>It changes nothing global (Awaitility's defaults included): for waits with the testkit's
 * timeout, use {@link Await#await()}. One instance per test class instance; not thread-safe.
 */
public final class NodeExtension implements BeforeEachCallback, AfterEachCallback {

    /** Processes that ignore {@code shutdown} (trapping exits) are killed after this, so tests end quickly. */
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofMillis(500);

    private final boolean manualClock;
    private final List<Probe> probes = new ArrayList<>();
    private Node node;
    private ManualClock clock;

    public NodeExtension() {
        this(false);
    }

    private NodeExtension(boolean manualClock) {
        this.manualClock = manualClock;
    }

    public static NodeExtension withManualClock() {
        return new NodeExtension(true);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        NodeConfig config = NodeConfig.DEFAULT.withShutdownTimeout(SHUTDOWN_TIMEOUT);
        if (manualClock) {
            clock = new ManualClock();
            config = config.withClock(clock);
        }
        node = Node.start(config);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (node != null) {
            probes.forEach(p -> node.exit(p.pid(), ExitReason.KILL));
            probes.clear();
            node.close();
            node = null;
        }
    }

    public Node node() {
        if (node == null) {
            throw new IllegalStateException("the node exists only while a test runs");
        }
        return node;
    }

    /** A new probe process on this test's node. */
    public Probe probe() {
        return probe(SpawnOptions.DEFAULT);
    }

    public Probe probe(SpawnOptions options) {
        Probe probe = Probe.spawn(node(), options);
        probes.add(probe);
        return probe;
    }

    /** The manual clock; only with {@link #withManualClock()}. */
    public ManualClock clock() {
        if (clock == null) {
            throw new IllegalStateException("this NodeExtension has the system clock; use NodeExtension.withManualClock()");
        }
        return clock;
    }
}
