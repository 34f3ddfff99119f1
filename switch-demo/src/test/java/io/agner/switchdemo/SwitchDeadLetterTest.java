package io.agner.switchdemo;

import io.agner.switchdemo.billing.api.CallRecord;
import io.agner.switchdemo.billing.api.Outcome;
import io.agner.switchdemo.ingest.Directory;
import io.agner.switchdemo.log.ConsumerRecord;
import io.agner.switchdemo.log.ProducerRecord;
import io.agner.switchdemo.log.TopicPartition;
import io.agner.switchdemo.log.Topics;
import io.agner.switchdemo.log.event.DeadLetter;
import io.agner.switchdemo.log.event.DeadLetters;
import io.agner.switchdemo.log.event.Decoded;
import io.agner.switchdemo.log.event.EventCodec;
import io.agner.switchdemo.log.event.Schema;
import io.agner.switchdemo.report.SwitchReport;
import io.agner.switchdemo.topic.Answer;
import io.agner.switchdemo.topic.CallEnded;
import io.agner.switchdemo.topic.Dial;
import io.agner.switchdemo.topic.OffHook;
import io.agner.switchdemo.topic.OnHook;
import io.agner.switchdemo.topic.SwitchTopics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SwitchDeadLetterTest {

    @Schema(name = "switch.hook-flash", version = 1)
    record HookFlash(long callId, String line, long at) {}

    @Schema(name = "switch.dial", version = 1)
    record DialWithNumericDigits(long callId, String line, long digits, long at) {}

    @Schema(name = "switch.off-hook", version = 1)
    record UncheckedOffHook(long callId, String line, long at) {}

    @TempDir
    Path dir;

    @Test
    void everyKindOfBadEvent_isDeadLetteredWithItsReasonAndOffset_andTheSwitchKeepsRunning() {
        try (SwitchHarness h = new SwitchHarness(dir, SwitchHarness.SMALL)) {
            Directory d = SwitchHarness.SMALL.directory();
            long t = SwitchHarness.SMALL.start().toEpochMilli();
            String a = d.number(1);
            String b = d.number(2);
            List<byte[]> stream = new ArrayList<>();
            stream.add("garbage, not an event".getBytes(StandardCharsets.UTF_8));                                // 0
            stream.add(EventCodec.of(HookFlash.class).encode(new HookFlash(1, a, t)));                           // 1
            stream.add(EventCodec.of(DialWithNumericDigits.class).encode(new DialWithNumericDigits(1, a, 42, t))); // 2
            stream.add(EventCodec.of(UncheckedOffHook.class).encode(new UncheckedOffHook(1, "12ab", t)));        // 3
            stream.add(encode(new Answer(7, a, t)));                                                             // 4 answer on an idle line
            stream.add(encode(new OffHook(1, a, t)));                                                            // 5 a real call
            stream.add(encode(new Dial(1, a, "999999", t + 1000)));                                              // 6 unknown number
            stream.add(encode(new Answer(1, b, t + 2000)));                                                      // 7 b is not ringing
            stream.add(encode(new OffHook(2, a, t + 2500)));                                                     // 8 a is busy in call 1
            stream.add(encode(new Dial(1, a, b, t + 3000)));                                                     // 9 routed: b rings
            stream.add(encode(new Answer(1, b, t + 4000)));                                                      // 10
            stream.add(encode(new OnHook(1, b, t + 5000)));                                                      // 11 not b's call to end
            stream.add(encode(new OnHook(1, a, t + 6000)));                                                      // 12 completed
            stream.add(encode(new OnHook(3, a, t + 7000)));                                                      // 13 unknown call
            for (byte[] value : stream) {
                h.log.producer().append(ProducerRecord.of(SwitchTopics.EVENTS, null, value));
            }
            h.awaitCaughtUp();

            List<String> reasons = new ArrayList<>();
            List<Long> offsets = new ArrayList<>();
            for (ConsumerRecord r : SwitchReport.readAll(h.log, new TopicPartition(Topics.DEAD_LETTER, 0))) {
                DeadLetter dl = DeadLetters.parse(r).orElseThrow();
                assertEquals(SwitchTopics.EVENTS, dl.origin());
                assertTrue(java.util.Arrays.equals(stream.get((int) dl.originOffset()), dl.value()), "original bytes kept");
                reasons.add(dl.reason());
                offsets.add(dl.originOffset());
            }
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 6L, 7L, 8L, 11L, 13L), offsets, String.join("\n", reasons));
            assertContains(reasons.get(0), "bad magic");
            assertContains(reasons.get(1), "unknown schema 'switch.hook-flash@1'");
            assertContains(reasons.get(2), "field 'digits' expected string, found long");
            assertContains(reasons.get(3), "field 'line'");
            assertContains(reasons.get(4), "answer on line " + a + " for unknown call 7");
            assertContains(reasons.get(5), "unknown number 999999");
            assertContains(reasons.get(6), "answer on line " + b + ", which is not ringing for call 1");
            assertContains(reasons.get(7), "the line is in call 1");
            assertContains(reasons.get(8), "on-hook on line " + b + " for call 1, which belongs to " + a);
            assertContains(reasons.get(9), "on-hook on line " + a + " for unknown call 3");

            List<CallRecord> calls = new ArrayList<>();
            for (ConsumerRecord r : SwitchReport.readAll(h.log, SwitchTopics.CALLS)) {
                if (SwitchTopics.CODEC.decode(r.value()) instanceof Decoded.Valid(CallEnded(CallRecord c), var s, var v)) {
                    calls.add(c);
                }
            }
            assertEquals(1, calls.size(), calls.toString());
            assertEquals(Outcome.COMPLETED, calls.getFirst().outcome());
            assertEquals(2000, calls.getFirst().conversationMillis());
            assertEquals(stream.size(), h.app.exchange().events(), "every event consumed");
            assertEquals(10, h.app.exchange().rejected());
        }
    }

    private static byte[] encode(Record event) {
        return SwitchTopics.CODEC.encode(event);
    }

    private static void assertContains(String reason, String expected) {
        assertTrue(reason.contains(expected), "'" + reason + "' should contain '" + expected + "'");
    }
}
