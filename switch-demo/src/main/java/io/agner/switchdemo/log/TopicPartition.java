package io.agner.switchdemo.log;

/** One partition of a topic: the unit of ordering, of storage and of consumer assignment. */
public record TopicPartition(String topic, int partition) {

    public TopicPartition {
        Topics.requireValidName(topic);
        if (partition < 0) {
            throw new IllegalArgumentException("partition must be >= 0, was " + partition);
        }
    }

    /** The partition's folder name and printed form, as Kafka spells it: {@code calls-3}. */
    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
