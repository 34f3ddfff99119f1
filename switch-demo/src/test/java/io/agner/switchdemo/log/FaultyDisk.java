package io.agner.switchdemo.log;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A disk a test can fill up: the {@link FileChannels} of a {@link LogConfig}, opening real files
 * whose channels write only while space is left and whose {@code fsync} can be made to fail, or
 * to wait for the test (so appends queue up behind it). It counts the successful forces of each
 * file and the bytes written to it since its last one. The test thread changes the space; the
 * log's threads claim it. Thread-safe.
 */
final class FaultyDisk implements FileChannels {

    static final String NO_SPACE = "No space left on device";
    private static final long UNLIMITED = Long.MAX_VALUE;

    private final AtomicLong free = new AtomicLong(UNLIMITED);
    private volatile boolean fsyncFails;
    private volatile CountDownLatch fsyncGate; // null while segment fsyncs pass
    private final Semaphore heldFsyncs = new Semaphore(0);
    private final AtomicInteger failedWrites = new AtomicInteger();
    private final AtomicInteger shortWrites = new AtomicInteger();
    private final AtomicInteger failedForces = new AtomicInteger();
    private final Map<Path, AtomicInteger> forces = new ConcurrentHashMap<>();
    private final Map<Path, AtomicLong> unforced = new ConcurrentHashMap<>();

    @Override
    public FileChannel open(Path path, OpenOption... options) throws IOException {
        return new FailingFileChannel(FileChannel.open(path, options), path, this);
    }

    /** From now on every write fails. */
    void fill() {
        free.set(0);
    }

    /** From now on writes succeed for {@code bytes} more bytes; the write that crosses that line is cut short. */
    void leave(long bytes) {
        free.set(bytes);
    }

    /** From now on every {@code fsync} fails, as when write-back finds no room (thin provisioning, NFS quotas). */
    void failFsync() {
        fsyncFails = true;
    }

    /** From now on an {@code fsync} of a segment waits until {@link #releaseFsyncs()}. */
    void holdFsyncs() {
        fsyncGate = new CountDownLatch(1);
    }

    /** Waits until some writer is held in a segment's {@code fsync}. */
    void awaitHeldFsync() throws InterruptedException {
        if (!heldFsyncs.tryAcquire(Logs.WAIT.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("no segment fsync within " + Logs.WAIT);
        }
    }

    void releaseFsyncs() {
        CountDownLatch gate = fsyncGate;
        fsyncGate = null;
        gate.countDown();
    }

    /** Space is freed and the device is healthy again. */
    void heal() {
        fsyncFails = false;
        free.set(UNLIMITED);
    }

    int failedWrites() {
        return failedWrites.get();
    }

    int shortWrites() {
        return shortWrites.get();
    }

    int failedForces() {
        return failedForces.get();
    }

    /** Successful forces of {@code file} (a segment, a folder, ...) so far. */
    int forces(Path file) {
        AtomicInteger n = forces.get(file.toAbsolutePath().normalize());
        return n == null ? 0 : n.get();
    }

    /** Successful forces of every segment ({@code .log}) file so far. */
    int segmentForces() {
        return forces.entrySet().stream().filter(e -> isSegment(e.getKey())).mapToInt(e -> e.getValue().get()).sum();
    }

    /** Bytes written to segment files and not yet covered by a successful force of that file. */
    long unforcedSegmentBytes() {
        return unforced.entrySet().stream().filter(e -> isSegment(e.getKey())).mapToLong(e -> e.getValue().get()).sum();
    }

    private static boolean isSegment(Path path) {
        return path.getFileName().toString().endsWith(".log");
    }

    /** Called by a channel after {@code bytes} were written to {@code path}. */
    void wrote(Path path, int bytes) {
        unforced.computeIfAbsent(path.toAbsolutePath().normalize(), p -> new AtomicLong()).addAndGet(bytes);
    }

    /** Called by a channel after a successful force of {@code path}. */
    void forced(Path path) {
        Path key = path.toAbsolutePath().normalize();
        AtomicLong dirty = unforced.get(key);
        if (dirty != null) {
            dirty.set(0);
        }
        forces.computeIfAbsent(key, p -> new AtomicInteger()).incrementAndGet();
    }

    /** How many of {@code wanted} bytes may be written now; throws when none may. */
    int claim(Path path, int wanted) throws IOException {
        while (true) {
            long left = free.get();
            if (left == UNLIMITED || wanted == 0) {
                return wanted;
            }
            if (left == 0) {
                failedWrites.incrementAndGet();
                throw new IOException(NO_SPACE + ": " + path);
            }
            int granted = (int) Math.min(left, wanted);
            if (free.compareAndSet(left, left - granted)) {
                if (granted < wanted) {
                    shortWrites.incrementAndGet();
                }
                return granted;
            }
        }
    }

    void checkForce(Path path) throws IOException {
        CountDownLatch gate = fsyncGate;
        if (gate != null && path.getFileName().toString().endsWith(".log")) {
            heldFsyncs.release();
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("fsync of " + path + " interrupted while held");
            }
        }
        if (fsyncFails) {
            failedForces.incrementAndGet();
            throw new IOException(NO_SPACE + " (fsync): " + path);
        }
    }
}
