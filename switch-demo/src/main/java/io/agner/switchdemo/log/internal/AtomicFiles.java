package io.agner.switchdemo.log.internal;

import io.agner.switchdemo.log.FileChannels;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Small files the log writes besides segments, all opened through the log's {@link FileChannels}
 * (so a test's injected full disk reaches them too). Stateless.
 */
final class AtomicFiles {

    private AtomicFiles() {}

    /**
     * Replaces {@code file} atomically: write a temporary, fsync it, rename over, fsync the folder.
     * On failure the temporary is removed and {@code file} is as it was.
     */
    static void write(FileChannels files, Path file, byte[] content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (FileChannel ch = files.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                writeFully(ch, content);
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        fsyncDirectory(files, file.getParent());
    }

    /** Writes {@code file} in place, without fsync: for caches (a torn one is detected and rebuilt). */
    static void writeCache(FileChannels files, Path file, byte[] content) throws IOException {
        try (FileChannel ch = files.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(ch, content);
        }
    }

    /** Makes a folder's entries (new, renamed, deleted files) durable. */
    static void fsyncDirectory(FileChannels files, Path dir) throws IOException {
        try (FileChannel ch = files.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    private static void writeFully(FileChannel ch, byte[] content) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(content);
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }
}
