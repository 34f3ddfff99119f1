package io.agner.switchdemo.log.event;

import io.agner.switchdemo.log.event.TestEvents.Blob;
import io.agner.switchdemo.log.event.TestEvents.Dial;
import io.agner.switchdemo.log.event.TestEvents.DialV2;
import io.agner.switchdemo.log.event.TestEvents.Empty;
import io.agner.switchdemo.log.event.TestEvents.Everything;
import io.agner.switchdemo.log.event.TestEvents.LineState;
import io.agner.switchdemo.log.event.TestEvents.OffHook;
import io.agner.switchdemo.log.event.TestEvents.Party;
import io.agner.switchdemo.log.event.TestEvents.Tree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.agner.switchdemo.log.event.TestEvents.AT;
import static io.agner.switchdemo.log.event.TestEvents.CODEC;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EventCodecRoundTripTest {

    private static Decoded.Valid valid(Decoded decoded) {
        return assertInstanceOf(Decoded.Valid.class, decoded, decoded::toString);
    }

    private static <T extends Record> T roundTrip(T event) {
        Decoded.Valid valid = valid(CODEC.decode(CODEC.encode(event)));
        assertEquals(event.getClass(), valid.event().getClass());
        @SuppressWarnings("unchecked")
        T decoded = (T) valid.event();
        return decoded;
    }

    @Test
    void encode_everySupportedType_decodesEqual() {
        Everything event = TestEvents.everything();
        assertEquals(event, roundTrip(event));
    }

    @Test
    void encode_nullsInEveryReferenceField_decodeAsNulls() {
        Everything event = TestEvents.nulls();
        assertEquals(event, roundTrip(event));
    }

    @Test
    void decode_valid_namesSchemaAndVersion() {
        Decoded.Valid valid = valid(CODEC.decode(CODEC.encode(new Dial("line-7", "5551234"))));
        assertEquals(new Decoded.Valid(new Dial("line-7", "5551234"), "switch.dial", 1), valid);
    }

    @Test
    void encode_dial_isTheDocumentedWireFormat() {
        byte[] bytes = CODEC.encode(new Dial("line-7", "5551234"));
        // magic, format, "switch.dial", version 1, 2 fields, string "line-7", string "5551234"
        assertEquals("ae01" + "0b" + hex("switch.dial") + "01" + "02" + "0506" + hex("line-7") + "0507" + hex("5551234"),
                HexFormat.of().formatHex(bytes));
        assertArrayEquals(WireBytes.event("switch.dial", 1).varint(2).stringField("line-7").stringField("5551234")
                .toByteArray(), bytes);
    }

    private static String hex(String ascii) {
        return HexFormat.of().formatHex(ascii.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void decode_severalVersionsOfOneName_decodeToTheirOwnTypes() {
        Decoded.Valid v1 = valid(CODEC.decode(CODEC.encode(new Dial("line-7", "12"))));
        Decoded.Valid v2 = valid(CODEC.decode(CODEC.encode(new DialV2("line-7", "12", AT))));
        assertEquals(new Dial("line-7", "12"), v1.event());
        assertEquals(1, v1.version());
        assertEquals(new DialV2("line-7", "12", AT), v2.event());
        assertEquals(2, v2.version());
        assertEquals("switch.dial", v2.schema());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, -1, 63, -64, 64, -65, 8191, Integer.MAX_VALUE, Integer.MIN_VALUE})
    void encode_intsAndLongs_roundTrip(int n) {
        Everything ints = new Everything(false, n, (long) n << 32 | n, n, null, n, (long) n * 31, null, null, null,
                null, null, null, List.of(n), null, null, List.of(List.of((long) n)), null, null);
        assertEquals(ints, roundTrip(ints));
    }

    @Test
    void encode_specialDoubles_keepTheirBits() {
        for (double d : new double[] {Double.NaN, Double.longBitsToDouble(0x7ff8_0000_0000_0abcL), -0.0,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE}) {
            Everything event = new Everything(false, 0, 0, d, null, null, null, d, null, null, null, null, null,
                    null, null, null, null, null, null);
            Everything decoded = roundTrip(event);
            assertEquals(Double.doubleToRawLongBits(d), Double.doubleToRawLongBits(decoded.ratio()));
            assertEquals(Double.doubleToRawLongBits(d), Double.doubleToRawLongBits(decoded.maybeRatio()));
        }
    }

    @Test
    void encode_instants_keepNanoseconds() {
        for (Instant t : List.of(Instant.EPOCH, AT, Instant.MIN, Instant.MAX, Instant.ofEpochSecond(-1, 1),
                Instant.ofEpochSecond(-1_000_000_000L, 999_999_999))) {
            assertEquals(t, roundTrip(new OffHook("line-1", t)).at());
        }
    }

    @Test
    void encode_enums_byName() {
        for (LineState state : LineState.values()) {
            Everything event = new Everything(false, 0, 0, 0, null, null, null, null, null, state, null,
                    new Party("1", state), null, null, null, null, null, List.of(state, LineState.IDLE), null);
            assertEquals(event, roundTrip(event));
        }
    }

    @Test
    void encode_unicodeStrings_roundTrip() {
        for (String s : List.of("", "a", "é", "€", "世界", "😀 emoji", "mixed ascii ✓ and 𝄞", "\u0000nul", "x".repeat(300))) {
            assertEquals(s, roundTrip(new OffHook(s, AT)).line());
        }
    }

    @Test
    void encode_loneSurrogate_becomesQuestionMark() {
        assertEquals("a?b", roundTrip(new OffHook("a\uD800b", AT)).line());
        assertEquals("?", roundTrip(new OffHook("\uDC00", AT)).line());
        assertEquals("é?", roundTrip(new OffHook("é\uD83D", AT)).line());
    }

    @Test
    void encode_byteArrays_roundTrip() {
        Blob blob = new Blob(new byte[] {0, -1, 127, -128}, List.of(new byte[0], new byte[] {42}));
        Blob decoded = roundTrip(blob);
        assertArrayEquals(blob.data(), decoded.data());
        assertEquals(2, decoded.chunks().size());
        assertArrayEquals(new byte[0], decoded.chunks().get(0));
        assertArrayEquals(new byte[] {42}, decoded.chunks().get(1));
        assertEquals(null, roundTrip(new Blob(null, List.of())).data());
    }

    @Test
    void decode_lists_areImmutable() {
        Everything decoded = roundTrip(TestEvents.everything());
        assertThrows(UnsupportedOperationException.class, () -> decoded.counts().add(1));
        assertThrows(UnsupportedOperationException.class, () -> decoded.matrix().get(1).clear());
    }

    @Test
    void encode_recordWithoutComponents_roundTrips() {
        assertEquals(new Empty(), roundTrip(new Empty()));
    }

    @Test
    void encode_recursiveRecordWithinDepthLimit_roundTrips() {
        // Each level is a record and a list: 31 levels use 62 of the 64 allowed.
        Tree tree = Tree.chain(31);
        assertEquals(tree, roundTrip(tree));
    }

    @Test
    void encode_growingEvents_resizeTheBuffer() {
        for (int n : new int[] {1, 10, 1000, 5, 100_000}) {
            String digits = "1".repeat(n);
            assertEquals(digits, roundTrip(new OffHook(digits, AT)).line());
        }
    }

    @Test
    void encodeAndDecode_fromManyThreads_agree() throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int seed = t;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        Dial dial = new Dial("line-" + seed, Integer.toString(i));
                        assertEquals(dial, valid(CODEC.decode(CODEC.encode(dial))).event());
                        assertEquals(TestEvents.everything(), valid(CODEC.decode(CODEC.encode(TestEvents.everything()))).event());
                    }
                }));
            }
            for (Future<?> f : results) {
                f.get();
            }
        }
    }
}
