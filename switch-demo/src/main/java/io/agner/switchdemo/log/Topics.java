package io.agner.switchdemo.log;

import java.util.regex.Pattern;

/** Topic-name rules shared by every backend: Kafka's legal characters, no leading dot. */
public final class Topics {

    /** Where undecodable or impossible events go, with the reason and their origin. */
    public static final String DEAD_LETTER = "dead-letter";

    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9_\\-][a-zA-Z0-9._\\-]{0,199}");

    private Topics() {}

    /** Returns {@code name} when it is a legal topic name, else throws naming the rule it breaks. */
    public static String requireValidName(String name) {
        if (name == null || !LEGAL.matcher(name).matches()) {
            throw new IllegalArgumentException("topic name must be 1-200 of [a-zA-Z0-9._-] and not start with '.', was "
                    + (name == null ? "null" : "'" + name + "'"));
        }
        return name;
    }
}
