package io.agner.testkit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * {@link LogCapture}'s logback side, in its own class so that nothing loads logback before
 * LogCapture has checked it is there. One per test: takes the logger over (every level, not
 * additive, a list appender) until {@link #stop()} gives it back.
 */
final class LogbackCapture {

    private final Logger logger;
    private final Level previous;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private LogbackCapture(Logger logger) {
        this.logger = logger;
        this.previous = logger.getLevel();
    }

    static LogbackCapture start(String loggerName) {
        LogbackCapture capture = new LogbackCapture((Logger) LoggerFactory.getLogger(loggerName));
        capture.logger.setLevel(Level.TRACE);
        capture.logger.setAdditive(false);
        capture.appender.start();
        capture.logger.addAppender(capture.appender);
        return capture;
    }

    void stop() {
        logger.detachAppender(appender);
        logger.setLevel(previous);
        logger.setAdditive(true);
    }

    List<ILoggingEvent> events() {
        synchronized (appender) { // AppenderBase.doAppend appends under this lock
            return List.copyOf(appender.list);
        }
    }
}
