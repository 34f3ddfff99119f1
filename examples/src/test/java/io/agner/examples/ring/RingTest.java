package io.agner.examples.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.agner.testkit.NodeExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RingTest {

    @RegisterExtension
    final NodeExtension agner = new NodeExtension();

    @Test
    void ring_makesSizeTimesLapsHops() throws Exception {
        assertEquals(10_000L * 5, Ring.run(agner.node(), 10_000, 5));
    }

    @Test
    void ring_tooSmall_isRejected() {
        assertThrows(IllegalArgumentException.class, () -> Ring.run(agner.node(), 1, 1));
    }
}
