package io.agner.hotswap;

import static io.agner.testkit.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SharedAnswerTest {

    @Test
    void callersArrivingWhileItRuns_getItsAnswer_andTheNextCallerComputesAfresh() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger entered = new AtomicInteger();
        SharedAnswer<Integer> shared = new SharedAnswer<>(() -> {
            entered.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return runs.incrementAndGet();
        });
        AtomicReference<Integer> first = new AtomicReference<>();
        AtomicReference<Integer> second = new AtomicReference<>();
        Thread a = Thread.ofVirtual().start(() -> first.set(shared.get()));
        await().until(() -> entered.get() == 1);
        Thread b = Thread.ofVirtual().start(() -> second.set(shared.get()));
        await().until(() -> b.getState() == Thread.State.WAITING); // parked on the running computation

        release.countDown();
        a.join();
        b.join();

        assertEquals(1, first.get());
        assertEquals(1, second.get());
        assertEquals(2, shared.get(), "computed afresh once the shared run is over");
    }

    @Test
    void aFailure_reachesTheCaller_andTheNextCallTriesAgain() {
        AtomicInteger calls = new AtomicInteger();
        SharedAnswer<String> shared = new SharedAnswer<>(() -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("no table");
            }
            return "table";
        });

        assertEquals("no table", assertThrows(IllegalStateException.class, shared::get).getMessage());
        assertEquals("table", shared.get());
    }
}
