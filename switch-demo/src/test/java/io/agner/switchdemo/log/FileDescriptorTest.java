package io.agner.switchdemo.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, item 7: a log of many small segments under a low file-descriptor limit. Sealed
 * segments must not keep their write channels, and read channels must stay bounded, or appends
 * (rolls), reopening and reading fail with "Too many open files".
 */
class FileDescriptorTest {

    /** Room for the JVM's own files (jars, sockets) and the log's few, not for one per segment. */
    private static final int DESCRIPTOR_LIMIT = 256;
    private static final int SEGMENTS = 1_500;

    @TempDir
    Path temp;

    @Test
    void thousandsOfSegments_underALowDescriptorLimit_appendReopenRecoverAndReadEverything() {
        List<String> lines;
        try (ChildJvm child = ChildJvm.startWithFileLimit(DESCRIPTOR_LIMIT, ManySegments.class, temp.resolve("stderr.txt"),
                temp.resolve("log").toString(), Integer.toString(SEGMENTS))) {
            lines = child.awaitExit().stream().filter(l -> l.matches("appended|(read|reopened|recovered) \\d+|ok|error .*")).toList();
            assertEquals(List.of("appended", "read " + SEGMENTS, "reopened " + SEGMENTS, "recovered " + SEGMENTS, "ok"), lines,
                    "the child's stages (exit " + child.exitValue() + "); stderr:\n" + tail(child.stderr()));
        }
        assertEquals(SEGMENTS, LogFiles.segments(temp.resolve("log"), ManySegments.TP).size(), "segments on disk");
    }

    private static String tail(String text) {
        return text.length() <= 4000 ? text : text.substring(text.length() - 4000);
    }
}
