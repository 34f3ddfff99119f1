package io.agner.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLogger;

class LogCaptureTest {

    private static final String NAME = "io.agner.testkit.captured";

    @RegisterExtension
    final LogCapture log = new LogCapture(NAME);

    @Test
    void capturesWhatTheLoggerLogs() {
        LoggerFactory.getLogger(NAME).warn("disk {} full", "A");

        assertEquals(List.of("disk A full"), log.messages());
    }

    @Test
    void anotherBackend_isRefusedWithAMessage_notAClassCastException() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> LogCapture.requireLogback(NOPLogger.NOP_LOGGER));

        assertTrue(e.getMessage().contains("logback-classic"), e.getMessage());
        assertTrue(e.getMessage().contains(NOPLogger.class.getName()), e.getMessage());
    }

    @Test
    void logback_isAccepted() {
        Logger logger = LoggerFactory.getLogger("x");

        assertSame(logger, LogCapture.requireLogback(logger));
    }
}
