package com.example.gettingstarted;

import static io.agner.testkit.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agner.behaviour.GenServers;
import io.agner.runtime.ServerRef;
import io.agner.testkit.NodeExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The turnstile's relock timeout, on a node whose clock moves only when the test advances it. */
class TurnstileTimeoutTest {

    @RegisterExtension
    final NodeExtension manual = NodeExtension.withManualClock();

    private static final ServerRef TURNSTILE = ServerRef.named(App.TURNSTILE);

    @Test
    void turnstile_relocksByItself_whenNobodyPasses() {
        App.start(manual.node());
        GenServers.cast(manual.node(), TURNSTILE, Turnstile.COIN);
        assertEquals(Turnstile.State.UNLOCKED, GenServers.call(manual.node(), TURNSTILE, Turnstile.STATE));

        manual.clock().advance(Turnstile.RELOCK_AFTER.minus(Duration.ofMillis(1)));
        assertEquals(Turnstile.State.UNLOCKED, GenServers.call(manual.node(), TURNSTILE, Turnstile.STATE));
        manual.clock().advance(Duration.ofMillis(1));

        await().until(() -> GenServers.call(manual.node(), TURNSTILE, Turnstile.STATE) == Turnstile.State.LOCKED);
        assertEquals(0, GenServers.call(manual.node(), TURNSTILE, Turnstile.PASSED));
    }
}
