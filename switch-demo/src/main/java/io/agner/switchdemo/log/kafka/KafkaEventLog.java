package io.agner.switchdemo.log.kafka;

import io.agner.switchdemo.log.EventLog;
import io.agner.switchdemo.log.LogConsumer;
import io.agner.switchdemo.log.LogException;
import io.agner.switchdemo.log.Producer;
import io.agner.switchdemo.log.StartPosition;
import io.agner.switchdemo.log.TopicPartition;
import io.agner.switchdemo.log.Topics;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link EventLog} on a Kafka cluster. Thread-safe, as {@link EventLog} promises: any thread
 * may create topics and ask for offsets (one shared {@link Admin}), and every {@link #producer()}
 * shares one thread-safe {@link KafkaProducer}; each {@link #consumer} is its own
 * {@link KafkaConsumer}, one thread at a time.
 *
 * <p>Design:
 * <ul>
 * <li><b>Clients.</b> The Admin client is made on connect, the producer on the first
 *     {@link #producer()} or {@link #createTopic} call; both live until {@link #close()}. Producers append with
 *     {@code acks=all} and {@code enable.idempotence=true}: an acknowledged record is on every
 *     in-sync replica, and a retried batch is written once, in order.</li>
 * <li><b>Durability.</b> What an acknowledgement means is the cluster's business (replication,
 *     {@code min.insync.replicas}, the brokers' flush settings); Kafka does not fsync per append
 *     as the embedded log's {@code FsyncPolicy.always()} does.</li>
 * <li><b>Topics.</b> {@link #createTopic} returns once every partition has a leader, so what
 *     follows (an append, an offset query) does not race the brokers' metadata.</li>
 * <li><b>Closing.</b> {@link #close()} closes the Admin client, the producer (sending what is
 *     queued) and every consumer not yet closed; a consumer in use by another thread at that
 *     moment is left to that thread.</li>
 * </ul>
 */
public final class KafkaEventLog implements EventLog {

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    // Immutable.
    private final KafkaLogConfig config;
    private final String clientId;
    private final Admin admin;

    // Shared. The producer is made once, under this, and read by any thread; consumers register until closed.
    private volatile KafkaProducer<byte[], byte[]> producer;
    private final Set<KafkaLogConsumer> consumers = ConcurrentHashMap.newKeySet();

    // OPEN -> CLOSED: set once under this, read without it.
    private volatile boolean closed;

    private KafkaEventLog(KafkaLogConfig config) {
        this.config = config;
        this.clientId = "agner-log-" + INSTANCES.incrementAndGet();
        this.admin = Admin.create(common("admin"));
    }

    /** Connects to the cluster at {@code bootstrap} ({@code host:port[,host:port...]}) with {@link KafkaLogConfig#of} defaults. */
    public static KafkaEventLog connect(String bootstrap) {
        return connect(KafkaLogConfig.of(bootstrap));
    }

    /**
     * Connects with these settings. Nothing is sent yet: an unreachable cluster shows as a
     * {@link LogException} on the first call that needs it, after {@link KafkaLogConfig#timeout()}.
     */
    public static KafkaEventLog connect(KafkaLogConfig config) {
        try {
            return new KafkaEventLog(config);
        } catch (RuntimeException e) {
            throw KafkaErrors.translate(e, config.bootstrap(), "connecting");
        }
    }

    public KafkaLogConfig config() {
        return config;
    }

    /** Settings every client shares; {@code role} names the client in the broker's logs. */
    private Map<String, Object> common(String role) {
        Map<String, Object> p = new HashMap<>();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap());
        p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId + "-" + role);
        p.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, (int) config.timeout().toMillis());
        p.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) config.timeout().toMillis());
        return p;
    }

    private Map<String, Object> withOverrides(Map<String, Object> p) {
        p.putAll(config.clientProperties());
        return p;
    }

    @Override
    public void createTopic(String topic, int partitions) {
        Topics.requireValidName(topic);
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, was " + partitions);
        }
        checkOpen();
        String what = "creating topic '" + topic + "' with " + partitions + " partitions";
        try {
            // Kept forever, as the embedded log's default: records carry event times (a simulation may
            // run months in the past), which Kafka's default 7-day retention would delete at once.
            admin.createTopics(List.of(new NewTopic(topic, partitions, config.replicationFactor())
                    .configs(java.util.Map.of("retention.ms", "-1", "retention.bytes", "-1")))).all().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LogException("interrupted while " + what + " on Kafka at " + config.bootstrap(), e);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw KafkaErrors.translate(e.getCause(), config.bootstrap(), what);
            }
        }
        int existing = awaitLeaders(topic, what);
        if (existing != partitions) {
            throw new LogException("topic '" + topic + "' exists with " + existing + " partitions, not " + partitions
                    + " (on Kafka at " + config.bootstrap() + ")");
        }
    }

    /**
     * Waits until every partition of the topic has a leader that answers, and returns its count,
     * without polling by hand. A new topic reaches the brokers' metadata a little after the
     * controller commits it, and the Admin client fails at once on a topic it does not know; the
     * producer's metadata wait does not: {@code partitionsFor} refreshes the metadata (with the
     * client's backoff) until the topic is there, up to {@code max.block.ms} (the timeout). An
     * offset query per partition then retries, with the Admin client's backoff, until each
     * partition's leader has taken over, up to {@code default.api.timeout.ms} (the timeout).
     */
    private int awaitLeaders(String topic, String what) {
        List<PartitionInfo> partitions;
        try {
            partitions = kafkaProducer().partitionsFor(topic);
        } catch (RuntimeException e) {
            throw KafkaErrors.translate(e, config.bootstrap(), what);
        }
        Map<org.apache.kafka.common.TopicPartition, OffsetSpec> all = new HashMap<>();
        partitions.forEach(p -> all.put(new org.apache.kafka.common.TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        KafkaErrors.await(admin.listOffsets(all).all(), config.bootstrap(), what);
        return partitions.size();
    }

    @Override
    public int partitions(String topic) {
        checkOpen();
        String what = "describing topic '" + topic + "'";
        try {
            return KafkaErrors.await(admin.describeTopics(List.of(topic)).allTopicNames(), config.bootstrap(), what)
                    .get(topic).partitions().size();
        } catch (LogException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new LogException("no topic '" + topic + "' on Kafka at " + config.bootstrap(), e.getCause());
            }
            throw e;
        }
    }

    @Override
    public long beginningOffset(TopicPartition tp) {
        return offset(tp, OffsetSpec.earliest(), "beginning");
    }

    @Override
    public long endOffset(TopicPartition tp) {
        return offset(tp, OffsetSpec.latest(), "end");
    }

    private long offset(TopicPartition tp, OffsetSpec spec, String which) {
        checkOpen();
        org.apache.kafka.common.TopicPartition ktp = KafkaRecords.toKafka(tp);
        return KafkaErrors.await(admin.listOffsets(Map.of(ktp, spec)).partitionResult(ktp), config.bootstrap(),
                "reading the " + which + " offset of " + tp).offset();
    }

    @Override
    public Producer producer() {
        return new KafkaLogProducer(kafkaProducer(), config.bootstrap(), this::checkOpen);
    }

    /** The shared Kafka producer, made on first use. */
    private KafkaProducer<byte[], byte[]> kafkaProducer() {
        checkOpen();
        KafkaProducer<byte[], byte[]> p = producer;
        if (p == null) {
            synchronized (this) {
                checkOpen();
                p = producer;
                if (p == null) {
                    p = producer = newProducer();
                }
            }
        }
        return p;
    }

    private KafkaProducer<byte[], byte[]> newProducer() {
        Map<String, Object> p = common("producer");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, config.timeout().toMillis());
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) (2 * config.timeout().toMillis()));
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try {
            return new KafkaProducer<>(withOverrides(p));
        } catch (RuntimeException e) {
            throw KafkaErrors.translate(e, config.bootstrap(), "making a producer");
        }
    }

    /** A consumer in {@code group}: manual commits only, Kafka's {@code auto.offset.reset} from {@code reset}. */
    @Override
    public LogConsumer consumer(String group, StartPosition reset) {
        checkOpen();
        Map<String, Object> p = common("consumer-" + group);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, reset.name().toLowerCase(Locale.ROOT));
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, KafkaLogConsumer.FETCH_RECORDS);
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) config.sessionTimeout().toMillis());
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(1, config.sessionTimeout().toMillis() / 3));
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        KafkaConsumer<byte[], byte[]> kafka;
        try {
            kafka = new KafkaConsumer<>(withOverrides(p));
        } catch (RuntimeException e) {
            throw KafkaErrors.translate(e, config.bootstrap(), "making a consumer for group '" + group + "'");
        }
        KafkaLogConsumer consumer = new KafkaLogConsumer(kafka, group, config, consumers::remove);
        consumers.add(consumer);
        return consumer;
    }

    private void checkOpen() {
        if (closed) {
            throw new LogException("the Kafka log at " + config.bootstrap() + " is closed");
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        for (KafkaLogConsumer c : List.copyOf(consumers)) {
            c.closeFromLog();
        }
        KafkaProducer<byte[], byte[]> p = producer;
        if (p != null) {
            p.close(config.timeout());
        }
        admin.close(config.timeout());
    }

    @Override
    public String toString() {
        return "KafkaEventLog[" + config.bootstrap() + "]";
    }
}
