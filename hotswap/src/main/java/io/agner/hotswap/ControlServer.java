package io.agner.hotswap;

import io.agner.runtime.Clock;
import io.agner.runtime.Node;
import io.agner.runtime.TimerRef;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's control channel: a Unix domain socket the {@code agner} command speaks to. Any thread
 * may start and close one; each connection is served on its own virtual thread, on the JDK's
 * scheduler (never on the node's carriers), and {@link ControlRequests} bounds what requests
 * cost the node.
 *
 * <p>Security: the socket is {@code <dir>/<nodeName>.sock} in a folder only the node's user may
 * enter ({@link ControlDir}), the socket file is 0600, and every connection's peer credentials
 * ({@code SO_PEERCRED}) must be the node's user, compared by uid (not by name, which the JDK
 * cannot look up when the node is out of file descriptors); any other peer is disconnected
 * unanswered and one WARN line goes to the logger {@code io.agner.hotswap.control}. Never TCP.
 *
 * <p>When {@code accept} fails (EMFILE: out of file descriptors) the accept loop pauses, from
 * {@link AcceptBackoff#FIRST} doubling up to {@link AcceptBackoff#MAX}, and logs one WARN line
 * when such a burst starts and one INFO line when it ends.
 *
 * <p>Protocol, UTF-8 text, one request per connection:
 * {@snippet :
 * client: ps                          // one request line: a command and its arguments, space-separated
 * node:   | PID  NAME  BEHAVIOUR ...  // zero or more output lines, each prefixed "| "
 * node:   | <0.42.0>  billing ...
 * node:   OK                          // last line: OK, or ERROR <one-line reason>
 * }
 * Commands: {@code ping}, {@code ps [--sort pid|name|mailbox] [--limit N]}, {@code tree},
 * {@code info <pid|name>}, {@code state <pid|name>} (a behaviour's whole state), {@code sched} (the
 * node's scheduler, {@link SchedulerReport}: its first line, {@code scheduler: <kind>...}, is what
 * {@code agner nodes} reads), {@code modules},
 * {@code load <absolute jar path>} (the rest of the line is the path), {@code purge <module> [--soft]},
 * {@code kill <pid|name> [reason]} (the rest of the line is the reason; default {@code kill}),
 * {@code trace <pid|name> [--max N] [--rate N/s]} (streams output lines while the process runs;
 * see {@link TraceStream}), and {@code json <ps|tree|info|state|modules> ...}: the same listing as one
 * JSON document on one output line ({@link Json}), for scripts ({@code agner --json}).
 * Pids are written as Erlang prints them, {@code <0.42.0>}. See {@link ControlRequests}.
 */
public final class ControlServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("io.agner.hotswap.control");

    // ---- immutable
    private final Path socket;
    private final ServerSocketChannel server;
    private final Predicate<UnixDomainPrincipal> peerCheck;
    private final ControlRequests requests;
    private final TraceStream traces;
    private final String nodeUser;
    private final Acceptor acceptor;

    /** How many connections are served at once; more are refused at once, with a short error. */
    static final int MAX_CONNECTIONS = 32;

    /** How long a connection may take to send its request; an idle or half-open one is closed then. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    // ---- shared: connections being served, closed with the server
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
    private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);
    private final AtomicInteger answering = new AtomicInteger();
    private final Clock clock;
    /** Set while the accept loop pauses after a failed accept; read by close. */
    private volatile Pausing pausing;

    /**
     * Starts the control channel of {@code node} as {@code nodeName} in {@link ControlDir#defaultDir()}.
     *
     * @throws UncheckedIOException if the folder is unsafe, or a node of that name already runs
     */
    public static ControlServer start(Node node, String nodeName) {
        return start(node, nodeName, ControlDir.defaultDir());
    }

    /** As {@link #start(Node, String)}, with the sockets' folder given (tests, or a custom layout). */
    public static ControlServer start(Node node, String nodeName, Path dir) {
        try {
            UserPrincipal self = ControlDir.self();
            return new ControlServer(node, nodeName, dir, ownerOnly(self), ServerSocketChannel::accept);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /**
     * The peer check of a node run by {@code owner}: only {@code owner} may talk to it, compared by
     * uid ({@link ControlDir#sameUser}), so the owner still gets in when the node is out of file
     * descriptors and the JDK cannot look the peer's name up.
     */
    static Predicate<UnixDomainPrincipal> ownerOnly(UserPrincipal owner) {
        return peer -> ControlDir.sameUser(peer.user(), owner);
    }

    /** How the accept loop takes the next connection; a test injects one that fails as an exhausted file table does. */
    @FunctionalInterface
    interface Acceptor {
        SocketChannel accept(ServerSocketChannel server) throws IOException;
    }

    /** With the peer check injected, so a test can forge a refusal. */
    ControlServer(Node node, String nodeName, Path dir, Predicate<UnixDomainPrincipal> peerCheck) throws IOException {
        this(node, nodeName, dir, peerCheck, ServerSocketChannel::accept);
    }

    /** With the peer check and the accept step injected. */
    ControlServer(Node node, String nodeName, Path dir, Predicate<UnixDomainPrincipal> peerCheck, Acceptor acceptor) throws IOException {
        ControlDir.prepare(dir);
        this.acceptor = acceptor;
        this.socket = ControlDir.socket(dir, nodeName);
        this.peerCheck = peerCheck;
        this.requests = new ControlRequests(node);
        this.traces = new TraceStream(node, requests::locate);
        this.clock = node.clock();
        this.nodeUser = ControlDir.self().getName();
        removeStale(socket, nodeName);
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, ControlDir.SOCKET_MODE); // the 0700 folder guards the moment before
        } catch (IOException e) {
            server.close();
            throw e;
        }
        // A platform thread: the connections' virtual threads it starts then run on the JDK's
        // scheduler, never on the node's carriers, even when a process starts the server (a
        // virtual thread inherits the scheduler of the virtual thread that starts it).
        Thread.ofPlatform().daemon().name("agner-control-" + nodeName).start(this::acceptLoop);
    }

    /** Requests read and not yet answered (being worked on, or waiting for their turn); for tests. */
    int answering() {
        return answering.get();
    }

    /** The socket's path. */
    public Path socket() {
        return socket;
    }

    /** Stops accepting, disconnects open connections, removes the socket file; idempotent. */
    @Override
    public void close() {
        try {
            server.close();
            Pausing p = pausing;
            if (p != null) {
                p.end();
            }
            for (SocketChannel c : open) {
                c.close();
            }
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            throw new UncheckedIOException("closing control socket " + socket + ": " + e.getMessage(), e);
        }
    }

    /** A socket file left by a node that died is removed; one that answers belongs to a running node. */
    private static void removeStale(Path socket, String nodeName) throws IOException {
        if (!Files.exists(socket)) {
            return;
        }
        try (SocketChannel _ = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            throw new IOException("a node named '" + nodeName + "' already runs (" + socket + " accepts connections); choose another name");
        } catch (java.net.ConnectException stale) {
            Files.delete(socket);
        }
    }

    private void acceptLoop() {
        AcceptBackoff backoff = new AcceptBackoff();
        while (server.isOpen()) {
            try {
                SocketChannel c = acceptor.accept(server);
                int failed = backoff.succeeded();
                if (failed > 0) {
                    LOG.info("control socket {}: accepting again after {} failed accepts", socket, failed);
                }
                if (!slots.tryAcquire()) {
                    Thread.ofVirtual().name("agner-control-refused").start(() -> refuseBusy(c));
                    continue;
                }
                open.add(c);
                Thread.ofVirtual().name("agner-control-conn").start(() -> {
                    try {
                        serve(c);
                    } finally {
                        slots.release();
                    }
                });
            } catch (ClosedChannelException closed) {
                return;
            } catch (IOException e) {
                Duration pause = backoff.failed();
                if (backoff.burstStarted()) {
                    LOG.warn("control socket {}: accept failed: {}; retrying with pauses from {} ms up to {} s, logged again when it succeeds",
                            socket, e.toString(), AcceptBackoff.FIRST.toMillis(), AcceptBackoff.MAX.toSeconds());
                }
                pause(pause);
            }
        }
    }

    /**
     * Waits {@code pause} on the node's clock, or until {@link #close}. A plain timer and a
     * latch, not {@code Thread.sleep}, so close cancels it and a test's manual clock drives it.
     */
    private void pause(Duration pause) {
        CountDownLatch over = new CountDownLatch(1);
        TimerRef timer = clock.schedule(pause.toNanos(), over::countDown);
        pausing = new Pausing(timer, over);
        try {
            if (server.isOpen()) {
                over.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            timer.cancel();
            pausing = null;
        }
    }

    /** The accept loop's current pause: close ends it. */
    private record Pausing(TimerRef timer, CountDownLatch over) {
        void end() {
            timer.cancel();
            over.countDown();
        }
    }

    /** Answers a connection over {@link #MAX_CONNECTIONS} with a short error, without serving its request. */
    private void refuseBusy(SocketChannel c) {
        TimerRef idle = clock.schedule(REQUEST_TIMEOUT.toNanos(), () -> closeQuietly(c));
        try (c) {
            PrintWriter out = new PrintWriter(Channels.newWriter(c, StandardCharsets.UTF_8), false);
            out.println("ERROR the node serves " + MAX_CONNECTIONS + " control connections already; try again");
            out.flush();
            finish(c);
        } catch (IOException gone) {
            // the client went away
        } finally {
            idle.cancel();
        }
    }

    /**
     * Ends a refused connection gently: no more output (the client reads the error, then the end),
     * and what the client still sends is read and dropped until it closes (at most a few
     * request's worth; the request timeout closes a client that never does). Closing with unread
     * input would reset the connection, and the client would lose the error.
     */
    private static void finish(SocketChannel c) throws IOException {
        c.shutdownOutput();
        ByteBuffer sink = ByteBuffer.allocate(8192);
        long dropped = 0;
        while (dropped < 16L * RequestLine.MAX_BYTES) {
            int n = c.read(sink.clear());
            if (n < 0) {
                return;
            }
            dropped += n;
        }
    }

    private static void closeQuietly(SocketChannel c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing is all we wanted
        }
    }

    private void serve(SocketChannel c) {
        try (c) {
            UnixDomainPrincipal peer = c.getOption(ExtendedSocketOptions.SO_PEERCRED);
            if (!peerCheck.test(peer)) {
                LOG.warn("control socket {}: refused a connection from user {} (group {}); the node runs as {}",
                        socket, peer.user().getName(), peer.group().getName(), nodeUser);
                return;
            }
            PrintWriter out = new PrintWriter(Channels.newWriter(c, StandardCharsets.UTF_8), false);
            TimerRef idle = clock.schedule(REQUEST_TIMEOUT.toNanos(), () -> closeQuietly(c)); // an idle or half-open peer
            String line;
            try {
                line = RequestLine.read(Channels.newInputStream(c));
            } catch (RequestLine.TooLong tooLong) {
                out.println("ERROR " + tooLong.getMessage() + " refused");
                out.flush();
                finish(c);
                return;
            } finally {
                idle.cancel();
            }
            if (line != null) {
                answering.incrementAndGet();
                try {
                    if (TraceStream.isTrace(line.strip())) {
                        traces.serve(line.strip(), out, c);
                    } else {
                        requests.answer(line.strip(), out);
                    }
                } finally {
                    answering.decrementAndGet();
                }
            }
            out.flush();
        } catch (IOException e) {
            LOG.debug("control connection on {} ended: {}", socket, e.toString()); // the client went away; nothing to answer
        } finally {
            open.remove(c);
        }
    }
}
