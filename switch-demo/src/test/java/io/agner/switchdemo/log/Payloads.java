package io.agner.switchdemo.log;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Record contents derived from the key alone, so a test (or a child JVM) can tell from a record
 * read back whether every byte of it is what was appended. Stateless; any thread.
 */
final class Payloads {

    /** About one record in twelve is larger than a 4 KiB page, so batches straddle pages. */
    private static final int LARGE_ONE_IN = 12;

    private Payloads() {}

    static byte[] key(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    /** The value for {@code key}: 16..400 bytes, or 4097..9000 bytes for about one key in twelve. */
    static byte[] value(String key) {
        SplittableRandom random = new SplittableRandom(key.hashCode() * 0x9E3779B97F4A7C15L);
        int size = random.nextInt(LARGE_ONE_IN) == 0 ? random.nextInt(4097, 9001) : random.nextInt(16, 401);
        return value(key, size);
    }

    /** A value of exactly {@code size} bytes for {@code key}. */
    static byte[] value(String key, int size) {
        SplittableRandom random = new SplittableRandom(key.hashCode() ^ 0x5DEECE66DL);
        byte[] value = new byte[size];
        random.nextBytes(value);
        return value;
    }

    static List<Header> headers(String key) {
        return List.of(Header.of("key-length", Integer.toString(key.length())));
    }

    /** The record for {@code key} with its derived value and headers, for partition {@code tp}. */
    static ProducerRecord record(TopicPartition tp, String key) {
        return ProducerRecord.of(tp, key(key), value(key)).withHeaders(headers(key));
    }

    /** The record for {@code key} with a value of exactly {@code size} bytes. */
    static ProducerRecord record(TopicPartition tp, String key, int size) {
        return ProducerRecord.of(tp, key(key), value(key, size)).withHeaders(headers(key));
    }

    /** A key as a string, for messages; {@code "<null>"} for a null key. */
    static String keyOf(byte[] key) {
        return key == null ? "<null>" : new String(key, StandardCharsets.UTF_8);
    }
}
