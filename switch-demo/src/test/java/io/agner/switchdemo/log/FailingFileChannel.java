package io.agner.switchdemo.log;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;

/**
 * A real {@link FileChannel} whose writes and forces go through a {@link FaultyDisk} first, which
 * may cut a write short or fail it with {@code ENOSPC}'s message, as a full disk does. Reads,
 * truncation, locks and memory maps pass straight through (writes through a map are not
 * counted). Same thread-safety as the channel it wraps.
 */
final class FailingFileChannel extends FileChannel {

    private final FileChannel delegate;
    private final Path path;
    private final FaultyDisk disk;

    FailingFileChannel(FileChannel delegate, Path path, FaultyDisk disk) {
        this.delegate = delegate;
        this.path = path;
        this.disk = disk;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int granted = disk.claim(path, src.remaining());
        int written;
        if (granted == src.remaining()) {
            written = delegate.write(src);
        } else {
            written = delegate.write(src.slice(src.position(), granted));
            src.position(src.position() + written);
        }
        disk.wrote(path, written);
        return written;
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        int granted = disk.claim(path, src.remaining());
        int written;
        if (granted == src.remaining()) {
            written = delegate.write(src, position);
        } else {
            written = delegate.write(src.slice(src.position(), granted), position);
            src.position(src.position() + written);
        }
        disk.wrote(path, written);
        return written;
    }

    /** Like writev(2): a short count once some bytes went out, the error only if none did. */
    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long written = 0;
        for (int i = offset; i < offset + length; i++) {
            while (srcs[i].hasRemaining()) {
                try {
                    int n = write(srcs[i]);
                    written += n;
                    if (n == 0 || srcs[i].hasRemaining()) {
                        return written;
                    }
                } catch (IOException e) {
                    if (written == 0) {
                        throw e;
                    }
                    return written;
                }
            }
        }
        return written;
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(count, 1 << 20));
        long done = 0;
        while (done < count) {
            buf.clear().limit((int) Math.min(buf.capacity(), count - done));
            if (src.read(buf) <= 0) {
                break;
            }
            buf.flip();
            while (buf.hasRemaining()) {
                done += write(buf, position + done);
            }
        }
        return done;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        disk.checkForce(path);
        delegate.force(metaData);
        disk.forced(path);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return delegate.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return delegate.read(dsts, offset, length);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return delegate.read(dst, position);
    }

    @Override
    public long position() throws IOException {
        return delegate.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        delegate.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return delegate.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        delegate.truncate(size);
        return this;
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return delegate.transferTo(position, count, target);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        return delegate.map(mode, position, size);
    }

    @Override
    public MemorySegment map(MapMode mode, long offset, long size, Arena arena) throws IOException {
        return delegate.map(mode, offset, size, arena);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return delegate.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return delegate.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        delegate.close();
    }
}
