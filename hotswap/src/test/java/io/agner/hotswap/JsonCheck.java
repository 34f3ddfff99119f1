package io.agner.hotswap;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Runs JSON through a strict parser outside this code: Python's {@code json} module (python3 is
 * on the build machine; a test is skipped, not failed, where it is not). Test-thread only.
 */
public final class JsonCheck {

    private JsonCheck() {}

    /** Whether python3 runs here. */
    public static boolean pythonAvailable() {
        try {
            Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Parses {@code json} with Python and runs {@code expression} on it ({@code v} is the value);
     * returns what the expression prints (UTF-8), or throws with Python's error.
     */
    public static String python(String json, String expression) throws IOException, InterruptedException {
        assumeTrue(pythonAvailable(), "python3 is not installed");
        Path file = Files.createTempFile("agner-json-", ".json");
        try {
            Files.writeString(file, json, StandardCharsets.UTF_8);
            Process p = new ProcessBuilder("python3", "-c",
                    "import json,sys\nv=json.load(open(sys.argv[1],encoding='utf-8'))\nsys.stdout.buffer.write(str(" + expression + ").encode('utf-8'))",
                    file.toString()).start();
            byte[] out = p.getInputStream().readAllBytes();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("python3 rejected the JSON: " + err + "\n" + json);
            }
            return new String(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
