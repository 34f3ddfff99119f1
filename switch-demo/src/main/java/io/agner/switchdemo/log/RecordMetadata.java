package io.agner.switchdemo.log;

/** Where an acknowledged append landed. */
public record RecordMetadata(TopicPartition topicPartition, long offset, long timestamp) {}
