package io.agner.switchdemo;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptionsTest {

    @Test
    void logSpec_namesTheBackend_embeddedInAFreshFolderByDefault() throws Exception {
        assertEquals("kafka:127.0.0.1:9092", Options.logSpec(Options.parse(new String[] {"--log", "kafka:127.0.0.1:9092"})));
        assertEquals("embedded:/some/dir", Options.logSpec(Options.parse(new String[] {"--data=/some/dir"})));
        String fresh = Options.logSpec(Map.of());
        assertTrue(fresh.startsWith("embedded:"), fresh);
        Path dir = Path.of(fresh.substring("embedded:".length()));
        assertTrue(Files.isDirectory(dir), fresh);
        Files.delete(dir);
    }

    @Test
    void logSpec_refusesBothLogAndData_andAnEmptySpec() {
        assertThrows(IllegalArgumentException.class,
                () -> Options.logSpec(Options.parse(new String[] {"--log", "kafka:127.0.0.1:9092", "--data", "/x"})));
        assertThrows(IllegalArgumentException.class, () -> Options.logSpec(Options.parse(new String[] {"--log"})));
    }
}
