package io.agner.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Peers}: a map, whether it holds a few entries in its array or many in a HashMap. */
class PeersTest {

    @Test
    void putGetRemove_withFewEntries() {
        Peers<String, Integer> peers = new Peers<>();
        assertTrue(peers.isEmpty());
        assertNull(peers.put("a", 1));
        assertNull(peers.put("b", 2));
        assertEquals(1, peers.put("a", 10));                 // replaces, does not add
        assertEquals(2, peers.size());
        assertEquals(10, peers.get(new String("a")));        // by equals, not identity
        assertEquals(10, peers.remove("a"));
        assertNull(peers.remove("a"));
        assertNull(peers.get("a"));
        assertEquals(2, peers.get("b"));
        assertEquals(1, peers.size());
    }

    @Test
    void growsPastTheSmallArray_andKeepsEveryEntry() {
        Peers<Integer, Integer> peers = new Peers<>();
        for (int i = 0; i < 100; i++) {
            peers.put(i, -i);
        }
        assertEquals(100, peers.size());
        for (int i = 0; i < 100; i++) {
            assertEquals(-i, peers.get(i));
        }
        Map<Integer, Integer> seen = new HashMap<>();
        peers.forEach(seen::put);
        assertEquals(100, seen.size());
        assertEquals(100, peers.values().size());
    }

    @Test
    void behavesAsAHashMap_underRandomPutsAndRemoves() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            Peers<Integer, Integer> peers = new Peers<>();
            Map<Integer, Integer> expected = new HashMap<>();
            for (int op = 0; op < 40; op++) {
                int key = random.nextInt(Peers.SMALL + 3);     // mostly around the switch to a HashMap
                if (random.nextBoolean()) {
                    assertEquals(expected.put(key, op), peers.put(key, op));
                } else {
                    assertEquals(expected.remove(key), peers.remove(key));
                }
                assertEquals(expected.size(), peers.size());
                assertEquals(expected.isEmpty(), peers.isEmpty());
            }
            Map<Integer, Integer> actual = new HashMap<>();
            peers.forEach(actual::put);
            assertEquals(expected, actual);
            for (int key = 0; key < Peers.SMALL + 3; key++) {
                assertEquals(expected.get(key), peers.get(key));
            }
        }
        assertFalse(new Peers<>().values().iterator().hasNext());
    }
}
