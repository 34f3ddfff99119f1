package io.agner.switchdemo.log.event;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** The event types the event package's tests share: a small switch vocabulary, and one record of every field type. */
final class TestEvents {

    private TestEvents() {}

    enum LineState { IDLE, OFF_HOOK, RINGING }

    @Schema(name = "switch.dial", version = 1)
    record Dial(String line, String digits) {
        Dial {
            Objects.requireNonNull(line, "line");
            if (digits == null || !digits.matches("[0-9]{1,15}")) {
                throw new IllegalArgumentException("digits must be 1-15 decimal digits, was '" + digits + "'");
            }
        }
    }

    /** Version 2 of {@code switch.dial}: when the digits were dialled. */
    @Schema(name = "switch.dial", version = 2)
    record DialV2(String line, String digits, Instant at) {
        DialV2 {
            Objects.requireNonNull(line, "line");
            Objects.requireNonNull(at, "at");
        }
    }

    @Schema(name = "switch.off-hook", version = 1)
    record OffHook(String line, Instant at) {}

    /** A nested record without {@code @Schema}. */
    record Party(String number, LineState state) {
        Party {
            if (number.isBlank()) {
                throw new IllegalArgumentException("number must not be blank, was '" + number + "'");
            }
        }
    }

    @Schema(name = "test.everything", version = 1)
    record Everything(boolean flag, int count, long total, double ratio,
                      Boolean maybeFlag, Integer maybeCount, Long maybeTotal, Double maybeRatio,
                      String text, LineState state, Instant at, Party party, OffHook offHook,
                      List<Integer> counts, List<String> texts, List<Party> parties, List<List<Long>> matrix,
                      List<LineState> states, List<Instant> times) {}

    /** Byte arrays apart, because a record compares arrays by identity. */
    @Schema(name = "test.blob", version = 1)
    record Blob(byte[] data, List<byte[]> chunks) {}

    /** A recursive schema: nesting depth is bounded by the codec, not by the type. */
    @Schema(name = "test.tree", version = 1)
    record Tree(String label, List<Tree> children) {
        static Tree chain(int depth) {
            Tree t = new Tree("leaf", List.of());
            for (int i = 0; i < depth; i++) {
                t = new Tree("level-" + i, List.of(t));
            }
            return t;
        }
    }

    @Schema(name = "test.empty", version = 1)
    record Empty() {}

    static final EventCodec CODEC = EventCodec.of(Dial.class, DialV2.class, OffHook.class, Everything.class,
            Blob.class, Tree.class, Empty.class);

    static final Instant AT = Instant.parse("2026-11-27T22:24:12.123456789Z");

    static Everything everything() {
        return new Everything(true, -42, Long.MIN_VALUE, Math.PI, false, Integer.MAX_VALUE, -1L, -0.0,
                "Grüße, 世界 🎉", LineState.RINGING, AT, new Party("5551234", LineState.OFF_HOOK),
                new OffHook("line-7", Instant.EPOCH),
                List.of(0, 1, -1, Integer.MIN_VALUE), List.of("", "a"), List.of(new Party("1", LineState.IDLE)),
                List.of(List.of(), List.of(Long.MAX_VALUE, 0L)), List.of(LineState.IDLE, LineState.IDLE),
                List.of(Instant.MIN, Instant.MAX));
    }

    static Everything nulls() {
        return new Everything(false, 0, 0, 0, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null);
    }
}
