package io.agner.observer;

import io.helidon.logging.common.spi.LoggingProvider;

/**
 * Tells Helidon that logging is configured: the application's, not Helidon's. Without a
 * provider Helidon prints "There is no Helidon logging implementation on classpath" to stderr
 * when the observer starts. Does nothing; found through {@code ServiceLoader}.
 */
public final class HelidonLogging implements LoggingProvider {

    @Override
    public void initialization() {
        // the application configures its own logging
    }

    @Override
    public void runTime() {
        // nothing to do at run time either
    }
}
