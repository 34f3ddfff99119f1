package io.agner.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Field;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.constraint.WaitConstraint;
import org.awaitility.pollinterval.PollInterval;
import org.junit.jupiter.api.Test;

/**
 * Using the testkit leaves Awaitility's global defaults (10 s at most, polling every 100 ms) as
 * they are: a project's own Awaitility tests must not wait twice as long because it put
 * agner-testkit on the class path. Reads Awaitility's private defaults by reflection (it has no
 * getters for them).
 */
class NothingGlobalTest {

    @Test
    void nodeExtension_leavesAwaitilityDefaultsAlone() throws Exception {
        NodeExtension extension = new NodeExtension();
        extension.beforeEach(null);
        try {
            extension.probe();
        } finally {
            extension.afterEach(null);
        }

        assertEquals(Duration.ofSeconds(10), ((WaitConstraint) awaitilityDefault("defaultWaitConstraint")).getMaxWaitTime());
        assertEquals(Duration.ofMillis(100), ((PollInterval) awaitilityDefault("defaultPollInterval")).next(1, Duration.ZERO));
    }

    @Test
    void await_hasTheKitsTimeout_withoutChangingTheDefaults() {
        Await.await().until(() -> true);

        assertEquals(Duration.ofSeconds(20), Probe.WAIT);
        assertEquals(Duration.ofMillis(5), Await.POLL_INTERVAL);
    }

    private static Object awaitilityDefault(String name) throws ReflectiveOperationException {
        Field field = Awaitility.class.getDeclaredField(name);
        field.setAccessible(true);
        return field.get(null);
    }
}
