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
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import jdk.net.ExtendedSocketOptions;

/**
 * The client side of a node's control socket (protocol in {@code io.agner.hotswap.ControlServer}).
 * Stateless; any thread may call it, each request on its own connection.
 */
final class ControlClient {

    /** A node's answer: its output lines, and the ERROR reason or null for OK. */
    record Answer(List<String> lines, String error) {}

    /** Why a request got no answer or a failure; the message is the one line agner prints. */
    static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message, null, false, false);
        }
    }

    private ControlClient() {}

    /** Refuses a socket folder this user does not own exclusively (someone could fake a node there). */
    private static void trust(Path dir) {
        try {
            ControlDir.verify(dir);
        } catch (IOException e) {
            throw new Failure(e.getMessage());
        }
    }

    /** Refuses a node socket served by another user (SO_PEERCRED of the server's end), compared by uid. */
    private static void checkServer(SocketChannel c, Path socket) throws IOException {
        UserPrincipal server = c.getOption(ExtendedSocketOptions.SO_PEERCRED).user();
        UserPrincipal self = ControlDir.self();
        if (!ControlDir.sameUser(server, self)) {
            throw new Failure("the node at " + socket + " runs as " + server.getName() + ", not as " + self.getName() + "; refusing to talk to it");
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

    /** Sends one request to node {@code name} and reads its whole answer. */
    static Answer request(Path dir, String name, String request) {
        List<String> lines = new ArrayList<>();
        String error = stream(dir, name, request, lines::add);
        return new Answer(lines, error);
    }

    /**
     * Sends one request to node {@code name} and hands each output line to {@code onLine} as it
     * arrives (for {@code trace}, which streams); returns the ERROR reason, or null for OK.
     */
    static String stream(Path dir, String name, String request, Consumer<String> onLine) {
        Path socket = ControlDir.socket(dir, name);
        trust(dir);
        if (!Files.exists(socket)) {
            throw new Failure("no node named '" + name + "' (no socket " + socket + ")");
        }
        SocketChannel c;
        try {
            c = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            throw new Failure("cannot reach node '" + name + "' at " + socket + ": " + e.getMessage());
        }
        try (c) {
            checkServer(c, socket);
            Writer w = Channels.newWriter(c, StandardCharsets.UTF_8);
            w.write(request + "\n");
            w.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(c), StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null; ) {
                if (line.equals("OK")) {
                    return null;
                }
                if (line.startsWith("ERROR")) {
                    return line.substring("ERROR".length()).strip();
                }
                onLine.accept(line.startsWith("| ") ? line.substring(2) : line);
            }
        } catch (IOException closed) {
            // the node closed the connection while we wrote or read: the same refusal as an empty answer
        }
        throw new Failure("node '" + name + "' closed the connection without answering"
                + " (it refuses users other than its own; see its log)");
    }

    private static boolean answers(Path socket) {
        try (SocketChannel _ = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            return true;
        } catch (IOException stale) {
            return false; // a node that died without removing its socket
        }
    }
}
