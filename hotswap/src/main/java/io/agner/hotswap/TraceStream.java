package io.agner.hotswap;

import io.agner.runtime.ExitException;
import io.agner.runtime.Node;
import io.agner.runtime.Pid;
import io.agner.runtime.ProcessContext;
import io.agner.runtime.Trace;
import io.agner.runtime.TraceOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Locale;
import java.util.function.Function;

/**
 * The control channel's {@code trace <pid|name> [--max N] [--rate N[/s]]} request: traces one
 * process ({@link Node#trace}) to a process lent by the connection's thread, and writes each
 * event as an output line while it happens, until the budget is spent, the process exits, or the
 * client disconnects; then tracing is off (the tracer's exit turns it off, as in Erlang) and the
 * answer ends with OK. Each request on its own
 * connection thread; it holds that connection, not the heavy-request turn, while it streams.
 *
 * <p>Lines, each {@code "| "}-prefixed as every output line: first {@code tracing <pid> (at most
 * <max> events, <rate>/s)} once tracing is on, then {@code +<ms> <pid> << <message>} for
 * a message it took from its mailbox, {@code +<ms> <pid> >> <to> <message>} for one it sent,
 * {@code +<ms> <pid> exit <reason>}, and last {@code stopped: <why>}; {@code <ms>} counts from
 * the start of the trace, messages are cut at {@link #MESSAGE_MAX_CHARS}.
 */
final class TraceStream {

    /** The longest message text a line shows; a longer one is cut and ends with "...". */
    static final int MESSAGE_MAX_CHARS = 200;

    /** Sent to the tracer when the client goes away, so it stops tracing and ends. */
    private record ClientGone() {}

    private final Node node;
    private final Function<String, Pid> locate;

    TraceStream(Node node, Function<String, Pid> locate) {
        this.node = node;
        this.locate = locate;
    }

    static boolean isTrace(String request) {
        return request.equals("trace") || request.startsWith("trace ");
    }

    /** Parsed arguments of a trace request. */
    record Request(String target, long max, long perSecond) {

        static Request parse(String request) {
            String[] words = request.strip().split("\\s+");
            String target = null;
            long max = TraceOptions.DEFAULT_MAX_EVENTS;
            long rate = TraceOptions.DEFAULT_PER_SECOND;
            for (int i = 1; i < words.length; i++) {
                switch (words[i]) {
                    case "--max" -> max = number(words, ++i, "--max");
                    case "--rate" -> rate = number(words, ++i, "--rate");
                    default -> {
                        if (target != null || words[i].startsWith("--")) {
                            throw new ControlRequests.Refused("unexpected '" + words[i] + "'; usage: " + USAGE);
                        }
                        target = words[i];
                    }
                }
            }
            if (target == null) {
                throw new ControlRequests.Refused("missing argument; usage: " + USAGE);
            }
            return new Request(target, max, rate);
        }

        private static long number(String[] words, int i, String option) {
            String text = i < words.length ? words[i].toLowerCase(Locale.ROOT).replaceFirst("/s$", "") : "";
            try {
                long n = Long.parseLong(text);
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException notANumber) {
                // refused below
            }
            throw new ControlRequests.Refused(option + " needs a whole number >= 1; usage: " + USAGE);
        }
    }

    static final String USAGE = "trace <pid|name> [--max N] [--rate N/s]";

    /** Streams the trace to {@code out}; {@code client} is watched for the client's going away. */
    void serve(String line, PrintWriter out, SocketChannel client) {
        Request request;
        Pid target;
        try {
            request = Request.parse(line);
            target = locate.apply(request.target());
        } catch (RuntimeException e) {
            out.print("ERROR " + ControlRequests.oneLine(ControlRequests.describe(e)) + "\n");
            return;
        }
        String end;
        try {
            end = node.asProcess(ctx -> stream(ctx, target, request, out, client));
        } catch (ExitException | IllegalStateException e) {
            end = "ERROR the trace ended: " + ControlRequests.oneLine(ControlRequests.describe(e));
        }
        out.print(end + "\n");
    }

    /** The tracer's loop, as a process; returns the answer's last line. */
    private String stream(ProcessContext ctx, Pid target, Request request, PrintWriter out, SocketChannel client) {
        Pid self = ctx.self();
        long start = node.clock().nanoTime();   // before tracing starts: no event is earlier
        if (!node.trace(target, new TraceOptions(self, request.max(), request.perSecond()))) {
            return "ERROR no process " + target + " on this node";
        }
        // Ends when the server closes the connection after this answer, or when the client goes:
        // not interrupted, as an interrupt would close the channel before the answer's last line.
        Thread.ofVirtual().name("agner-control-trace-watch").start(() -> {
            awaitEnd(client);
            node.send(self, new ClientGone());
        });
        out.print("| tracing " + target + " (at most " + request.max() + " events, " + request.perSecond() + "/s)\n");
        out.flush();
        while (true) {
            switch (ctx.receive()) {
                case ClientGone _ -> {
                    return "OK"; // this process's exit turns the trace off
                }
                case Trace.Stopped s -> {
                    out.print("| stopped: " + s.reason() + "\n");
                    return "OK";
                }
                case Trace t -> {
                    out.print("| " + ControlRequests.oneLine(format(t, start)) + "\n");
                    out.flush();
                    if (out.checkError()) {
                        return "OK";
                    }
                }
                default -> {
                    // nothing else is sent to a tracer
                }
            }
        }
    }

    /** Reads until the client closes its side (it sends nothing after its request) or the connection is closed. */
    private static void awaitEnd(SocketChannel client) {
        ByteBuffer sink = ByteBuffer.allocate(256);
        try {
            while (client.read(sink.clear()) >= 0) {
                // a client sends nothing more: drop it
            }
        } catch (IOException closed) {
            // closed by the server, or reset by the client: gone either way
        }
    }

    static String format(Trace t, long start) {
        String at = String.format(Locale.ROOT, "+%.3fms %s", (t.nanos() - start) / 1e6, t.pid());
        return switch (t) {
            case Trace.Receive r -> at + " << " + shortText(r.message());
            case Trace.Send s -> at + " >> " + s.to() + " " + shortText(s.message());
            case Trace.Exit e -> at + " exit " + e.reason();
            case Trace.Stopped s -> "stopped: " + s.reason();
        };
    }

    private static String shortText(Object message) {
        String text = String.valueOf(message);
        return text.length() <= MESSAGE_MAX_CHARS ? text : text.substring(0, MESSAGE_MAX_CHARS) + "...";
    }
}
