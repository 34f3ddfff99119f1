package io.agner.switchdemo.log.event;

/**
 * Confined to the thread that decodes or encodes: why bytes do not decode, or a value does not
 * encode, on its way up from where it was found. Stackless, because it is an answer, not a bug.
 *
 * <p>The detail starts with its separator ({@code " expected string, found long"},
 * {@code ": digits must be ..."}), so {@link #reason} reads well with or without a field.
 */
final class Malformed extends RuntimeException {

    private final String detail;
    private String path;

    Malformed(String detail) {
        super(detail, null, false, false);
        this.detail = detail;
    }

    /** The same failure, one level up: inside component {@code segment} or list element {@code [i]}. */
    Malformed under(String segment) {
        path = path == null ? segment : path.startsWith("[") ? segment + path : segment + "." + path;
        return this;
    }

    Malformed at(String field) {
        path = field;
        return this;
    }

    /** The reason, prefixed by the schema's label ({@code switch.dial@1}) when it is known. */
    String reason(String label) {
        String tail = detail.startsWith(": ") ? detail.substring(1) : detail;
        if (label == null) {
            return tail.strip();
        }
        return path == null ? label + ":" + tail : label + ": field '" + path + "'" + detail;
    }

    @Override
    public String getMessage() {
        return reason(null);
    }
}
