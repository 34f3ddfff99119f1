package io.agner.switchdemo.topic;

import io.agner.switchdemo.log.EventLog;
import io.agner.switchdemo.log.TopicPartition;
import io.agner.switchdemo.log.Topics;
import io.agner.switchdemo.log.event.EventCodec;

/** The switch's topics and the schemas of what they carry. */
public final class SwitchTopics {

    /** Every switch topic has one partition per exchange area; partition {@code a} belongs to area {@code a}. */
    public static final String EVENTS_TOPIC = "events";
    public static final String CALLS_TOPIC = "calls";
    public static final String CDR_TOPIC = "cdr";
    public static final String CHECKPOINTS_TOPIC = "switch-checkpoints";

    /** Area 0's subscriber events, from the traffic source. */
    public static final TopicPartition EVENTS = events(0);
    /** Area 0's finished call attempts, from the exchange. */
    public static final TopicPartition CALLS = calls(0);
    /** Area 0's call detail records, from billing. */
    public static final TopicPartition CDR = cdr(0);
    /** Area 0's exchange checkpoints. */
    public static final TopicPartition CHECKPOINTS = checkpoints(0);

    /** The key of a call's record on {@code calls} and of its CDR on {@code cdr}: the call id, 8 bytes big-endian. */
    public static byte[] callKey(long callId) {
        byte[] key = new byte[8];
        for (int i = 7; i >= 0; i--) {
            key[i] = (byte) callId;
            callId >>>= 8;
        }
        return key;
    }

    public static TopicPartition events(int area) {
        return new TopicPartition(EVENTS_TOPIC, area);
    }

    public static TopicPartition calls(int area) {
        return new TopicPartition(CALLS_TOPIC, area);
    }

    public static TopicPartition cdr(int area) {
        return new TopicPartition(CDR_TOPIC, area);
    }

    public static TopicPartition checkpoints(int area) {
        return new TopicPartition(CHECKPOINTS_TOPIC, area);
    }

    /**
     * Every schema the switch's components exchange: subscriber events, call records, CDRs. (The
     * exchange's checkpoints are its own: {@code call.Checkpoint} has their codec.)
     */
    public static final EventCodec CODEC = EventCodec.of(OffHook.class, Dial.class, Answer.class, OnHook.class,
            CallEnded.class, Cdr.class);

    private SwitchTopics() {}

    /** Creates the switch's topics for one exchange area, and the dead-letter topic. */
    public static void create(EventLog log) {
        create(log, 1);
    }

    /** Creates the switch's topics with one partition per area, and the dead-letter topic. */
    public static void create(EventLog log, int areas) {
        for (String topic : new String[] {EVENTS_TOPIC, CALLS_TOPIC, CDR_TOPIC, CHECKPOINTS_TOPIC}) {
            log.createTopic(topic, areas);
        }
        log.createTopic(Topics.DEAD_LETTER, 1);
    }
}
