package io.agner.hotswap;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;

/**
 * Where control sockets live: {@code $XDG_RUNTIME_DIR/agner}, else {@code /tmp/agner-<user>}, a
 * folder only the node's user may enter. Stateless; any thread may call it.
 *
 * <p>Why the folder and not only the socket's mode: a peer needs search permission on every
 * folder of the path to connect, so a 0700 folder closes the window between {@code bind}
 * (which creates the socket with the umask's mode) and the {@code chmod} to 0600 after it.
 */
public final class ControlDir {

    /** rwx------: the only mode the folder may have. */
    public static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");

    /** rw-------: the socket file's mode. */
    public static final Set<PosixFilePermission> SOCKET_MODE = PosixFilePermissions.fromString("rw-------");

    /** A socket file's name ends with this; the node's name is the rest. */
    public static final String SUFFIX = ".sock";

    private ControlDir() {}

    /** The folder for this user's sockets; nothing is created. */
    public static Path defaultDir() {
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank()) {
            return Path.of(runtime, "agner");
        }
        return Path.of("/tmp", "agner-" + userName());
    }

    /** The socket path of node {@code nodeName} in {@code dir}. */
    public static Path socket(Path dir, String nodeName) {
        if (nodeName.isEmpty() || !nodeName.matches("[A-Za-z0-9_.@-]+") || nodeName.startsWith(".")) {
            throw new IllegalArgumentException("node name must be letters, digits, '_', '.', '@' or '-' (not starting with '.'), was '" + nodeName + "'");
        }
        return dir.resolve(nodeName + SUFFIX);
    }

    /**
     * Whether two principals are the same user: by uid, never by name. The JDK's Unix principals
     * are equal when their uids are; a name may be missing, because a principal made from a uid
     * (a file's owner, a socket peer's credentials) is named by a lookup that fails when the
     * process is out of file descriptors, and then by the uid's digits ({@code "0"}, not
     * {@code "root"}). No lookup happens here.
     */
    public static boolean sameUser(UserPrincipal a, UserPrincipal b) {
        return a.equals(b);
    }

    /** This process's user, as the file system names it. */
    public static UserPrincipal self() throws IOException {
        return FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(userName());
    }

    /**
     * Creates {@code dir} with mode 0700 if missing, and checks it: a real folder (not a link),
     * owned by this user, with no permission for group or others.
     *
     * @throws IOException if it cannot be created, or is not safe to put a socket in (the message says why and what to do)
     */
    public static void prepare(Path dir) throws IOException {
        if (Files.notExists(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
        }
        verify(dir);
    }

    /**
     * Checks an existing folder as {@link #prepare} does — a real folder (no link), owned by this
     * user, mode 0700 — so a client never talks to sockets in a folder someone else controls.
     */
    public static void verify(Path dir) throws IOException {
        PosixFileAttributes attrs = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attrs.isDirectory()) {
            throw new IOException("control folder " + dir + " is not a folder (or is a symbolic link); remove it");
        }
        UserPrincipal self = self();
        if (!sameUser(attrs.owner(), self)) {
            throw new IOException("control folder " + dir + " is owned by " + attrs.owner().getName()
                    + ", not by " + self.getName() + "; refusing to put a socket in it");
        }
        if (!attrs.permissions().equals(DIR_MODE)) {
            throw new IOException("control folder " + dir + " has mode " + PosixFilePermissions.toString(attrs.permissions())
                    + ", wider or other than rwx------; run 'chmod 700 " + dir + "'");
        }
    }

    private static String userName() {
        return System.getProperty("user.name");
    }
}
