package io.agner.switchdemo.topic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class SwitchTopicsTest {

    @Test
    void aCallsKeyIsItsIdInEightBigEndianBytes() {
        for (long id : new long[] {0, 1, 255, 256, 1L << 31, 4_000_000_123L, Long.MAX_VALUE, -1, Long.MIN_VALUE}) {
            assertArrayEquals(ByteBuffer.allocate(8).putLong(id).array(), SwitchTopics.callKey(id), "call id " + id);
        }
    }
}
