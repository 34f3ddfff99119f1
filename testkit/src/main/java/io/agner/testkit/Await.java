package io.agner.testkit;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * Awaitility with the testkit's patience: waits up to {@link Probe#WAIT} (generous, for a loaded
 * machine) and polls every {@link #POLL_INTERVAL}. Use it in place of Awaitility's own:
 * {@code import static io.agner.testkit.Await.await;}
 *
 * <p>Each call builds its own {@link ConditionFactory}; Awaitility's global defaults are never
 * changed, so a project's other tests keep theirs.
 */
public final class Await {

    /** How often a condition is checked. */
    public static final Duration POLL_INTERVAL = Duration.ofMillis(5);

    private Await() {}

    /** A condition factory that waits up to {@link Probe#WAIT}, polling every {@link #POLL_INTERVAL}. */
    public static ConditionFactory await() {
        return Awaitility.await().atMost(Probe.WAIT).pollInterval(POLL_INTERVAL);
    }

    /** The same, named {@code alias} in its timeout message. */
    public static ConditionFactory await(String alias) {
        return Awaitility.await(alias).atMost(Probe.WAIT).pollInterval(POLL_INTERVAL);
    }
}
