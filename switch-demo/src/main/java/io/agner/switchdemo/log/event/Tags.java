package io.agner.switchdemo.log.event;

/** Constants only, so any thread may read them: the wire's one-byte type tags (see the package documentation). */
final class Tags {

    static final int NULL = 0;
    static final int BOOLEAN = 1;
    static final int INT = 2;
    static final int LONG = 3;
    static final int DOUBLE = 4;
    static final int STRING = 5;
    static final int BYTES = 6;
    static final int ENUM = 7;
    static final int INSTANT = 8;
    static final int RECORD = 9;
    static final int LIST = 10;

    private static final String[] NAMES = {
            "null", "boolean", "int", "long", "double", "string", "bytes", "enum", "instant", "record", "list"};

    private Tags() {}

    /** The tag's name for reasons: {@code "long"}, or {@code "unknown tag 0x3f"}. */
    static String name(int tag) {
        return tag >= 0 && tag < NAMES.length ? NAMES[tag] : String.format("unknown tag 0x%02x", tag);
    }
}
