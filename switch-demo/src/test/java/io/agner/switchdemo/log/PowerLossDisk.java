package io.agner.switchdemo.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A disk that loses power: the {@link FileChannels} of a {@link LogConfig}, over real files under
 * one root folder, that keeps a model of what is <em>durable</em> (after the manner of Jepsen's
 * LazyFS) and can write it out as the folder a reboot would find.
 * <ul>
 *   <li>A file's content is durable as of its last {@code force} through one of these channels;
 *       writes and truncations since are pending. After the cut, each file keeps its durable
 *       content plus, at random, a prefix of its pending operations in order, the last of them
 *       possibly torn (part of a write) — or none of them.</li>
 *   <li>A folder's entries (files created, renamed, deleted; sub-folders) are durable as of its
 *       last {@code force} (an fsync of the folder), as POSIX promises and no more.</li>
 *   <li>Everything under the root when the disk is created is durable.</li>
 * </ul>
 * The power fails at the {@code cutAt}-th operation (an open, write, truncate or force): it and
 * every later one throw an {@link IOException}, so nothing after the cut reaches the model. Reads
 * pass through. {@code force} does not reach the real disk (it would only cost time).
 * Thread-safe: every method holds the disk's monitor.
 */
final class PowerLossDisk implements FileChannels {

    /** A file, as the model knows it; renames keep it. Guarded by the disk. */
    static final class Inode {
        byte[] current;
        byte[] durable;
        final List<Op> pending = new ArrayList<>();

        Inode(byte[] content, boolean durableNow) {
            this.current = content;
            this.durable = durableNow ? content.clone() : new byte[0];
        }
    }

    /** A pending write ({@code bytes} at {@code position}) or truncation ({@code bytes == null}, to {@code position}). */
    record Op(long position, byte[] bytes) {}

    private static final Object DIRECTORY = new Object();

    private final Path root;
    private final Random random;
    private final long cutAt;
    private long ops;
    private int openChannels;
    private String cutDuring;
    private final Map<Object, Inode> inodes = new HashMap<>();                 // by file key
    private final Map<Path, Map<String, Object>> durableEntries = new HashMap<>(); // folder (relative) -> name -> Inode or DIRECTORY

    /** A disk over {@code root} (created if missing) whose power fails at operation {@code cutAt} ({@link Long#MAX_VALUE}: never). */
    PowerLossDisk(Path root, long cutAt, Random random) throws IOException {
        this.root = Files.createDirectories(root).toAbsolutePath().normalize();
        this.cutAt = cutAt;
        this.random = random;
        try (Stream<Path> all = Files.walk(this.root)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (Files.isDirectory(p)) {
                    durableEntries.put(relative(p), listEntries(p, true));
                }
            }
        }
    }

    /** Channels opened through this disk and not yet closed. */
    synchronized int openChannels() {
        return openChannels;
    }

    synchronized void closed() {
        openChannels--;
    }

    /** Whether the power has failed. */
    synchronized boolean isCut() {
        return cutDuring != null;
    }

    /** The operation the power failed in, or {@code null}. */
    synchronized String cutDuring() {
        return cutDuring;
    }

    @Override
    public synchronized FileChannel open(Path path, OpenOption... options) throws IOException {
        Path file = path.toAbsolutePath().normalize();
        Set<OpenOption> opts = Set.of(options);
        boolean existed = Files.exists(file);
        step("open " + describe(file));
        FileChannel channel = FileChannel.open(file, options);
        openChannels++;
        if (Files.isDirectory(file)) {
            return new PowerLossChannel(channel, file, null, this);
        }
        Object key = fileKey(file);
        Inode inode = inodes.get(key);
        if (!existed || inode == null) {
            inode = new Inode(existed ? Files.readAllBytes(file) : new byte[0], existed);
            inodes.put(key, inode);
        }
        if (existed && opts.contains(StandardOpenOption.TRUNCATE_EXISTING) && opts.contains(StandardOpenOption.WRITE)) {
            truncated(inode, 0);
        }
        return new PowerLossChannel(channel, file, inode, this);
    }

    /** Counts one operation; throws once the power is cut. */
    synchronized void step(String what) throws IOException {
        if (cutDuring == null && ++ops >= cutAt) {
            cutDuring = what;
        }
        if (cutDuring != null) {
            throw new IOException("simulated power cut (during " + cutDuring + ")");
        }
    }

    synchronized void wrote(Inode inode, long position, byte[] bytes) {
        int end = Math.toIntExact(position + bytes.length);
        if (end > inode.current.length) {
            inode.current = Arrays.copyOf(inode.current, end);
        }
        System.arraycopy(bytes, 0, inode.current, (int) position, bytes.length);
        inode.pending.add(new Op(position, bytes));
    }

    synchronized void truncated(Inode inode, long size) {
        if (size < inode.current.length) {
            inode.current = Arrays.copyOf(inode.current, (int) size);
        }
        inode.pending.add(new Op(size, null));
    }

    /** A successful force: the file's content, or the folder's entries, are durable now. */
    synchronized void forced(Path path, Inode inode) throws IOException {
        if (inode == null) {
            durableEntries.put(relative(path), listEntries(path, false));
        } else {
            inode.durable = inode.current.clone();
            inode.pending.clear();
        }
    }

    /**
     * Writes what a reboot after the cut would find into {@code target} (which must not exist):
     * durable folders and files, each file with a random prefix of its pending operations.
     */
    synchronized void writeImage(Path target) throws IOException {
        writeFolder(Path.of(""), target);
    }

    private void writeFolder(Path rel, Path target) throws IOException {
        Files.createDirectories(target);
        for (Map.Entry<String, Object> e : new TreeMap<>(durableEntries.getOrDefault(rel, Map.of())).entrySet()) {
            if (e.getValue() == DIRECTORY) {
                writeFolder(rel.resolve(e.getKey()), target.resolve(e.getKey()));
            } else {
                Files.write(target.resolve(e.getKey()), afterCut((Inode) e.getValue()));
            }
        }
    }

    /** The durable content and, half the time, a prefix of the pending operations, the last one perhaps torn. */
    private byte[] afterCut(Inode inode) {
        byte[] content = inode.durable.clone();
        if (inode.pending.isEmpty() || random.nextBoolean()) {
            return content;
        }
        int applied = random.nextInt(1, inode.pending.size() + 1);
        for (int i = 0; i < applied; i++) {
            Op op = inode.pending.get(i);
            if (op.bytes() == null) {
                content = Arrays.copyOf(content, (int) Math.min(content.length, op.position()));
                continue;
            }
            byte[] bytes = op.bytes();
            if (i == applied - 1 && bytes.length > 0) {
                bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
            }
            int end = Math.toIntExact(op.position() + bytes.length);
            if (end > content.length) {
                content = Arrays.copyOf(content, end);
            }
            System.arraycopy(bytes, 0, content, (int) op.position(), bytes.length);
        }
        return content;
    }

    /** The folder's entries now: sub-folders, and files as their inodes (unknown ones taken as durable as they are). */
    private Map<String, Object> listEntries(Path folder, boolean initial) throws IOException {
        Map<String, Object> entries = new HashMap<>();
        try (Stream<Path> list = Files.list(folder)) {
            for (Path p : (Iterable<Path>) list::iterator) {
                if (Files.isDirectory(p)) {
                    entries.put(p.getFileName().toString(), DIRECTORY);
                    continue;
                }
                Object key = fileKey(p);
                Inode inode = inodes.get(key);
                if (inode == null || initial) {
                    inode = new Inode(Files.readAllBytes(p), true);
                    inodes.put(key, inode);
                }
                entries.put(p.getFileName().toString(), inode);
            }
        }
        return entries;
    }

    private Path relative(Path p) {
        return root.relativize(p.toAbsolutePath().normalize());
    }

    private String describe(Path p) {
        return root.relativize(p).toString();
    }

    String describeOp(String op, Path p) {
        return op + " " + describe(p);
    }

    private static Object fileKey(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The channel: writes, truncations and forces go through the disk's model first. */
    static final class PowerLossChannel extends FileChannel {

        private final FileChannel delegate;
        private final Path path;
        private final Inode inode;     // null for a folder
        private final PowerLossDisk disk;

        PowerLossChannel(FileChannel delegate, Path path, Inode inode, PowerLossDisk disk) {
            this.delegate = delegate;
            this.path = path;
            this.inode = inode;
            this.disk = disk;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            synchronized (disk) {
                return write(src, delegate.position(), true);
            }
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            synchronized (disk) {
                return write(src, position, false);
            }
        }

        private int write(ByteBuffer src, long position, boolean advance) throws IOException {
            disk.step(disk.describeOp("write", path));
            ByteBuffer copy = src.duplicate();
            int n = advance ? delegate.write(src) : delegate.write(src, position);
            byte[] bytes = new byte[n];
            copy.get(bytes);
            disk.wrote(inode, position, bytes);
            return n;
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            long written = 0;
            for (int i = offset; i < offset + length; i++) {
                while (srcs[i].hasRemaining()) {
                    written += write(srcs[i]);
                }
            }
            return written;
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            synchronized (disk) {
                disk.step(disk.describeOp("truncate", path));
                delegate.truncate(size);
                disk.truncated(inode, size);
            }
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            synchronized (disk) {
                disk.step(disk.describeOp("fsync", path));
                disk.forced(path, inode);
            }
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
        public long transferTo(long position, long count, java.nio.channels.WritableByteChannel target) {
            throw new UnsupportedOperationException("not modelled");
        }

        @Override
        public long transferFrom(java.nio.channels.ReadableByteChannel src, long position, long count) {
            throw new UnsupportedOperationException("not modelled");
        }

        @Override
        public java.nio.MappedByteBuffer map(MapMode mode, long position, long size) {
            throw new UnsupportedOperationException("not modelled");
        }

        @Override
        public java.nio.channels.FileLock lock(long position, long size, boolean shared) throws IOException {
            return delegate.lock(position, size, shared);
        }

        @Override
        public java.nio.channels.FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return delegate.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            delegate.close();
            disk.closed();
        }
    }
}
