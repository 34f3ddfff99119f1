package io.agner.switchdemo.log.backend;

import io.agner.switchdemo.log.EventLog;
import io.agner.switchdemo.log.LogConfig;
import io.agner.switchdemo.log.internal.EmbeddedLog;
import io.agner.switchdemo.log.kafka.KafkaEventLog;
import io.agner.switchdemo.log.kafka.KafkaLogConfig;

import java.nio.file.Path;

/**
 * Opens an {@link EventLog} on one of its backends: the embedded single-node log in a folder, or
 * a Kafka cluster. The one place that knows both implementations, so that the {@code log} API
 * package depends on neither.
 */
public final class EventLogs {

    private EventLogs() {}

    /** Opens (or creates) the embedded log in {@code dir}, with the default configuration. */
    public static EventLog embedded(Path dir) {
        return embedded(dir, LogConfig.DEFAULT);
    }

    /**
     * Opens (or creates) the embedded log in {@code dir}; see the {@code log} package for what is
     * durable when and what recovery does.
     */
    public static EventLog embedded(Path dir, LogConfig config) {
        return EmbeddedLog.open(dir, config);
    }

    /** Connects to a Kafka cluster through these bootstrap servers ({@code host:port[,host:port...]}). */
    public static EventLog kafka(String bootstrapServers) {
        return KafkaEventLog.connect(bootstrapServers);
    }

    /** Connects to a Kafka cluster with settings beyond its address (timeouts, client properties...). */
    public static EventLog kafka(KafkaLogConfig config) {
        return KafkaEventLog.connect(config);
    }

    /**
     * Opens the log a configuration string names:
     * {@snippet lang=text :
     * embedded:<dir>                  the embedded log in <dir>, as embedded(Path)   (the default backend)
     * kafka:<host:port>[,<host:port>] a Kafka cluster, through these bootstrap servers
     * }
     *
     * @throws IllegalArgumentException when the string names neither
     */
    public static EventLog connect(String spec) {
        int colon = spec.indexOf(':');
        String scheme = colon < 0 ? "" : spec.substring(0, colon);
        String rest = colon < 0 ? "" : spec.substring(colon + 1);
        if (rest.isBlank() || !(scheme.equals("embedded") || scheme.equals("kafka"))) {
            throw new IllegalArgumentException("log spec must be 'embedded:<dir>' or 'kafka:<host:port>[,<host:port>...]', was '"
                    + spec + "'");
        }
        return scheme.equals("embedded") ? embedded(Path.of(rest)) : kafka(rest);
    }
}
