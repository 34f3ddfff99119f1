package io.agner.testkit;

import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Captures what one SLF4J logger logs during each test, and keeps it off the console: for tests
 * of crash and supervisor reports. Use it as a field:
 * {@code @RegisterExtension final LogCapture log = new LogCapture("io.agner.crash");}
 * Events are recorded on whatever thread logs them; read them after the test has synchronised.
 *
 * <p>It needs logback-classic as the test's SLF4J backend (the testkit's dependency on it is
 * optional: add it with test scope). With another backend, or none, the constructor throws an
 * {@link IllegalStateException} saying so: this class touches logback only through
 * {@code LogbackCapture}, loaded once the check has passed.
 */
public final class LogCapture implements BeforeEachCallback, AfterEachCallback {

    private static final String LOGBACK_LOGGER = "ch.qos.logback.classic.Logger";

    private final String loggerName;
    private LogbackCapture capture; // during a test only

    /** @throws IllegalStateException when logback is not the SLF4J backend */
    public LogCapture(String loggerName) {
        requireLogback(LoggerFactory.getLogger(loggerName));
        this.loggerName = loggerName;
    }

    /** {@code logger} if logback made it; compares class names, so it works without logback on the class path. */
    static org.slf4j.Logger requireLogback(org.slf4j.Logger logger) {
        String backend = logger.getClass().getName();
        if (!backend.equals(LOGBACK_LOGGER)) {
            throw new IllegalStateException("LogCapture needs logback-classic as the SLF4J backend (add ch.qos.logback:logback-classic"
                    + " with test scope); this test's loggers are " + backend);
        }
        return logger;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        capture = LogbackCapture.start(loggerName);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        capture.stop();
    }

    /** The events logged so far in this test, in order. */
    public List<ILoggingEvent> events() {
        return capture.events();
    }

    /** Their formatted messages. */
    public List<String> messages() {
        return capture.events().stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
}
