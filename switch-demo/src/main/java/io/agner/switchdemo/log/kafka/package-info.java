/**
 * The event log on Apache Kafka: {@link io.agner.switchdemo.log.kafka.KafkaEventLog} implements
 * {@link io.agner.switchdemo.log.EventLog} with Kafka's own client, and
 * {@link io.agner.switchdemo.log.kafka.LocalKafka} runs a real single-node Kafka in this JVM for
 * tests and demos.
 *
 * <h2>Choosing the backend</h2>
 * One configuration string names the log, read by
 * {@link io.agner.switchdemo.log.backend.EventLogs#connect(String)}:
 * {@snippet lang=text :
 * embedded:/var/lib/switch/log          the embedded log in that folder (the default backend)
 * kafka:127.0.0.1:9092                  a Kafka cluster, by its bootstrap servers
 * kafka:k1:9092,k2:9092,k3:9092
 * }
 * Code that needs Kafka settings beyond the address (replication factor, timeouts, security
 * properties) calls {@link io.agner.switchdemo.log.backend.EventLogs#kafka(KafkaLogConfig)}.
 *
 * <h2>The same log, with these differences</h2>
 * The conformance suite ({@code EventLogConformanceTest}) runs against both backends: appends and
 * polls round-trip keys, values, {@code null}s, headers and timestamps; offsets are dense per
 * partition and each producer's order is kept per partition; a group resumes right after its
 * commit, also after the log is reopened; seeks, wakeups and {@code createTopic}'s refusal of a
 * conflicting partition count behave alike. Where Kafka differs:
 * <ul>
 * <li><b>Partition choice.</b> {@code ANY_PARTITION} leaves it to Kafka's partitioner: equal keys
 *     share a partition, but not the one the embedded log would pick, and keyless records are
 *     spread (sticky per batch) rather than sent to partition 0.</li>
 * <li><b>Timestamps.</b> {@code NOW} is stamped by the producer's clock (Kafka's
 *     {@code CreateTime}), or by the broker on a topic set to {@code LogAppendTime}.</li>
 * <li><b>Durability.</b> An acknowledgement ({@code acks=all}) means every in-sync replica has the
 *     record; whether it is on disk is the brokers' flush policy, not an fsync per append.</li>
 * <li><b>Groups.</b> {@code subscribe} uses Kafka's group management: partitions are balanced among
 *     the group's consumers and a {@link io.agner.switchdemo.log.RebalanceListener} hears of each
 *     move. Manually assigned consumers ({@code assign}) commit without membership.</li>
 * <li><b>Headers</b> with a {@code null} value (which other Kafka producers may write) read as an
 *     empty value.</li>
 * <li><b>Unknown topics.</b> An append to a topic the cluster does not have waits for it up to
 *     the timeout, then fails; a cluster with {@code auto.create.topics.enable} creates it instead
 *     (LocalKafka does not).</li>
 * </ul>
 * Errors from Kafka arrive as {@link io.agner.switchdemo.log.LogException}s that name the
 * operation, the topic or partition, and the cluster, with Kafka's exception as the cause.
 */
package io.agner.switchdemo.log.kafka;
