package io.agner.switchdemo.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agner.switchdemo.log.backend.EventLogs;

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
    private static final int SEGMENTS = 1_000;
    /** What the log's read-handle cache keeps open while idle (its documented 64). */
    private static final int MAX_IDLE_READ_CHANNELS = 64;

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

    /** The same bound in process, counted: open channels stay near the read-handle cache's size, not one or two per segment. */
    @Test
    void hundredsOfSegments_keepTheOpenChannelsBounded() throws Exception {
        Path dir = temp.resolve("counted");
        PowerLossDisk disk = new PowerLossDisk(dir, Long.MAX_VALUE, new java.util.Random(0));   // counts channels; never fails
        try (EventLog log = EventLogs.embedded(dir, ManySegments.CONFIG.withFiles(disk))) {
            log.createTopic(ManySegments.TP.topic(), 1);
            for (int i = 0; i < 300; i++) {
                log.producer().append(Payloads.record(ManySegments.TP, ManySegments.key(i), 600));
            }
            assertTrue(disk.openChannels() <= 2, "open channels after 300 rolls: " + disk.openChannels());
            assertEquals(300, Logs.readAll(log, ManySegments.TP).size());
            assertTrue(disk.openChannels() <= MAX_IDLE_READ_CHANNELS + 2, "open channels after reading 300 segments: " + disk.openChannels());
        }
        assertEquals(0, disk.openChannels(), "open channels after close");
    }

    private static String tail(String text) {
        return text.length() <= 4000 ? text : text.substring(text.length() - 4000);
    }
}
