package io.agner.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.agner.testkit.NodeExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;

/** Configuration is checked when it is built, with messages that name the field and the value. */
class ValidationTest {

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    private static final ChildStart NOTHING = (sup, args) -> null;

    private static void rejects(Class<? extends RuntimeException> type, String message, Executable build) {
        assertEquals(message, assertThrows(type, build).getMessage());
    }

    @Test
    void supFlags_defaultsAreOtps() {
        assertEquals(new SupFlags(RestartStrategy.ONE_FOR_ONE, 1, Duration.ofSeconds(5)), SupFlags.DEFAULT);
        assertEquals(new SupFlags(RestartStrategy.REST_FOR_ONE, 3, Duration.ofSeconds(9)),
                SupFlags.DEFAULT.withStrategy(RestartStrategy.REST_FOR_ONE).withIntensity(3, Duration.ofSeconds(9)));
    }

    @Test
    void supFlags_invalidValues_areRejected() {
        rejects(IllegalArgumentException.class, "intensity must be >= 0, was -1",
                () -> SupFlags.DEFAULT.withIntensity(-1, Duration.ofSeconds(5)));
        rejects(IllegalArgumentException.class, "period must be > 0, was PT0S",
                () -> SupFlags.DEFAULT.withIntensity(1, Duration.ZERO));
        rejects(IllegalArgumentException.class, "period must be > 0, was PT-1S",
                () -> SupFlags.DEFAULT.withIntensity(1, Duration.ofSeconds(-1)));
        rejects(NullPointerException.class, "strategy", () -> new SupFlags(null, 1, Duration.ofSeconds(5)));
        rejects(NullPointerException.class, "period", () -> new SupFlags(RestartStrategy.ONE_FOR_ONE, 1, null));
    }

    @Test
    void childSpec_defaults() {
        ChildSpec worker = ChildSpec.worker("w", NOTHING);
        ChildSpec sup = ChildSpec.supervisor("s", NOTHING);
        assertEquals(Restart.PERMANENT, worker.restart());
        assertEquals(Shutdown.timeout(Duration.ofSeconds(5)), worker.shutdown());
        assertEquals(ChildType.WORKER, worker.type());
        assertEquals(Shutdown.INFINITY, sup.shutdown());
        assertEquals(ChildType.SUPERVISOR, sup.type());
        assertEquals(Restart.TRANSIENT, worker.withRestart(Restart.TRANSIENT).restart());
        assertEquals(Shutdown.BRUTAL_KILL, worker.withShutdown(Shutdown.BRUTAL_KILL).shutdown());
    }

    @Test
    void childSpec_invalidValues_areRejected() {
        rejects(IllegalArgumentException.class, "child id must not be blank, was null", () -> ChildSpec.worker(null, NOTHING));
        rejects(IllegalArgumentException.class, "child id must not be blank, was ' '", () -> ChildSpec.worker(" ", NOTHING));
        rejects(NullPointerException.class, "start of child 'w' must not be null", () -> ChildSpec.worker("w", null));
        rejects(NullPointerException.class, "restart of child 'w' must not be null", () -> ChildSpec.worker("w", NOTHING).withRestart(null));
        rejects(NullPointerException.class, "shutdown of child 'w' must not be null", () -> ChildSpec.worker("w", NOTHING).withShutdown(null));
        rejects(NullPointerException.class, "type of child 'w' must not be null",
                () -> new ChildSpec("w", NOTHING, Restart.PERMANENT, Shutdown.BRUTAL_KILL, null));
    }

    @Test
    void shutdownTimeout_mustBePositive() {
        rejects(IllegalArgumentException.class, "shutdown timeout must be > 0, was PT0S (use Shutdown.BRUTAL_KILL)",
                () -> Shutdown.timeout(Duration.ZERO));
        rejects(IllegalArgumentException.class, "shutdown timeout must be > 0, was PT-0.001S (use Shutdown.BRUTAL_KILL)",
                () -> Shutdown.timeout(Duration.ofMillis(-1)));
        rejects(NullPointerException.class, "timeout", () -> Shutdown.timeout(null));
    }

    @Test
    void supervisor_duplicateIds_andDynamicWithoutOneTemplate_areRejectedBeforeAnythingStarts() {
        ChildSpec a = ChildSpec.worker("a", NOTHING);
        rejects(IllegalArgumentException.class, "child ids must be unique, 'a' appears twice",
                () -> new SupervisorServer(SupFlags.DEFAULT, List.of(a, ChildSpec.worker("b", NOTHING), a), null));
        SupFlags dynamic = SupFlags.DEFAULT.withStrategy(RestartStrategy.SIMPLE_ONE_FOR_ONE);
        rejects(IllegalArgumentException.class, "a simple-one-for-one supervisor needs exactly one child spec (the template), got 0",
                () -> new SupervisorServer(dynamic, List.of(), null));
        rejects(IllegalArgumentException.class, "a simple-one-for-one supervisor needs exactly one child spec (the template), got 2",
                () -> new SupervisorServer(dynamic, List.of(a, ChildSpec.worker("b", NOTHING)), null));
        rejects(NullPointerException.class, "flags", () -> new SupervisorServer(null, List.of(), null));
    }

    @Test
    void supervisorStart_rejectsDuplicateIdsFromTheClientApi() {
        ChildSpec a = ChildSpec.worker("a", NOTHING);
        rejects(IllegalArgumentException.class, "child ids must be unique, 'a' appears twice",
                () -> Supervisor.start(agner.node(), SupFlags.DEFAULT, List.of(a, a)));
    }
}
