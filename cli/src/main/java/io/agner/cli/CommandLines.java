package io.agner.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Parses a program's command line with picocli, the same way for every demo and the bench:
 * {@code --help} prints the usage (exit 0); an unknown option or a stray argument prints what was
 * not understood, picocli's suggestions and the usage (exit 2); a bad or missing value, or a
 * combination the program refuses, prints one line (exit 2).
 *
 * <p>A program's options are a picocli {@code @Command} object implementing {@link Spec}: picocli
 * fills its fields, then {@link Spec#options()} checks them together and returns an immutable
 * record. Nothing here exits the JVM: {@link #parse} says what to do, so tests call it directly.
 * Each call builds its own {@code CommandLine}: a spec object is used once, by one thread.
 */
public final class CommandLines {

    /** Exit status of a usage error (picocli's {@code ExitCode.USAGE}). */
    public static final int USAGE = CommandLine.ExitCode.USAGE;

    private CommandLines() {}

    /**
     * A program's options as picocli fills them.
     *
     * @param <T> the record the program runs with
     */
    public interface Spec<T> {
        /**
         * The options, checked together.
         *
         * @throws IllegalArgumentException (its message one line, naming the option) when they are wrong
         */
        T options();
    }

    /** What the command line says to do: run with these options, or exit now with this status. */
    public sealed interface Parsed<T> {
        /** Run the program with {@code options}. */
        record Run<T>(T options) implements Parsed<T> {}

        /** Stop: 0 after {@code --help}, {@link #USAGE} after a usage error (already printed). */
        record Exit<T>(int status) implements Parsed<T> {}
    }

    /** Parses {@code args} into {@code spec}'s options; the usage goes to {@code out}, errors to {@code err}. */
    public static <T> Parsed<T> parse(Spec<T> spec, PrintWriter out, PrintWriter err, String... args) {
        AtomicReference<T> options = new AtomicReference<>();
        CommandLine cl = new CommandLine(spec).setOut(out).setErr(err)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(CommandLines::refuse)
                .setExecutionStrategy(parsed -> {
                    Integer help = CommandLine.executeHelpRequest(parsed);
                    if (help != null) {
                        return help;
                    }
                    try {
                        options.set(spec.options());
                    } catch (IllegalArgumentException e) {       // picocli hands this to refuse, as a bad value
                        throw new ParameterException(parsed.commandSpec().commandLine(), e.getMessage(), e);
                    }
                    return 0;
                });
        if (!cl.getCommandSpec().optionsMap().containsKey("--help")) {
            cl.getCommandSpec().addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                    .description("Show this help and exit.").build());
        }
        int status = cl.execute(args);
        out.flush();
        err.flush();
        T parsed = options.get();
        return parsed != null ? new Parsed.Run<>(parsed) : new Parsed.Exit<>(status);
    }

    /** Parses {@code args} with the process's standard streams (for {@code main}). */
    public static <T> Parsed<T> parse(Spec<T> spec, String... args) {
        return parse(spec, new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8), args);
    }

    /** picocli's parameter-exception handler: one line, plus suggestions and the usage when something was not understood. */
    private static int refuse(ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        if (e instanceof UnmatchedArgumentException unmatched) {
            err.println(cl.getCommandName() + ": " + e.getMessage());
            UnmatchedArgumentException.printSuggestions(unmatched, err);
            cl.usage(err);
        } else {
            err.println(cl.getCommandName() + ": " + e.getMessage() + " (--help lists the options)");
        }
        err.flush();
        return cl.getCommandSpec().exitCodeOnInvalidInput();
    }
}
