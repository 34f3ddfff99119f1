package io.agner.runtime.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A process's links, or the monitors on it: key to peer. Most processes have one to four (a line:
 * its supervisor and its call; the exchange's and the code server's monitors), a supervisor or an
 * exchange has thousands. Up to {@value #SMALL} entries are kept in one array scanned in order (no
 * node per entry, no table, no views: well under half the bytes of a {@code HashMap} of two, and one
 * object to touch instead of four); beyond that, a {@code HashMap}. Keys are compared with
 * {@code equals}; null keys and values are not allowed.
 *
 * <p>Not thread-safe: guarded by the lock of the {@link Proc} that owns it.
 */
final class Peers<K, V> {

    static final int SMALL = 4;

    private Object[] pairs = new Object[4];   // k0, v0, k1, v1, ... while small; null once big
    private int size;                         // while small
    private Map<K, V> big;

    /** Associates {@code value} with {@code key}; returns the previous value, or null. */
    V put(K key, V value) {
        if (big != null) {
            return big.put(key, value);
        }
        int i = indexOf(key);
        if (i >= 0) {
            V old = valueAt(i);
            pairs[i + 1] = value;
            return old;
        }
        if (size == SMALL) {
            Map<K, V> map = new HashMap<>(4 * SMALL);
            forEach(map::put);                    // while still small: forEach reads the array
            big = map;
            pairs = null;
            return big.put(key, value);
        }
        if (2 * size == pairs.length) {
            pairs = Arrays.copyOf(pairs, 2 * SMALL);
        }
        pairs[2 * size] = key;
        pairs[2 * size + 1] = value;
        size++;
        return null;
    }

    /** Removes {@code key}'s entry; returns its value, or null if there was none. */
    V remove(Object key) {
        if (big != null) {
            return big.remove(key);
        }
        int i = indexOf(key);
        if (i < 0) {
            return null;
        }
        V old = valueAt(i);
        int last = 2 * (size - 1);
        pairs[i] = pairs[last];                   // the last entry fills the gap: order is not kept
        pairs[i + 1] = pairs[last + 1];
        pairs[last] = null;
        pairs[last + 1] = null;
        size--;
        return old;
    }

    V get(Object key) {
        if (big != null) {
            return big.get(key);
        }
        int i = indexOf(key);
        return i < 0 ? null : valueAt(i);
    }

    boolean isEmpty() {
        return big != null ? big.isEmpty() : size == 0;
    }

    int size() {
        return big != null ? big.size() : size;
    }

    @SuppressWarnings("unchecked")
    void forEach(BiConsumer<? super K, ? super V> action) {
        if (big != null) {
            big.forEach(action);
            return;
        }
        for (int i = 0; i < 2 * size; i += 2) {
            action.accept((K) pairs[i], (V) pairs[i + 1]);
        }
    }

    /** The values now, in no particular order. */
    List<V> values() {
        List<V> out = new ArrayList<>(size());
        forEach((k, v) -> out.add(v));
        return out;
    }

    private int indexOf(Object key) {
        for (int i = 0; i < 2 * size; i += 2) {
            Object k = pairs[i];
            if (k == key || k.equals(key)) {
                return i;
            }
        }
        return -1;
    }

    @SuppressWarnings("unchecked")
    private V valueAt(int i) {
        return (V) pairs[i + 1];
    }
}
