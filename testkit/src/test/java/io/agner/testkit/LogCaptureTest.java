package io.agner.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
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
    void withoutLogbackOnTheClassPath_theConstructorSaysWhatIsMissing() throws Exception {
        URL[] withoutLogback = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.contains("logback"))
                .map(LogCaptureTest::url)
                .toArray(URL[]::new);
        try (URLClassLoader loader = new URLClassLoader(withoutLogback, ClassLoader.getPlatformClassLoader())) {
            Class<?> logCapture = Class.forName(LogCapture.class.getName(), true, loader);

            InvocationTargetException e = assertThrows(InvocationTargetException.class,
                    () -> logCapture.getConstructor(String.class).newInstance(NAME));

            assertInstanceOf(IllegalStateException.class, e.getCause(), () -> "not the clear error: " + e.getCause());
            assertTrue(e.getCause().getMessage().contains("logback-classic"), e.getCause().getMessage());
        }
    }

    private static URL url(String classPathEntry) {
        try {
            return Path.of(classPathEntry).toUri().toURL();
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void logback_isAccepted() {
        Logger logger = LoggerFactory.getLogger("x");

        assertSame(logger, LogCapture.requireLogback(logger));
    }
}
