package io.agner.switchdemo.ingest;

import io.agner.switchdemo.log.event.EventCodec;
import io.agner.switchdemo.log.event.Schema;
import io.agner.switchdemo.topic.Answer;
import io.agner.switchdemo.topic.Dial;
import io.agner.switchdemo.topic.OffHook;
import io.agner.switchdemo.topic.SwitchTopics;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One of each kind of bad event, for the demo to show that the switch dead-letters them and keeps
 * running: bytes that are no event, an event that breaks its schema, and well-formed events that
 * are impossible (an unknown number, an unknown line, an answer for a call that does not exist).
 */
public final class BadEvents {

    /** {@code switch.dial@1} as a broken producer might write it: the number as a long. */
    @Schema(name = "switch.dial", version = 1)
    record MalformedDial(long callId, String line, long digits, long at) {}

    private BadEvents() {}

    public static List<byte[]> samples(TrafficConfig traffic) {
        Directory directory = traffic.directory();
        long at = traffic.start().toEpochMilli();
        EventCodec codec = SwitchTopics.CODEC;
        return List.of(
                "this is not an event".getBytes(StandardCharsets.UTF_8),
                EventCodec.of(MalformedDial.class).encode(new MalformedDial(900_000_001L, directory.number(1), 123, at)),
                codec.encode(new Dial(900_000_002L, directory.number(2), "999999", at)),
                codec.encode(new OffHook(900_000_003L, "999999", at)),
                codec.encode(new Answer(900_000_004L, directory.number(3), at)));
    }
}
