package io.agner.switchdemo.log.event;

import io.agner.switchdemo.log.event.TestEvents.Dial;
import io.agner.switchdemo.log.event.TestEvents.DialV2;
import io.agner.switchdemo.log.event.TestEvents.Everything;
import io.agner.switchdemo.log.event.TestEvents.Tree;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.agner.switchdemo.log.event.TestEvents.CODEC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventCodecRegistrationTest {

    record NoSchema(String line) {}

    @Schema(name = "Switch.Dial", version = 1)
    record UpperCase(String line) {}

    @Schema(name = "switch..dial", version = 1)
    record DoubleDot(String line) {}

    @Schema(name = "switch.dial-", version = 1)
    record TrailingDash(String line) {}

    @Schema(name = "1switch", version = 1)
    record LeadingDigit(String line) {}

    @Schema(name = "switch dial", version = 1)
    record Space(String line) {}

    @Schema(name = "", version = 1)
    record EmptyName(String line) {}

    @Schema(name = "switch.dial", version = 0)
    record VersionZero(String line) {}

    @Schema(name = "switch.dial", version = 1)
    record AnotherDial(String line) {}

    @Schema(name = "a1.b-2.c3-d", version = 7)
    record OddButLegal(String line) {}

    @Schema(name = "test.map", version = 1)
    record WithMap(Map<String, String> tags) {}

    @Schema(name = "test.short", version = 1)
    record WithShort(short s) {}

    @Schema(name = "test.wildcard", version = 1)
    record WithWildcard(List<? extends Number> numbers) {}

    @Schema(name = "test.optional", version = 1)
    record WithOptional(Optional<String> line) {}

    record BadNested(float f) {}

    @Schema(name = "test.bad-nested", version = 1)
    record WithBadNested(BadNested inner) {}

    @Schema(name = "test.private", version = 1)
    private record Private(int n, String s) {}

    private static String rejection(Class<? extends Record> type) {
        return assertThrows(IllegalArgumentException.class, () -> EventCodec.of(type)).getMessage();
    }

    @Test
    void of_typeWithoutSchema_throwsNamingIt() {
        assertEquals(NoSchema.class.getName() + " has no @Schema annotation; add one, like @Schema(name = \"switch.dial\", version = 1)",
                rejection(NoSchema.class));
    }

    @Test
    void of_badSchemaName_throwsNamingNameAndType() {
        for (Class<? extends Record> type : List.of(UpperCase.class, DoubleDot.class, TrailingDash.class,
                LeadingDigit.class, Space.class, EmptyName.class)) {
            String name = type.getAnnotation(Schema.class).name();
            assertEquals("@Schema name must be lowercase words of [a-z0-9] separated by '.' or '-', starting with a letter"
                    + " (like 'switch.off-hook'), was '" + name + "' on " + type.getName(), rejection(type));
        }
    }

    @Test
    void of_legalSchemaName_isAccepted() {
        EventCodec codec = EventCodec.of(OddButLegal.class);
        assertEquals(new OddButLegal("x"), assertInstanceOf(Decoded.Valid.class, codec.decode(codec.encode(new OddButLegal("x")))).event());
    }

    @Test
    void of_versionBelowOne_throws() {
        assertEquals("@Schema version must be >= 1, was 0 on " + VersionZero.class.getName(), rejection(VersionZero.class));
    }

    @Test
    void of_sameNameAndVersionTwice_throwsNamingBothTypes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EventCodec.of(Dial.class, AnotherDial.class));
        assertEquals("schema 'switch.dial@1' is declared twice: by " + Dial.class.getName() + " and by "
                + AnotherDial.class.getName(), e.getMessage());
    }

    @Test
    void of_severalVersionsOfOneName_isAccepted() {
        EventCodec codec = EventCodec.of(Dial.class, DialV2.class);
        assertEquals("EventCodec[switch.dial@1, switch.dial@2]", codec.toString());
    }

    @Test
    void of_unsupportedComponentType_throwsNamingFieldAndType() {
        String supported = "; supported: boolean, int, long, double (or boxed), String, byte[], Instant, enums, records,"
                + " and List<T> of those";
        assertEquals("field 'tags' of " + WithMap.class.getName() + " has unsupported type java.util.Map<java.lang.String,"
                + " java.lang.String>" + supported, rejection(WithMap.class));
        assertEquals("field 's' of " + WithShort.class.getName() + " has unsupported type short" + supported,
                rejection(WithShort.class));
        assertEquals("field 'numbers' of " + WithWildcard.class.getName()
                + " has unsupported type java.util.List<? extends java.lang.Number>" + supported, rejection(WithWildcard.class));
        assertTrue(rejection(WithOptional.class).startsWith("field 'line' of " + WithOptional.class.getName()));
        assertTrue(rejection(WithBadNested.class).startsWith("field 'f' of " + BadNested.class.getName()
                + " has unsupported type float"));
    }

    @Test
    void of_noTypes_throws() {
        assertEquals("an EventCodec needs at least one @Schema record type, was none",
                assertThrows(IllegalArgumentException.class, EventCodec::of).getMessage());
    }

    @Test
    void of_nullType_throwsNamingItsIndex() {
        assertEquals("types[1]", assertThrows(NullPointerException.class, () -> EventCodec.of(Dial.class, null)).getMessage());
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void of_notARecord_throws() {
        Class raw = String.class;
        assertEquals("java.lang.String is not a record; an event type is a record with @Schema",
                assertThrows(IllegalArgumentException.class, () -> EventCodec.of(raw)).getMessage());
    }

    @Test
    void of_privateRecord_isAccessible() {
        EventCodec codec = EventCodec.of(Private.class);
        assertEquals(new Private(-3, "s"), assertInstanceOf(Decoded.Valid.class, codec.decode(codec.encode(new Private(-3, "s")))).event());
    }

    @Test
    void encode_unregisteredType_throwsNamingIt() {
        EventCodec codec = EventCodec.of(Dial.class);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> codec.encode(new DialV2("l", "1", TestEvents.AT)));
        assertEquals(DialV2.class.getName() + " is not registered with this EventCodec, which has switch.dial@1", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> codec.encode(new NoSchema("l")));
    }

    @Test
    void encode_null_throws() {
        assertEquals("event", assertThrows(NullPointerException.class, () -> CODEC.encode(null)).getMessage());
    }

    @Test
    void encode_listHoldingNull_throwsNamingFieldAndIndex() {
        List<String> texts = new ArrayList<>(Arrays.asList("a", null));
        Everything event = new Everything(false, 0, 0, 0, null, null, null, null, null, null, null, null, null,
                null, texts, null, null, null, null);
        assertEquals("cannot encode test.everything@1: field 'texts[1]' is null; lists hold no nulls",
                assertThrows(IllegalArgumentException.class, () -> CODEC.encode(event)).getMessage());
    }

    @Test
    void encode_tooDeep_throws() {
        String message = assertThrows(IllegalArgumentException.class, () -> CODEC.encode(Tree.chain(40))).getMessage();
        assertTrue(message.startsWith("cannot encode test.tree@1: field 'children[0].children[0]."), message);
        assertTrue(message.endsWith(": nests deeper than 64 levels"), message);
    }
}
