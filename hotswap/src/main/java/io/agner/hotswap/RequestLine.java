package io.agner.hotswap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads one control request: the bytes up to a newline, at most {@link #MAX_BYTES}, as UTF-8. A
 * longer request is refused without being kept or echoed. Stateless; any thread.
 */
final class RequestLine {

    /** The longest request accepted (a jar path and a command fit many times over). */
    static final int MAX_BYTES = 64 * 1024;

    /** A request longer than {@link #MAX_BYTES}. */
    static final class TooLong extends IOException {
        private static final long serialVersionUID = 1L;

        TooLong() {
            super("request longer than " + String.format("%,d", MAX_BYTES) + " bytes");
        }
    }

    private RequestLine() {}

    /**
     * The request, without its newline; null if the stream ended before any byte.
     *
     * @throws TooLong if no newline came within {@link #MAX_BYTES} bytes
     */
    static String read(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        for (int b = in.read(); b != -1; b = in.read()) {
            if (b == '\n') {
                return line.toString(StandardCharsets.UTF_8);
            }
            if (line.size() == MAX_BYTES) {
                throw new TooLong();
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
    }
}
