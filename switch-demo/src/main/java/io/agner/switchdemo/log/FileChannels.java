package io.agner.switchdemo.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * Opens the files the log writes. The extension point for tests that inject I/O failures (a full
 * disk); production uses {@link #DEFAULT}.
 */
@FunctionalInterface
public interface FileChannels {

    FileChannels DEFAULT = FileChannel::open;

    FileChannel open(Path path, OpenOption... options) throws IOException;
}
