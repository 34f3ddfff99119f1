package io.agner.hotswap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonTest {

    enum Colour { RED }

    @Test
    void scalars() {
        assertEquals("null", Json.write(null));
        assertEquals("true", Json.write(true));
        assertEquals("42", Json.write(42));
        assertEquals("-7", Json.write(-7L));
        assertEquals("1.5", Json.write(1.5));
        assertEquals("null", Json.write(Double.NaN), "JSON has no NaN");
        assertEquals("null", Json.write(Double.POSITIVE_INFINITY));
        assertEquals("\"\\u003c0.42.0>\"", Json.writeForBrowsers("<0.42.0>"), "for a browser, '<' never appears");
        assertEquals("\"<0.42.0>\"", Json.write("<0.42.0>"));
        assertEquals("\"RED\"", Json.write(Colour.RED));
        assertEquals("null", Json.write(Optional.empty()));
        assertEquals("\"x\"", Json.write(Optional.of("x")));
        assertEquals("\"<0.42.0>\"", Json.write(new Object() {
            @Override
            public String toString() {
                return "<0.42.0>";
            }
        }), "anything else: its text");
    }

    @Test
    void containers_inTheirOrder() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("b", List.of(1, 2));
        m.put("a", Map.of());
        m.put("c", new int[] {3, 4});
        m.put("d", new String[] {"e"});
        m.put("n", null);
        assertEquals("{\"b\":[1,2],\"a\":{},\"c\":[3,4],\"d\":[\"e\"],\"n\":null}", Json.write(m));
        assertEquals("[]", Json.write(List.of()));
        assertEquals("{\"1\":true}", Json.write(Map.of(1, true)), "keys are strings");
    }

    @Test
    void strings_areEscapedOntoOneLine() {
        assertEquals("\"a\\\"b\\\\c\\nd\\te\\u0001\\r\\b\\f\"", Json.write("a\"b\\c\nd\te\u0001\r\b\f"));
        assertEquals("\"é😀\"", Json.write("é😀"), "non-ASCII as is (UTF-8 on the wire)");
        assertEquals("\"\\ud800x\"", Json.write("\ud800x"), "a lone surrogate, escaped: no encoder can write it");
        assertEquals("\"\\u2028\"", Json.write("\u2028"));
    }

    @Test
    void aStrictParser_readsBackWhatWasWritten() throws Exception {
        String tricky = "quote \" backslash \\ newline \n tab \t bell \u0007 nul \u0000 é 😀 </script> \u2028";
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", tricky);
        m.put("list", new ArrayList<>(Arrays.asList(1, 2.5, false, null, "x")));
        m.put("big", Long.MAX_VALUE);
        String json = Json.write(m);
        assertEquals(1, json.lines().count(), json);
        assertEquals(tricky, JsonCheck.python(json, "v['s']"));
        assertEquals("[1, 2.5, False, None, 'x'] 9223372036854775807", JsonCheck.python(json, "str(v['list']) + ' ' + str(v['big'])"));
    }
}
