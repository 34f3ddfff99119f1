package io.agner.hotswap;

import java.util.Map;
import java.util.Optional;

/**
 * Writes values as compact JSON (RFC 8259), for the control channel's structured answers, the
 * {@code agner --json} output and the web observer's answers: no JSON library is on
 * agner-hotswap's class path, and a node should not need one to be inspected. Stateless; any thread.
 *
 * <p>Mapping: {@code null} and an empty {@link Optional} → {@code null}; {@link Boolean} →
 * {@code true}/{@code false}; a finite {@link Number} → a number ({@code NaN} and the infinities,
 * which JSON lacks, → {@code null}, as JavaScript's {@code JSON.stringify} writes them); {@link Map} → an object (keys by {@code String.valueOf}, in the
 * map's order); {@link Iterable} and arrays → an array; a present {@link Optional} → its value;
 * {@link Enum} → its name; anything else → its {@code toString()} as a string. Strings are escaped
 * so the output is one line of valid JSON whatever they hold (quotes, backslashes, control
 * characters, lone surrogates).
 */
public final class Json {

    private Json() {}

    /** {@code value} as one line of JSON. */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, false);
        return out.toString();
    }

    /**
     * As {@link #write}, with every {@code <} escaped as {@code \u003c}: for answers a browser
     * reads (the web observer's), so that no string can close a script tag or open markup wherever
     * the text lands. The same JSON to a parser.
     */
    public static String writeForBrowsers(Object value) {
        StringBuilder out = new StringBuilder(256);
        write(value, out, true);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out, boolean browser) {
        switch (value) {
            case null -> out.append("null");
            case Boolean b -> out.append(b);
            case Double d when !Double.isFinite(d) -> out.append("null");
            case Float f when !Float.isFinite(f) -> out.append("null");
            case Number n -> out.append(n);
            case CharSequence s -> string(s, out, browser);
            case Optional<?> o -> write(o.orElse(null), out, browser);
            case Enum<?> e -> string(e.name(), out, browser);
            case Map<?, ?> m -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    out.append(first ? "" : ",");
                    first = false;
                    string(String.valueOf(e.getKey()), out, browser);
                    out.append(':');
                    write(e.getValue(), out, browser);
                }
                out.append('}');
            }
            case Iterable<?> items -> {
                out.append('[');
                boolean first = true;
                for (Object item : items) {
                    out.append(first ? "" : ",");
                    first = false;
                    write(item, out, browser);
                }
                out.append(']');
            }
            case Object[] items -> write(java.util.Arrays.asList(items), out, browser);
            default -> {
                if (value.getClass().isArray()) {      // a primitive array
                    int length = java.lang.reflect.Array.getLength(value);
                    java.util.List<Object> items = new java.util.ArrayList<>(length);
                    for (int i = 0; i < length; i++) {
                        items.add(java.lang.reflect.Array.get(value, i));
                    }
                    write(items, out, browser);
                } else {
                    string(String.valueOf(value), out, browser);
                }
            }
        }
    }

    private static void string(CharSequence s, StringBuilder out, boolean browser) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '<' -> out.append(browser ? "\\u003c" : "<");
                default -> {
                    boolean pairedSurrogate = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                            || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
                    if (c < 0x20 || c == 0x2028 || c == 0x2029 || Character.isSurrogate(c) && !pairedSurrogate) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
