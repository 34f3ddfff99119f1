package io.agner.switchdemo.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void kafkasLegalNamesPass() {
        for (String name : new String[] {"events", "switch-checkpoints", "a.b_c-D9", "_x", "-", "9", "a".repeat(200), "x."}) {
            assertEquals(name, Topics.requireValidName(name));
        }
    }

    @Test
    void anythingElseIsRefusedWithTheRuleAndTheName() {
        for (String name : new String[] {"", ".hidden", "with space", "slash/y", "ünï", "a".repeat(201), "tab\t"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Topics.requireValidName(name));
            assertTrue(e.getMessage().contains("1-200 of [a-zA-Z0-9._-]") && e.getMessage().contains("'" + name + "'"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Topics.requireValidName(null));
        assertThrows(IllegalArgumentException.class, () -> new TopicPartition("bad name", 0));
    }
}
