package io.agner.switchdemo;

import io.agner.switchdemo.billing.CallEnded;
import io.agner.switchdemo.billing.Cdr;
import io.agner.switchdemo.call.Checkpoint;
import io.agner.switchdemo.ingest.Answer;
import io.agner.switchdemo.ingest.Dial;
import io.agner.switchdemo.ingest.OffHook;
import io.agner.switchdemo.ingest.OnHook;
import io.agner.switchdemo.log.EventLog;
import io.agner.switchdemo.log.TopicPartition;
import io.agner.switchdemo.log.Topics;
import io.agner.switchdemo.log.event.EventCodec;

/** The switch's topics and the schemas of what they carry. */
public final class SwitchTopics {

    /** Subscriber events, from the traffic source. */
    public static final TopicPartition EVENTS = new TopicPartition("events", 0);
    /** Finished call attempts, from the exchange. */
    public static final TopicPartition CALLS = new TopicPartition("calls", 0);
    /** Call detail records, from billing. */
    public static final TopicPartition CDR = new TopicPartition("cdr", 0);
    /** The exchange's checkpoints. */
    public static final TopicPartition CHECKPOINTS = new TopicPartition("switch-checkpoints", 0);

    /** Every schema the switch reads or writes. */
    public static final EventCodec CODEC = EventCodec.of(OffHook.class, Dial.class, Answer.class, OnHook.class,
            CallEnded.class, Cdr.class, Checkpoint.class);

    private SwitchTopics() {}

    /** Creates the switch's topics (one partition each: one exchange area) and the dead-letter topic. */
    public static void create(EventLog log) {
        for (TopicPartition tp : new TopicPartition[] {EVENTS, CALLS, CDR, CHECKPOINTS}) {
            log.createTopic(tp.topic(), 1);
        }
        log.createTopic(Topics.DEAD_LETTER, 1);
    }
}
