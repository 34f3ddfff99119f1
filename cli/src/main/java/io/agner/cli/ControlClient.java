package io.agner.cli;

import io.agner.hotswap.ControlDir;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;
import jdk.net.ExtendedSocketOptions;

/**
 * The client side of a node's control socket (protocol in {@code io.agner.hotswap.ControlServer}).
 * Stateless; any thread may call it, each request on its own connection. Every request has a
 * deadline: a node that does not answer in time (a supervisor stuck in a child's init holds up
 * {@code tree}) is given up on, the connection closed, and {@link Failure} says so with
 * {@link #TIMED_OUT}.
 */
final class ControlClient {

    /** Exit status when the node answered with an error, or the command failed otherwise. */
    static final int ERROR = 1;
    /** Exit status when there is no node to talk to: none runs, none by that name, several, or it hung up unanswered. */
    static final int NO_NODE = 3;
    /** Exit status when the node did not answer within the timeout. */
    static final int TIMED_OUT = 4;

    /** How long a request waits for its answer unless told otherwise. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    /** A node's answer: its output lines, and the ERROR reason or null for OK. */
    record Answer(List<String> lines, String error) {}

    /** Why a request got no answer or a failure; the message is the one line agner prints, the status its exit status. */
    static final class Failure extends RuntimeException {
        private final int status;

        Failure(String message) {
            this(message, ERROR);
        }

        Failure(String message, int status) {
            super(message, null, false, false);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    private ControlClient() {}

    /** Refuses a socket folder this user does not own exclusively (someone could fake a node there). */
    private static void trust(Path dir) {
        try {
            ControlDir.verify(dir);
        } catch (IOException e) {
            throw new Failure(e.getMessage(), NO_NODE);
        }
    }

    /** Refuses a node socket served by another user (SO_PEERCRED of the server's end), compared by uid. */
    private static void checkServer(SocketChannel c, Path socket) throws IOException {
        UserPrincipal server = c.getOption(ExtendedSocketOptions.SO_PEERCRED).user();
        UserPrincipal self = ControlDir.self();
        if (!ControlDir.sameUser(server, self)) {
            throw new Failure("the node at " + socket + " runs as " + server.getName() + ", not as " + self.getName()
                    + "; refusing to talk to it", NO_NODE);
        }
    }

    /** The names of the nodes whose sockets in {@code dir} answer, sorted. */
    static List<String> runningNodes(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        trust(dir);
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                String file = f.getFileName().toString();
                if (file.endsWith(ControlDir.SUFFIX) && answers(f)) {
                    names.add(file.substring(0, file.length() - ControlDir.SUFFIX.length()));
                }
            }
        } catch (IOException e) {
            throw new Failure("cannot list " + dir + ": " + e.getMessage());
        }
        return names;
    }

    /** Sends one request to node {@code name} and reads its whole answer, waiting at most {@link #DEFAULT_TIMEOUT}. */
    static Answer request(Path dir, String name, String request) {
        return request(dir, name, request, DEFAULT_TIMEOUT);
    }

    /** Sends one request to node {@code name} and reads its whole answer, waiting at most {@code timeout} for all of it. */
    static Answer request(Path dir, String name, String request, Duration timeout) {
        List<String> lines = new ArrayList<>();
        String error = stream(dir, name, request, lines::add, timeout, false);
        return new Answer(lines, error);
    }

    /** As {@link #stream(Path, String, String, Consumer, Duration, boolean)}, waiting at most {@link #DEFAULT_TIMEOUT} for the first line. */
    static String stream(Path dir, String name, String request, Consumer<String> onLine) {
        return stream(dir, name, request, onLine, DEFAULT_TIMEOUT, true);
    }

    /**
     * Sends one request to node {@code name} and hands each output line to {@code onLine} as it
     * arrives (for {@code trace}, which streams); returns the ERROR reason, or null for OK.
     * {@code timeout} bounds the wait for the first line when {@code untilFirstLine} (a stream runs
     * as long as it runs), else for the whole answer.
     *
     * @throws Failure with {@link #NO_NODE} when the node cannot be reached or hangs up unanswered,
     *                 {@link #TIMED_OUT} when it does not answer in time
     */
    static String stream(Path dir, String name, String request, Consumer<String> onLine, Duration timeout, boolean untilFirstLine) {
        Path socket = ControlDir.socket(dir, name);
        trust(dir);
        if (!Files.exists(socket)) {
            throw new Failure("no node named '" + name + "' (no socket " + socket + ")", NO_NODE);
        }
        SocketChannel c;
        try {
            c = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            throw new Failure("cannot reach node '" + name + "' at " + socket + ": " + e.getMessage(), NO_NODE);
        }
        Deadline deadline = new Deadline(c, timeout);
        try (c) {
            checkServer(c, socket);
            Writer w = Channels.newWriter(c, StandardCharsets.UTF_8);
            w.write(request + "\n");
            w.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(c), StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null; ) {
                if (untilFirstLine) {
                    deadline.met();
                }
                if (line.equals("OK")) {
                    return null;
                }
                if (line.startsWith("ERROR")) {
                    return line.substring("ERROR".length()).strip();
                }
                onLine.accept(line.startsWith("| ") ? line.substring(2) : line);
            }
        } catch (IOException closed) {
            // the node closed the connection while we wrote or read, or the deadline closed it
        } finally {
            deadline.met();
        }
        if (deadline.missed()) {
            throw new Failure("node '" + name + "' did not answer within " + seconds(timeout) + " (--timeout)", TIMED_OUT);
        }
        throw new Failure("node '" + name + "' closed the connection without answering"
                + " (it refuses users other than its own; see its log)", NO_NODE);
    }

    /**
     * Closes a connection that is still waiting when its time is up, from a virtual thread that
     * waits for {@link #met} or the timeout, whichever comes first. Thread-safe.
     */
    private static final class Deadline {
        private final CountDownLatch met = new CountDownLatch(1);
        private final AtomicBoolean missed = new AtomicBoolean();

        Deadline(SocketChannel c, Duration timeout) {
            Thread.ofVirtual().name("agner-timeout").start(() -> {
                try {
                    if (!met.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                        missed.set(true);
                        c.close();      // the reader's blocked read ends with an AsynchronousCloseException
                    }
                } catch (InterruptedException | IOException e) {
                    // nothing to close, or closing failed: the reader ends by itself
                }
            });
        }

        void met() {
            met.countDown();
        }

        boolean missed() {
            return missed.get();
        }
    }

    /** A duration as people write it: "5 s", "0.5 s". */
    static String seconds(Duration d) {
        double s = d.toNanos() / 1e9;
        return (s == Math.rint(s) ? String.valueOf((long) s) : String.valueOf(s)) + " s";
    }

    private static boolean answers(Path socket) {
        try (SocketChannel _ = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            return true;
        } catch (IOException stale) {
            return false; // a node that died without removing its socket
        }
    }
}
