package io.agner.observer;

import io.agner.hotswap.ControlDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The file {@code <node>.observer} in the control folder, holding the observer's URL with its
 * token: {@code bin/agner observer} prints it. The folder is owner-only (checked as for the
 * control socket) and the file is {@code rw-------}, written under a temporary name and moved
 * into place, so no reader sees half a URL and no other user reads the token.
 */
final class ObserverFile {

    static final String SUFFIX = ".observer";

    private ObserverFile() {}

    /** Where node {@code nodeName}'s observer URL lives in {@code dir}. */
    static Path of(Path dir, String nodeName) {
        Path socket = ControlDir.socket(dir, nodeName); // validates the name as the socket does
        return socket.resolveSibling(nodeName + SUFFIX);
    }

    static Path write(Path dir, String nodeName, URI uri) {
        try {
            ControlDir.prepare(dir);
            Path file = of(dir, nodeName);
            Path tmp = Files.createTempFile(dir, "." + nodeName, ".tmp",
                    PosixFilePermissions.asFileAttribute(ControlDir.SOCKET_MODE));
            Files.writeString(tmp, uri + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the observer's URL to " + dir, e);
        }
    }
}
