package io.agner.switchdemo.log.internal;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A reusable read buffer over a window of one file, so that walking batches costs one read per
 * window rather than one per batch. Confined to one thread (a consumer, or recovery).
 */
final class FileWindow {

    private static final int DEFAULT_CAPACITY = 1 << 20;

    private ByteBuffer buffer = ByteBuffer.allocate(DEFAULT_CAPACITY);
    private FileChannel channel;
    private long start = -1;      // file position of buffer[0]
    private int length;           // valid bytes in the buffer

    /**
     * Makes {@code [position, position + bytes)} of {@code file} available and returns the index in
     * {@link #buffer()} where it begins. Reads ahead up to {@code limit} (the readable end).
     */
    int ensure(FileChannel file, long position, int bytes, long limit) throws IOException {
        if (file == channel && position >= start && position + bytes <= start + length) {
            return (int) (position - start);
        }
        if (bytes > buffer.capacity()) {
            buffer = ByteBuffer.allocate(Integer.highestOneBit(bytes - 1) << 1);
        }
        int want = (int) Math.min(buffer.capacity(), limit - position);
        buffer.clear().limit(want);
        channel = null;
        while (buffer.hasRemaining()) {
            if (file.read(buffer, position + buffer.position()) < 0) {
                throw new EOFException("file ends at " + (position + buffer.position()) + ", before " + (position + want));
            }
        }
        channel = file;
        start = position;
        length = want;
        return 0;
    }

    ByteBuffer buffer() {
        return buffer;
    }

    /** Forgets the window (after the file changed under it, e.g. a truncation). */
    void invalidate() {
        channel = null;
    }
}
