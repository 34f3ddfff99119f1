package io.agner.examples.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import io.agner.runtime.ServerRef;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.agner.behaviour.CallException;
import io.agner.behaviour.GenServers;
import io.agner.runtime.ExitReason;
import io.agner.testkit.NodeExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CounterTest {

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    @Test
    void castsAddUp_callReadsTheSum() {
        GenServers.start(agner.node(), new Counter(), "counter");
        for (int i = 1; i <= 10; i++) {
            GenServers.cast(agner.node(), ServerRef.named("counter"), new Counter.Add(i));
        }
        assertEquals(55L, GenServers.call(agner.node(), ServerRef.named("counter"), new Counter.Get(), Duration.ofSeconds(5)));
    }

    @Test
    void unknownCall_crashesTheServer_andTheCallerIsTold() {
        GenServers.start(agner.node(), new Counter(), "counter");
        CallException e = assertThrows(CallException.class,
                () -> GenServers.call(agner.node(), ServerRef.named("counter"), "nonsense", Duration.ofSeconds(5)));
        assertEquals(IllegalArgumentException.class, ((ExitReason.Error) e.reason()).cause().getClass());
    }
}
