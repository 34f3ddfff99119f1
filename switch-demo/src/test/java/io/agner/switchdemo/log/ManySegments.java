package io.agner.switchdemo.log;

import io.agner.switchdemo.log.backend.EventLogs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The child JVM of {@link FileDescriptorTest}, run under a low descriptor limit: appends
 * {@code <segments>} records of one segment each into {@code <dir>}, reads them all back, then
 * reopens the log cleanly and after a crash (no clean-shutdown marker) and reads them all again.
 * Prints one line per stage ({@code appended}, {@code read <n>}, {@code reopened <n>},
 * {@code recovered <n>}), then {@code ok}; on any failure {@code error <exception>}, exit 3.
 */
public final class ManySegments {

    static final TopicPartition TP = new TopicPartition("many", 0);
    /** One 600-byte record per segment: two would pass the 1,024-byte segment size. */
    static final LogConfig CONFIG = LogConfig.DEFAULT.withSegmentBytes(1024).withFsync(FsyncPolicy.os());

    private ManySegments() {}

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        int segments = Integer.parseInt(args[1]);
        try {
            try (EventLog log = EventLogs.embedded(dir, CONFIG)) {
                log.createTopic(TP.topic(), 1);
                for (int i = 0; i < segments; i++) {
                    log.producer().append(Payloads.record(TP, key(i), 600));
                }
                System.out.println("appended");
                System.out.println("read " + readAll(log, segments));
            }
            try (EventLog log = EventLogs.embedded(dir, CONFIG)) {
                System.out.println("reopened " + readAll(log, segments));
            }
            Files.delete(dir.resolve(LogFiles.CLEAN_SHUTDOWN));
            try (EventLog log = EventLogs.embedded(dir, CONFIG)) {
                System.out.println("recovered " + readAll(log, segments));
            }
            System.out.println("ok");
        } catch (Throwable t) {
            System.out.println("error " + t);
            t.printStackTrace();
            System.exit(3);
        }
    }

    static String key(int i) {
        return "many-" + i;
    }

    /** Reads the partition from 0 with a fresh consumer, checking every record; returns how many. */
    private static int readAll(EventLog log, int expected) {
        try (LogConsumer consumer = log.consumer("reader", StartPosition.EARLIEST)) {
            consumer.assign(Set.of(TP));
            consumer.seek(TP, 0);
            int n = 0;
            while (n < expected) {
                List<ConsumerRecord> polled = consumer.poll(100, Logs.WAIT);
                if (polled.isEmpty()) {
                    throw new IllegalStateException("no record at offset " + n + " within " + Logs.WAIT);
                }
                for (ConsumerRecord r : polled) {
                    Logs.assertSame(Payloads.record(TP, key(n), 600), n, r);
                    n++;
                }
            }
            return n;
        }
    }
}
