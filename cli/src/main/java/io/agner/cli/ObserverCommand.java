package io.agner.cli;

import io.agner.hotswap.ControlDir;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;

/**
 * {@code agner observer}: prints the URL of the chosen node's web observer (agner-observer's
 * {@code Observer}), which it wrote, token included, to {@code <node>.observer} beside its
 * control socket in the owner-only control folder. The node is chosen as for every other command
 * ({@code --node}, or the only one running). Reads a file only; never talks to the node.
 */
@Command(name = "observer", mixinStandardHelpOptions = true,
        description = {"Prints the URL of the node's web observer (it carries the access token: keep it to yourself).",
                "Fails when the node runs no observer (the library's default; make demo and make upgrade-demo start one)."})
final class ObserverCommand implements Callable<Integer> {

    /** The file's suffix, as agner-observer's {@code ObserverFile} writes it. */
    static final String SUFFIX = ".observer";

    private final Path dir;
    private final PrintWriter out;
    private final Supplier<String> chooseNode;

    ObserverCommand(Path dir, PrintWriter out, Supplier<String> chooseNode) {
        this.dir = dir;
        this.out = out;
        this.chooseNode = chooseNode;
    }

    @Override
    public Integer call() {
        String node = chooseNode.get();
        Path file = dir.resolve(node + SUFFIX);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new ControlClient.Failure("node '" + node + "' runs no observer (no " + file + "); a program starts one with"
                    + " Observer.start(node, ObserverOptions.DEFAULT.withNodeName(\"" + node + "\"))");
        }
        try {
            String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS));
            if (!mode.equals(PosixFilePermissions.toString(ControlDir.SOCKET_MODE))) {
                throw new ControlClient.Failure(file + " has mode " + mode + ", not rw-------: refusing to trust it");
            }
            out.println(Files.readString(file, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw new ControlClient.Failure("cannot read " + file + ": " + e.getMessage());
        }
        return 0;
    }
}
