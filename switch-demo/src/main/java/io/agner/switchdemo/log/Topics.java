package io.agner.switchdemo.log;

/** Topic-name rules shared by every backend: Kafka's legal characters, no leading dot. */
public final class Topics {

    /** Where undecodable or impossible events go, with the reason and their origin. */
    public static final String DEAD_LETTER = "dead-letter";

    private static final int MAX_LENGTH = 200;

    private Topics() {}

    /**
     * Returns {@code name} when it is a legal topic name, else throws naming the rule it breaks.
     * Checked character by character, not with a regular expression: every record appended and
     * every partition named checks its topic, and a {@code Matcher} each showed in the switch's
     * allocation profile.
     */
    public static String requireValidName(String name) {
        if (!isValid(name)) {
            throw new IllegalArgumentException("topic name must be 1-200 of [a-zA-Z0-9._-] and not start with '.', was "
                    + (name == null ? "null" : "'" + name + "'"));
        }
        return name;
    }

    private static boolean isValid(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_LENGTH || name.charAt(0) == '.') {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean legal = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-';
            if (!legal) {
                return false;
            }
        }
        return true;
    }
}
