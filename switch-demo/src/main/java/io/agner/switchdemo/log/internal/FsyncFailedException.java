package io.agner.switchdemo.log.internal;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An {@code fsync} of a segment failed. Distinguished from other I/O errors because after it the
 * kernel may already have dropped the dirty pages it could not write (PostgreSQL's "fsyncgate"),
 * so a retry that succeeds proves nothing: the partition is fenced instead.
 */
final class FsyncFailedException extends IOException {

    FsyncFailedException(Path file, IOException cause) {
        super("fsync of " + file + " failed: " + cause.getMessage(), cause);
    }
}
