package io.agner.hotswap;

import static io.agner.testkit.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.testkit.LogCapture;
import io.agner.testkit.NodeExtension;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failing accept (the node out of file descriptors: EMFILE) makes the accept loop back off,
 * exponentially up to a cap, and log once per burst, not hundreds of lines a second (issue 19,
 * item 4). The accept step is injected to fail; on a manual clock, so each pause ends only when
 * the test moves time by exactly that pause.
 */
class ControlAcceptTest {

    @RegisterExtension
    final NodeExtension agner = NodeExtension.withManualClock();

    @RegisterExtension
    final LogCapture log = new LogCapture("io.agner.hotswap.control");

    @TempDir
    Path tmp;

    /** Fails its first {@code failures} accepts as an exhausted file table does, then accepts. */
    private static ControlServer.Acceptor failing(int failures) {
        AtomicInteger left = new AtomicInteger(failures);
        return server -> {
            if (left.getAndDecrement() > 0) {
                throw new IOException("Too many open files");
            }
            return server.accept();
        };
    }

    private static Duration expectedPause(int failure) {
        Duration doubled = AcceptBackoff.FIRST.multipliedBy(1L << Math.min(failure, 30));
        return doubled.compareTo(AcceptBackoff.MAX) < 0 ? doubled : AcceptBackoff.MAX;
    }

    @Test
    void failingAccepts_pauseTheLoop_doublingUpToTheCap_withOneWarning_thenItServesAgain() throws Exception {
        int failures = 10; // 10 ms doubling reaches the 1 s cap at the 8th
        try (ControlServer control = new ControlServer(agner.node(), "n1", tmp.resolve("agner"),
                ControlServer.ownerOnly(ControlDir.self()), failing(failures))) {
            for (int i = 0; i < failures; i++) {
                await().until(() -> agner.clock().pending() == 1); // the loop pauses after failure i
                Duration pause = expectedPause(i);

                agner.clock().advance(pause.minusNanos(1));
                assertEquals(1, agner.clock().pending(), "still pausing, " + (i + 1) + ". failure");
                agner.clock().advance(Duration.ofNanos(1));
            }

            assertEquals("OK", ControlFixture.last(ControlFixture.ask(control.socket(), "ping")));
            await().untilAsserted(() -> assertEquals(2, log.events().size()));
            assertEquals(List.of("WARN", "INFO"), log.events().stream().map(e -> e.getLevel().toString()).toList());
            assertTrue(log.messages().get(0).contains("Too many open files"), log.messages().get(0));
            assertTrue(log.messages().get(1).contains("after " + failures + " failed"), log.messages().get(1));
        }
    }

    @Test
    void aNewBurstAfterASuccess_startsAgainAtTheFirstPause_andWarnsAgain() {
        AcceptBackoff backoff = new AcceptBackoff();
        assertEquals(AcceptBackoff.FIRST, backoff.failed());
        assertEquals(AcceptBackoff.FIRST.multipliedBy(2), backoff.failed());
        assertEquals(2, backoff.succeeded());
        assertEquals(0, backoff.succeeded(), "no burst to end");

        assertEquals(AcceptBackoff.FIRST, backoff.failed());
        assertTrue(backoff.burstStarted());
        backoff.failed();
        assertFalse(backoff.burstStarted());
    }

    @Test
    void closingWhileThePauseRuns_cancelsIt() throws Exception {
        ControlServer control = new ControlServer(agner.node(), "n1", tmp.resolve("agner"),
                ControlServer.ownerOnly(ControlDir.self()), failing(Integer.MAX_VALUE));
        await().until(() -> agner.clock().pending() == 1);

        control.close();

        await().until(() -> agner.clock().pending() == 0);
    }
}
