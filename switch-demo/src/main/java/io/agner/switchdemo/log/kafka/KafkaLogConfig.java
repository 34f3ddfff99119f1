package io.agner.switchdemo.log.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How {@link KafkaEventLog} reaches and uses a Kafka cluster. Immutable; start from
 * {@link #of(String)} and change a copy with {@code withX}.
 *
 * @param bootstrap         {@code host:port[,host:port...]}, Kafka's {@code bootstrap.servers}
 * @param replicationFactor replicas of each topic {@link KafkaEventLog#createTopic} makes; 1 suits
 *                          a single broker, 3 a production cluster
 * @param timeout           how long one request to the cluster may take (Kafka's
 *                          {@code request.timeout.ms}, {@code default.api.timeout.ms} and the
 *                          producer's {@code max.block.ms}); an append is given twice this to be
 *                          acknowledged, retries included ({@code delivery.timeout.ms})
 * @param sessionTimeout    how long a silent consumer stays in its group (Kafka's
 *                          {@code session.timeout.ms}); it heartbeats three times per timeout
 * @param clientProperties  extra settings for every client (security, for one), applied last
 */
public record KafkaLogConfig(String bootstrap, short replicationFactor, Duration timeout, Duration sessionTimeout,
                             Map<String, String> clientProperties) {

    public static final short DEFAULT_REPLICATION_FACTOR = 1;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(45);

    public KafkaLogConfig {
        Objects.requireNonNull(bootstrap, "bootstrap");
        if (bootstrap.isBlank()) {
            throw new IllegalArgumentException("bootstrap must name at least one host:port, was '" + bootstrap + "'");
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("replicationFactor must be >= 1, was " + replicationFactor);
        }
        if (timeout.toMillis() < 1 || timeout.toMillis() > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("timeout must be between 1 ms and " + Integer.MAX_VALUE / 2 + " ms, was " + timeout);
        }
        if (sessionTimeout.toMillis() < 3 || sessionTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("sessionTimeout must be between 3 ms and " + Integer.MAX_VALUE + " ms, was "
                    + sessionTimeout);
        }
        clientProperties = Map.copyOf(clientProperties);
    }

    /** Defaults: one replica, 30 s requests, 45 s sessions (Kafka's own default), no extra properties. */
    public static KafkaLogConfig of(String bootstrap) {
        return new KafkaLogConfig(bootstrap, DEFAULT_REPLICATION_FACTOR, DEFAULT_TIMEOUT, DEFAULT_SESSION_TIMEOUT, Map.of());
    }

    public KafkaLogConfig withReplicationFactor(int replicationFactor) {
        if (replicationFactor > Short.MAX_VALUE) {
            throw new IllegalArgumentException("replicationFactor must be <= " + Short.MAX_VALUE + ", was " + replicationFactor);
        }
        return new KafkaLogConfig(bootstrap, (short) replicationFactor, timeout, sessionTimeout, clientProperties);
    }

    public KafkaLogConfig withTimeout(Duration timeout) {
        return new KafkaLogConfig(bootstrap, replicationFactor, timeout, sessionTimeout, clientProperties);
    }

    public KafkaLogConfig withSessionTimeout(Duration sessionTimeout) {
        return new KafkaLogConfig(bootstrap, replicationFactor, timeout, sessionTimeout, clientProperties);
    }

    /** A copy with one more client property; it overrides what the backend would set. */
    public KafkaLogConfig withClientProperty(String key, String value) {
        Map<String, String> next = new HashMap<>(clientProperties);
        next.put(key, value);
        return new KafkaLogConfig(bootstrap, replicationFactor, timeout, sessionTimeout, next);
    }
}
