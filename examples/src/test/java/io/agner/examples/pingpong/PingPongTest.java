package io.agner.examples.pingpong;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agner.testkit.NodeExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PingPongTest {

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    @Test
    void everyRoundTripCompletesInOrder() throws Exception {
        assertEquals(10_000, PingPong.play(agner.node(), 10_000));
    }
}
