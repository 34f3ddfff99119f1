package io.agner.observer;

import io.agner.hotswap.ControlDir;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How {@link Observer#start} serves a node. Immutable.
 *
 * @param port       the TCP port on 127.0.0.1; 0 picks a free one
 * @param nodeName   the node's name, as its {@code ControlServer} has it: the observer then writes
 *                   its URL to {@code <nodeName>.observer} in {@code controlDir}, where
 *                   {@code bin/agner observer} finds it; null writes no file
 * @param controlDir the owner-only control folder (as the control socket's)
 */
public record ObserverOptions(int port, String nodeName, Path controlDir) {

    public static final ObserverOptions DEFAULT = new ObserverOptions(0, null, ControlDir.defaultDir());

    public ObserverOptions {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        Objects.requireNonNull(controlDir, "controlDir");
    }

    public ObserverOptions withPort(int port) {
        return new ObserverOptions(port, nodeName, controlDir);
    }

    public ObserverOptions withNodeName(String nodeName) {
        return new ObserverOptions(port, nodeName, controlDir);
    }

    public ObserverOptions withControlDir(Path controlDir) {
        return new ObserverOptions(port, nodeName, controlDir);
    }
}
