package io.agner.switchdemo.log.internal;

import io.agner.switchdemo.log.FileChannels;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The read channels of one log's segments, a bounded cache: at most {@code capacity} stay open
 * while idle, the least recently used closed first, so that thousands of small segments do not
 * use thousands of file descriptors. Readers {@link #acquire} a handle and {@link #release} it;
 * a handle evicted while in use is closed by its last release, so a read never sees its channel
 * closed under it (the number open can exceed the capacity by the reads in progress).
 *
 * <p>A reader's channel is never the writer's: an interrupted reader closes the channel it reads
 * through, and that one is then replaced on the next acquire. Thread-safe: every method holds
 * this object's monitor, also while opening a file (cheap next to reading it).
 */
final class ReadHandles {

    /** Idle read channels kept open per log. */
    static final int DEFAULT_CAPACITY = 64;

    /** One open channel and its readers; guarded by the cache's monitor. */
    static final class Handle {
        private final FileChannel channel;
        private int users;
        private boolean evicted;

        private Handle(FileChannel channel) {
            this.channel = channel;
        }

        FileChannel channel() {
            return channel;
        }
    }

    private final FileChannels files;
    private final int capacity;
    private final LinkedHashMap<Segment, Handle> idleOrder = new LinkedHashMap<>(16, 0.75f, true); // guarded by this

    ReadHandles(FileChannels files, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        }
        this.files = files;
        this.capacity = capacity;
    }

    /**
     * A handle on {@code segment}'s file, opened if none is cached; release it after the read.
     *
     * @throws ClosedChannelException when the segment is closed (or deleted by retention)
     */
    synchronized Handle acquire(Segment segment) throws IOException {
        if (segment.isClosed()) {
            throw new ClosedChannelException();
        }
        Handle h = idleOrder.get(segment);
        if (h != null && !h.channel.isOpen()) {          // closed by an interrupted reader
            idleOrder.remove(segment);
            h.evicted = true;
            h = null;
        }
        if (h == null) {
            h = new Handle(files.open(segment.logFile, StandardOpenOption.READ));
            idleOrder.put(segment, h);
            evictBeyondCapacity();
        }
        h.users++;
        return h;
    }

    synchronized void release(Handle h) {
        h.users--;
        if (h.users == 0 && h.evicted) {
            closeQuietly(h);
        }
    }

    /** Forgets {@code segment}'s handle (closing it now, or at its last release); for a segment being closed. */
    synchronized void evict(Segment segment) {
        Handle h = idleOrder.remove(segment);
        if (h != null) {
            retire(h);
        }
    }

    /** How many channels this cache holds open now. */
    synchronized int open() {
        return idleOrder.size();
    }

    private void evictBeyondCapacity() {
        Iterator<Map.Entry<Segment, Handle>> eldest = idleOrder.entrySet().iterator();
        while (idleOrder.size() > capacity && eldest.hasNext()) {
            Handle h = eldest.next().getValue();
            eldest.remove();
            retire(h);
        }
    }

    private static void retire(Handle h) {
        h.evicted = true;
        if (h.users == 0) {
            closeQuietly(h);
        }
    }

    private static void closeQuietly(Handle h) {
        try {
            h.channel.close();
        } catch (IOException ignored) {
            // a read-only channel: nothing is lost
        }
    }
}
