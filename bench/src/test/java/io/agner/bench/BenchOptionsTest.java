package io.agner.bench;

import io.agner.cli.CommandLines;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code make bench}'s options (BENCH_ARGS), parsed by picocli; nothing is benchmarked. */
class BenchOptionsTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private CommandLines.Parsed<Main.Options> parse(String... args) {
        return Main.Options.parse(new PrintWriter(out), new PrintWriter(err), args);
    }

    private Main.Options options(String... args) {
        if (parse(args) instanceof CommandLines.Parsed.Run<Main.Options>(Main.Options o)) {
            return o;
        }
        throw new AssertionError("refused: " + err);
    }

    private int status(String... args) {
        if (parse(args) instanceof CommandLines.Parsed.Exit<Main.Options>(int status)) {
            return status;
        }
        throw new AssertionError("parsed: " + String.join(" ", args));
    }

    private long errLines() {
        return err.toString().lines().filter(l -> !l.isBlank()).count();
    }

    @Test
    void noOptions_runEverything() {
        Main.Options o = options();
        assertEquals(Set.of(), o.only());
        assertEquals(Main.SUITES, o.suites());
        assertTrue(o.erlang() && o.jmh());
        assertFalse(o.profile());
        assertTrue(o.runs("switch"));
    }

    @Test
    void theReadmesCommandLines_parseAsBefore() {
        Main.Options o = options("--only", "ring", "--suites", "pekko,agner", "--no-erlang", "--no-jmh");
        assertEquals(Set.of("ring"), o.only());
        assertEquals(List.of("agner", "pekko"), o.suites(), "in SUITES' order whatever the order given");
        assertFalse(o.erlang() || o.jmh());
        assertTrue(o.runs("ring"));
        assertFalse(o.runs("spawn"));
        Main.Options p = options("--only", "switch", "--no-erlang", "--no-jmh", "--profile");
        assertTrue(p.profile());
        assertEquals(Set.of("spawn", "skynet", "behaviours"), options("--only=spawn,skynet,behaviours", "--suites", "agner").only());
    }

    @Test
    void aMisspelledOption_isRefusedWithTheUsage_exit2() {
        assertEquals(2, status("--only", "ring", "--no-erlan"));
        assertTrue(err.toString().contains("Unknown option: '--no-erlan'"), err.toString());
        assertTrue(err.toString().contains("Usage: agner-bench"), err.toString());
    }

    @Test
    void onlyLast_isAClearError_exit2() {
        assertEquals(2, status("--no-jmh", "--only"));
        assertEquals(1, errLines(), err.toString());
        assertTrue(err.toString().contains("Missing required parameter for option '--only'"), err.toString());
    }

    @Test
    void anUnknownBenchmarkOrSuite_isOneLine_exit2() {
        assertEquals(2, status("--only", "ring,rnig"));
        assertEquals(1, errLines(), err.toString());
        assertTrue(err.toString().contains("unknown benchmark 'rnig'"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, status("--suites", "erlang"));
        assertEquals(1, errLines(), err.toString());
    }

    @Test
    void help_namesTheBenchmarksAndSuites_exit0() {
        assertEquals(0, status("--help"));
        for (String name : List.of("ping-pong-traced", "children", "upgrade", "switch", "agner-jdk", "baseline", "--profile")) {
            assertTrue(out.toString().contains(name), name + " in " + out);
        }
    }
}
