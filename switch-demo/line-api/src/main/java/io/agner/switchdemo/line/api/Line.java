package io.agner.switchdemo.line.api;

/**
 * What the switch knows of a line process without its code: the name it registers under. The
 * line state machine itself is the hot-swappable {@code line} module (entry {@code telco.line.Line}
 * in {@code line-1.jar}, {@code line-2.jar}), started through the code server.
 */
public final class Line {

    /** The code module the line processes run. */
    public static final String MODULE = "line";

    private Line() {}

    /** The name the line process of {@code number} registers under: {@code line-<number>}. */
    public static String name(String number) {
        return "line-" + number;
    }
}
