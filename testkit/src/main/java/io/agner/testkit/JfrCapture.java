package io.agner.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * Runs an action inside a JFR {@link Recording} with the given events enabled, then reads the
 * recording's file back: the events that were committed, in the file's order. For tests of the
 * JFR events agner emits.
 */
public final class JfrCapture {

    private JfrCapture() {}

    /** An action that may throw. */
    public interface Action {
        void run() throws Exception;
    }

    /** The events named {@code names} (all enabled for the recording) committed while {@code action} ran, in time order. */
    public static List<RecordedEvent> record(List<String> names, Action action) throws Exception {
        Path file = Files.createTempFile("agner-", ".jfr");
        try (Recording recording = new Recording()) {
            names.forEach(name -> recording.enable(name).withoutStackTrace());
            recording.start();
            action.run();
            recording.stop();
            recording.dump(file);
            // A recording holds each thread's events in its own buffers: put them back in time order.
            return RecordingFile.readAllEvents(file).stream()
                    .filter(e -> names.contains(e.getEventType().getName()))
                    .sorted(java.util.Comparator.comparing(RecordedEvent::getStartTime))
                    .toList();
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The events of one type. */
    public static List<RecordedEvent> named(List<RecordedEvent> events, String name) {
        return events.stream().filter(e -> e.getEventType().getName().equals(name)).toList();
    }
}
