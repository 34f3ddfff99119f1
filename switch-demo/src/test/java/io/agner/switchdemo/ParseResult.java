package io.agner.switchdemo;

import io.agner.cli.CommandLines;

import java.io.PrintWriter;
import java.io.StringWriter;

/** A command line parsed in a test: what {@link CommandLines#parse} returned and what it printed. */
public record ParseResult<T>(CommandLines.Parsed<T> parsed, String out, String err) {

    /** Parses {@code args} with a program's {@code parse(out, err, args)}, capturing both streams. */
    public static <T> ParseResult<T> of(Parser<T> parser, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLines.Parsed<T> parsed = parser.parse(new PrintWriter(out), new PrintWriter(err), args);
        return new ParseResult<>(parsed, out.toString(), err.toString());
    }

    /** A program's {@code parse} method. */
    @FunctionalInterface
    public interface Parser<T> {
        CommandLines.Parsed<T> parse(PrintWriter out, PrintWriter err, String... args);
    }

    /** The options, or an assertion failure saying what was printed instead. */
    public T options() {
        if (parsed instanceof CommandLines.Parsed.Run<T>(T options)) {
            return options;
        }
        throw new AssertionError("expected options, got " + parsed + "; err: " + err);
    }

    /** The exit status, or an assertion failure when the command line parsed. */
    public int status() {
        if (parsed instanceof CommandLines.Parsed.Exit<T>(int status)) {
            return status;
        }
        throw new AssertionError("expected an exit, got " + parsed);
    }

    /** The non-empty lines on stderr. */
    public java.util.List<String> errLines() {
        return err.lines().filter(l -> !l.isBlank()).toList();
    }
}
