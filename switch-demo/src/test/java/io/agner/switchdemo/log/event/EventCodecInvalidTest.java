package io.agner.switchdemo.log.event;

import io.agner.switchdemo.log.event.TestEvents.Dial;
import io.agner.switchdemo.log.event.TestEvents.DialV2;
import io.agner.switchdemo.log.event.TestEvents.OffHook;
import io.agner.switchdemo.log.event.TestEvents.Tree;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static io.agner.switchdemo.log.event.TestEvents.AT;
import static io.agner.switchdemo.log.event.TestEvents.CODEC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventCodecInvalidTest {

    private static String reason(byte[] bytes) {
        Decoded decoded = CODEC.decode(bytes);
        return assertInstanceOf(Decoded.Invalid.class, decoded, () -> "decoded " + decoded).reason();
    }

    /** A {@code test.everything@1} event with every field null or zero, except field {@code index}, written by {@code field}. */
    private static byte[] everythingWith(int index, java.util.function.UnaryOperator<WireBytes> field) {
        WireBytes w = WireBytes.event("test.everything", 1).varint(19);
        for (int i = 0; i < 19; i++) {
            if (i == index) {
                field.apply(w);
            } else if (i == 0) {
                w.tag(Tags.BOOLEAN).raw(0);
            } else if (i == 1) {
                w.intField(0);
            } else if (i == 2) {
                w.longField(0);
            } else if (i == 3) {
                w.doubleField(0);
            } else {
                w.tag(Tags.NULL);
            }
        }
        return w.toByteArray();
    }

    @Test
    void decode_validHandWrittenEverything_isValid() {
        assertEquals(TestEvents.nulls(), assertInstanceOf(Decoded.Valid.class,
                CODEC.decode(everythingWith(-1, w -> w))).event());
    }

    @Test
    void decode_null_isInvalid() {
        assertEquals("null event", reason(null));
    }

    @Test
    void decode_empty_isInvalid() {
        assertEquals("empty event", reason(new byte[0]));
    }

    @Test
    void decode_badMagic_isInvalid() {
        assertEquals("not an agner event (bad magic)", reason("{\"schema\":\"switch.dial\"}".getBytes()));
    }

    @Test
    void decode_otherFormatVersion_isInvalid() {
        assertEquals("unsupported agner event format 2, this codec reads 1", reason(new byte[] {(byte) 0xAE, 2, 0}));
    }

    @Test
    void decode_unknownSchemaVersion_isInvalid() {
        byte[] bytes = WireBytes.event("switch.dial", 3).varint(2).stringField("a").stringField("1").toByteArray();
        assertEquals("unknown schema 'switch.dial@3'", reason(bytes));
    }

    @Test
    void decode_unknownSchemaName_isInvalid() {
        assertEquals("unknown schema 'switch.hang-up@1'", reason(WireBytes.event("switch.hang-up", 1).varint(0).toByteArray()));
    }

    @Test
    void decode_wrongTypeTag_isInvalid() {
        byte[] bytes = WireBytes.event("switch.dial", 1).varint(2).stringField("line-7").longField(5551234).toByteArray();
        assertEquals("switch.dial@1: field 'digits' expected string, found long", reason(bytes));
    }

    @Test
    void decode_unknownTag_isInvalid() {
        byte[] bytes = WireBytes.event("switch.dial", 1).varint(2).tag(0x3f).toByteArray();
        assertEquals("switch.dial@1: field 'line' expected string, found unknown tag 0x3f", reason(bytes));
    }

    @Test
    void decode_fewerFieldsThanSchema_isInvalid() {
        byte[] bytes = WireBytes.event("switch.dial", 2).varint(2).stringField("line-7").stringField("1").toByteArray();
        assertEquals("switch.dial@2: field count 2, schema has 3", reason(bytes));
    }

    @Test
    void decode_moreFieldsThanSchema_isInvalid() {
        byte[] bytes = WireBytes.event("switch.dial", 1).varint(3).stringField("a").stringField("1").stringField("x").toByteArray();
        assertEquals("switch.dial@1: field count 3, schema has 2", reason(bytes));
    }

    @Test
    void decode_constructorRejectsValue_isInvalidWithItsMessage() {
        byte[] bytes = WireBytes.event("switch.dial", 1).varint(2).stringField("line-7").stringField("x1").toByteArray();
        assertEquals("switch.dial@1: field 'digits': digits must be 1-15 decimal digits, was 'x1'", reason(bytes));
    }

    @Test
    void decode_requireNonNullFails_namesTheField() {
        byte[] bytes = WireBytes.event("switch.dial", 1).varint(2).tag(Tags.NULL).stringField("1").toByteArray();
        assertEquals("switch.dial@1: field 'line' must not be null", reason(bytes));
    }

    @Test
    void decode_nestedConstructorRejectsValue_namesThePath() {
        byte[] party = everythingWith(11, w -> w.tag(Tags.RECORD).varint(2).stringField(" ").tag(Tags.NULL));
        assertEquals("test.everything@1: field 'party.number': number must not be blank, was ' '", reason(party));
        byte[] parties = everythingWith(15, w -> w.tag(Tags.LIST).varint(2)
                .tag(Tags.RECORD).varint(2).stringField("1").tag(Tags.NULL)
                .tag(Tags.RECORD).varint(2).stringField("").tag(Tags.NULL));
        assertEquals("test.everything@1: field 'parties[1].number': number must not be blank, was ''", reason(parties));
    }

    @Test
    void decode_nestedRecordFieldCount_isInvalid() {
        byte[] bytes = everythingWith(11, w -> w.tag(Tags.RECORD).varint(1).stringField("1"));
        assertEquals("test.everything@1: field 'party' has 1 fields, Party has 2", reason(bytes));
    }

    @Test
    void decode_nullForPrimitive_isInvalid() {
        assertEquals("test.everything@1: field 'count' expected int, found null",
                reason(everythingWith(1, w -> w.tag(Tags.NULL))));
    }

    @Test
    void decode_unknownEnumConstant_isInvalid() {
        assertEquals("test.everything@1: field 'state' has no LineState constant 'RINGNG'",
                reason(everythingWith(9, w -> w.tag(Tags.ENUM).string("RINGNG"))));
    }

    @Test
    void decode_enumWhereRecordExpected_namesTheRecordType() {
        assertEquals("test.everything@1: field 'party' expected record Party, found enum",
                reason(everythingWith(11, w -> w.tag(Tags.ENUM).string("IDLE"))));
    }

    @Test
    void decode_listElementOfWrongType_namesTheIndex() {
        assertEquals("test.everything@1: field 'counts[1]' expected int, found string",
                reason(everythingWith(13, w -> w.tag(Tags.LIST).varint(2).intField(1).stringField("2"))));
        assertEquals("test.everything@1: field 'matrix[0][1]' expected long, found null",
                reason(everythingWith(16, w -> w.tag(Tags.LIST).varint(1).tag(Tags.LIST).varint(2).longField(1).tag(Tags.NULL))));
    }

    @Test
    void decode_malformedUtf8_isInvalid() {
        byte[] bytes = WireBytes.event("switch.off-hook", 1).varint(2)
                .tag(Tags.STRING).bytes(new byte[] {'a', (byte) 0xC3}).tag(Tags.NULL).toByteArray();
        assertEquals("switch.off-hook@1: field 'line': malformed UTF-8 at bytes 22-23", reason(bytes));
    }

    @Test
    void decode_booleanByteOutOfRange_isInvalid() {
        assertEquals("test.everything@1: field 'flag': boolean byte must be 0 or 1, was 2",
                reason(everythingWith(0, w -> w.tag(Tags.BOOLEAN).raw(2))));
    }

    @Test
    void decode_instantOutOfRange_isInvalid() {
        assertEquals("test.everything@1: field 'at': instant nanoseconds must be 0-999999999, was 1000000000",
                reason(everythingWith(10, w -> w.tag(Tags.INSTANT).varint(0).varint(1_000_000_000))));
        assertEquals("test.everything@1: field 'at': instant out of range, " + Long.MAX_VALUE + " epoch seconds",
                reason(everythingWith(10, w -> w.tag(Tags.INSTANT).varint(-2).varint(0))));
    }

    @Test
    void decode_overlongVarint_isInvalid() {
        byte[] bytes = everythingWith(1, w -> w.tag(Tags.INT).raw(0xFF, 0xFF, 0xFF, 0xFF, 0x1F));
        int at = WireBytes.event("test.everything", 1).varint(19).toByteArray().length + 2 + 1;
        assertEquals("test.everything@1: field 'count': malformed varint at byte " + at, reason(bytes));
        byte[] longBytes = everythingWith(2, w -> w.tag(Tags.LONG).raw(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02));
        assertTrue(reason(longBytes).startsWith("test.everything@1: field 'total': malformed varint at byte "));
    }

    @Test
    void decode_trailingBytes_isInvalid() {
        byte[] event = CODEC.encode(new Dial("line-7", "1"));
        assertEquals("3 trailing bytes after switch.dial@1", reason(Arrays.copyOf(event, event.length + 3)));
        assertEquals("1 trailing byte after switch.dial@1", reason(Arrays.copyOf(event, event.length + 1)));
    }

    @Test
    void decode_tooDeep_isInvalid() {
        WireBytes w = WireBytes.event("test.tree", 1).varint(2).stringField("root");
        for (int i = 0; i < 40; i++) {
            w.tag(Tags.LIST).varint(1).tag(Tags.RECORD).varint(2).stringField("n");
        }
        w.tag(Tags.LIST).varint(0);
        String reason = reason(w.toByteArray());
        assertTrue(reason.startsWith("test.tree@1: field 'children[0].children[0]."), reason);
        assertTrue(reason.endsWith(": nests deeper than 64 levels"), reason);
    }

    @Test
    void decode_everyPrefixOfValidEvents_isTruncatedAtItsLength() {
        List<Record> events = List.of(new Dial("line-7", "5551234"), new DialV2("l", "1", AT), new OffHook("é", AT),
                TestEvents.everything(), TestEvents.nulls(), Tree.chain(3));
        for (Record event : events) {
            byte[] bytes = CODEC.encode(event);
            assertEquals("empty event", reason(new byte[0]));
            for (int length = 1; length < bytes.length; length++) {
                String reason = reason(Arrays.copyOf(bytes, length));
                assertTrue(reason.endsWith("truncated at byte " + length), event + " cut at " + length + ": " + reason);
            }
        }
    }

    @Test
    void decode_truncatedField_namesSchemaAndField() {
        byte[] bytes = CODEC.encode(new Dial("line-7", "5551234"));
        assertEquals("switch.dial@1: field 'digits' truncated at byte 30", reason(Arrays.copyOf(bytes, 30)));
        assertEquals("truncated at byte 5", reason(Arrays.copyOf(bytes, 5)));
        assertEquals("switch.dial@1: truncated at byte 15", reason(Arrays.copyOf(bytes, 15)));
    }

    @Test
    void decode_randomGarbage_neverThrows() {
        Random random = new Random(20261127);
        for (int i = 0; i < 10_000; i++) {
            byte[] bytes = new byte[random.nextInt(80)];
            random.nextBytes(bytes);
            if (i % 2 == 0 && bytes.length >= 2) {
                bytes[0] = (byte) 0xAE; // past the magic, into the parser
                bytes[1] = 1;
            }
            assertNoDecoderBug(bytes);
        }
    }

    @Test
    void decode_randomlyMutatedEvents_neverThrow() {
        Random random = new Random(42);
        List<byte[]> seeds = List.of(CODEC.encode(TestEvents.everything()), CODEC.encode(TestEvents.nulls()),
                CODEC.encode(new DialV2("line-7", "5551234", AT)), CODEC.encode(Tree.chain(5)));
        for (int i = 0; i < 10_000; i++) {
            byte[] bytes = seeds.get(i % seeds.size()).clone();
            int mutations = 1 + random.nextInt(4);
            for (int m = 0; m < mutations; m++) {
                int at = random.nextInt(bytes.length);
                switch (random.nextInt(3)) {
                    case 0 -> bytes[at] = (byte) random.nextInt(256);
                    case 1 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
                    default -> bytes = Arrays.copyOf(bytes, Math.max(2, at));
                }
            }
            assertNoDecoderBug(bytes);
        }
    }

    private static void assertNoDecoderBug(byte[] bytes) {
        Decoded decoded = CODEC.decode(bytes);
        if (decoded instanceof Decoded.Invalid(String reason)) {
            assertFalse(reason.contains("decoder bug"), reason);
        }
    }

    @Test
    void decode_sameBytesAsOtherVersion_isInvalidForIt() {
        byte[] v1 = CODEC.encode(new Dial("line-7", "1"));
        byte[] asV2 = v1.clone();
        asV2[14] = 2; // the version byte after "switch.dial"
        assertEquals("switch.dial@2: field count 2, schema has 3", reason(asV2));
    }
}
