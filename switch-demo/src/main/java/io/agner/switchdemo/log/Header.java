package io.agner.switchdemo.log;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/** A record header: a string key and an opaque value, as in Kafka. The value array is not copied. */
public record Header(String key, byte[] value) {

    public Header {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    public static Header of(String key, String value) {
        return new Header(key, value.getBytes(StandardCharsets.UTF_8));
    }

    /** The value decoded as UTF-8. */
    public String valueAsString() {
        return new String(value, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Header(String k, byte[] v) && key.equals(k) && Arrays.equals(value, v);
    }

    @Override
    public int hashCode() {
        return 31 * key.hashCode() + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return key + "=" + valueAsString();
    }
}
