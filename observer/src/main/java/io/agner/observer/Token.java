package io.agner.observer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The observer's secret: 32 random bytes from {@link SecureRandom}, as URL-safe base64 without
 * padding. Immutable and thread-safe. Compared in constant time, so a caller cannot guess it a
 * character at a time from response times.
 */
final class Token {

    private static final int BYTES = 32;

    private final String value;

    private Token(String value) {
        this.value = value;
    }

    static Token random() {
        byte[] bytes = new byte[BYTES];
        new SecureRandom().nextBytes(bytes);
        return new Token(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** Whether {@code candidate} is this token; false for null. Time depends on the lengths only. */
    boolean matches(String candidate) {
        if (candidate == null) {
            return false;
        }
        return MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
    }

    String value() {
        return value;
    }

    @Override
    public String toString() {
        return "Token[hidden]";
    }
}
