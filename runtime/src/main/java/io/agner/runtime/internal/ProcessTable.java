package io.agner.runtime.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The node's live processes, indexed by pid id. Any thread may add, remove, look up and iterate.
 *
 * <p>Design: ids are dense and increasing, so the table is a map of fixed-size chunks of slots
 * (chunk = id >> {@value #SHIFT}); adding and removing a process is a volatile store in its slot
 * and an increment of its chunk's {@code settled} count — no hashing per process and no shared
 * size counter (a {@code ConcurrentHashMap} of a million processes costs ~40 bytes each and
 * contends on its size). Every id of a chunk settles twice (added, then removed; or
 * {@link #abandon abandoned}); the increment that settles the last one drops the chunk, and no
 * operation can touch it after that.
 *
 * <p>Iteration is weakly consistent: it sees every process added before it started and not yet
 * removed, and may or may not see concurrent changes.
 */
final class ProcessTable implements Iterable<Proc> {

    private static final int SHIFT = 12;
    private static final int SIZE = 1 << SHIFT;
    private static final int MASK = SIZE - 1;

    private static final class Chunk {
        final AtomicReferenceArray<Proc> slots = new AtomicReferenceArray<>(SIZE);
        final AtomicInteger settled = new AtomicInteger();
    }

    private final ConcurrentHashMap<Long, Chunk> chunks = new ConcurrentHashMap<>();

    void add(Proc p) {
        chunkOf(p.id()).slots.set(slot(p.id()), p);
        settle(p.id());
    }

    void remove(Proc p) {
        Chunk c = chunks.get(p.id() >>> SHIFT);
        c.slots.set(slot(p.id()), null);
        settle(p.id());
    }

    /** An id that never belongs to a running process (the node's system pid). */
    void abandon(long id) {
        chunkOf(id);
        settle(id);
        settle(id);
    }

    Proc get(long id) {
        Chunk c = chunks.get(id >>> SHIFT);
        return c == null ? null : c.slots.get(slot(id));
    }

    boolean isEmpty() {
        for (Chunk c : chunks.values()) {
            for (int i = 0; i < SIZE; i++) {
                if (c.slots.get(i) != null) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The processes now, in no particular order. */
    List<Proc> snapshot() {
        List<Proc> all = new ArrayList<>();
        for (Chunk c : chunks.values()) {
            for (int i = 0; i < SIZE; i++) {
                Proc p = c.slots.get(i);
                if (p != null) {
                    all.add(p);
                }
            }
        }
        return all;
    }

    /** Chunks still held: those with an id not yet settled twice. */
    int chunkCount() {
        return chunks.size();
    }

    @Override
    public Iterator<Proc> iterator() {
        return snapshot().iterator();
    }

    private Chunk chunkOf(long id) {
        return chunks.computeIfAbsent(id >>> SHIFT, k -> new Chunk());
    }

    private void settle(long id) {
        long key = id >>> SHIFT;
        Chunk c = chunks.get(key);
        if (c.settled.incrementAndGet() == 2 * SIZE) {
            chunks.remove(key, c); // every id of the chunk was added and removed: nothing can touch it again
        }
    }

    private static int slot(long id) {
        return (int) (id & MASK);
    }
}
