package io.agner.examples.upgrade;

import io.agner.cli.CommandLines;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code make upgrade-demo}'s command line ({@code [SECONDS]}); the node is not started. */
class LiveUpgradeOptionsTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private CommandLines.Parsed<Integer> parse(String... args) {
        return LiveUpgrade.parse(new PrintWriter(out), new PrintWriter(err), args);
    }

    @Test
    void seconds_defaultThreeHundred_orAsGiven() {
        assertEquals(new CommandLines.Parsed.Run<>(300), parse());
        assertEquals(new CommandLines.Parsed.Run<>(60), parse("60"));
    }

    @Test
    void aBadNumber_isOneLine_exit2() {
        assertEquals(new CommandLines.Parsed.Exit<Integer>(2), parse("sixty"));
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertTrue(err.toString().contains("'sixty'"), err.toString());
    }

    @Test
    void anUnknownOptionOrASecondArgument_isRefusedWithTheUsage_exit2() {
        assertEquals(new CommandLines.Parsed.Exit<Integer>(2), parse("--rat", "2000"));
        assertTrue(err.toString().contains("Usage: live-upgrade"), err.toString());
        assertEquals(new CommandLines.Parsed.Exit<Integer>(2), parse("60", "70"));
    }

    @Test
    void zeroSeconds_isRefused_andHelpExitsZero() {
        assertEquals(new CommandLines.Parsed.Exit<Integer>(2), parse("0"));
        assertEquals(new CommandLines.Parsed.Exit<Integer>(0), parse("--help"));
        assertTrue(out.toString().contains("SECONDS"), out.toString());
    }
}
