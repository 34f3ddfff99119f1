package io.agner.examples;

import io.agner.cli.CommandLines;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code make tour} takes no options: it says so, and refuses any; the tour is not run. */
class DemoOptionsTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private CommandLines.Parsed<Boolean> parse(String... args) {
        return Demo.parse(new PrintWriter(out), new PrintWriter(err), args);
    }

    @Test
    void noArguments_runTheTour() {
        assertEquals(new CommandLines.Parsed.Run<>(true), parse());
    }

    @Test
    void anyOption_isRefusedWithTheUsage_exit2_andHelpExitsZero() {
        assertEquals(new CommandLines.Parsed.Exit<Boolean>(2), parse("--rat", "2000"));
        assertTrue(err.toString().contains("Usage: tour"), err.toString());
        assertEquals(new CommandLines.Parsed.Exit<Boolean>(0), parse("--help"));
        assertTrue(out.toString().contains("runtime tour"), out.toString());
    }
}
