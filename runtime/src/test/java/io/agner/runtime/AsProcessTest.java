package io.agner.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.testkit.NodeExtension;
import io.agner.testkit.Probe;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link Node#asProcess}: code outside any process borrows a pid on its own thread, as Erlang's
 * shell lends its process, so a call's reply needs no helper process and no polling.
 */
class AsProcessTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    @Test
    void asProcess_runsOnTheCallingThread_asALiveProcessNotListed() {
        Thread caller = Thread.currentThread();

        Object[] seen = agner.node().asProcess(ctx -> new Object[] {
                Thread.currentThread(), agner.node().isAlive(ctx.self()),
                agner.node().processes().stream().anyMatch(p -> p.pid().equals(ctx.self())), ctx.self()});

        assertSame(caller, seen[0], "no other thread");
        assertEquals(true, seen[1], "alive while the action runs");
        assertEquals(false, seen[2], "not listed among the node's processes");
        assertFalse(agner.node().isAlive((Pid) seen[3]), "exited once the action returned");
    }

    @Test
    void asProcess_receivesMessagesSentToItsPid() {
        Probe echo = agner.probe();

        Object answer = agner.node().asProcess(ctx -> {
            echo.run(e -> e.send(ctx.self(), "hello " + ctx.self()));
            return ctx.receive(WAIT).orElseThrow();
        });

        assertTrue(answer.toString().startsWith("hello <0."), answer.toString());
    }

    @Test
    void asProcess_returns_monitorsGetDownNormal() {
        Probe watcher = agner.probe();

        Pid borrowed = agner.node().asProcess(ctx -> {
            watcher.run(w -> w.monitor(ctx.self()));
            return ctx.self();
        });

        Signal.Down down = watcher.next(Signal.Down.class);
        assertEquals(borrowed, down.pid());
        assertEquals(ExitReason.NORMAL, down.reason());
    }

    @Test
    void asProcess_actionThrows_rethrownHere_linksGetTheError() {
        Probe linked = agner.probe();
        linked.run(ctx -> ctx.trapExit(true));
        IllegalStateException boom = new IllegalStateException("boom");

        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> agner.node().asProcess(ctx -> {
            ctx.link(linked.pid());
            throw boom;
        }));

        assertSame(boom, thrown);
        Signal.Exit exit = linked.next(Signal.Exit.class);
        assertTrue(exit.reason() instanceof ExitReason.Error(Throwable cause) && cause == boom, exit.toString());
    }

    @Test
    void asProcess_killedWhileReceiving_endsWithExitException() {
        AtomicReference<Pid> borrowed = new AtomicReference<>();
        CountDownLatch receiving = new CountDownLatch(1);
        Thread.ofVirtual().start(() -> {
            try {
                assertTrue(receiving.await(10, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            agner.node().exit(borrowed.get(), ExitReason.KILL);
        });

        ExitException e = assertThrows(ExitException.class, () -> agner.node().asProcess(ctx -> {
            borrowed.set(ctx.self());
            receiving.countDown();
            return ctx.receive(Duration.ofMinutes(1));
        }));

        assertEquals(ExitReason.KILLED, e.reason());
        assertFalse(Thread.currentThread().isInterrupted(), "the kill's interrupt does not leak into the caller's thread");
    }

    @Test
    void asProcess_callerInterrupted_throwsIllegalStateAndKeepsTheInterruptStatus() throws Exception {
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
        CountDownLatch receiving = new CountDownLatch(1);
        Thread caller = Thread.ofPlatform().start(() -> {
            try {
                agner.node().asProcess(ctx -> {
                    receiving.countDown();
                    return ctx.receive(Duration.ofMinutes(1));
                });
            } catch (Throwable t) {
                outcome.set(t);
            }
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        assertTrue(receiving.await(10, TimeUnit.SECONDS));

        caller.interrupt();
        caller.join(WAIT);

        assertTrue(outcome.get() instanceof IllegalStateException ise && ise.getMessage().startsWith("interrupted"), String.valueOf(outcome.get()));
        assertEquals(true, stillInterrupted.get());
    }

    @Test
    void asProcess_ofAProcessContext_isTheProcessItself() {
        Probe p = agner.probe();

        Pid self = p.call(ctx -> ctx.asProcess(ProcessContext::self));

        assertEquals(p.pid(), self);
    }

    @Test
    void serverRef_pidNamesItself_nameResolvesToItsHolder() {
        Probe p = agner.probe();
        agner.node().register("holder", p.pid());

        assertEquals(p.pid(), p.pid().resolve(agner.node()).orElseThrow());
        assertEquals(p.pid(), ServerRef.named("holder").resolve(agner.node()).orElseThrow());
        assertTrue(ServerRef.named("nobody").resolve(agner.node()).isEmpty());
        assertEquals("holder", ServerRef.named("holder").toString());
        assertThrows(IllegalArgumentException.class, () -> ServerRef.named(" "));
    }
}
