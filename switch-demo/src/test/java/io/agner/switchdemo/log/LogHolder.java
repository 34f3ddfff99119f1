package io.agner.switchdemo.log;

import io.agner.switchdemo.log.backend.EventLogs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A child JVM that holds a log open: opens {@code <dir>} with {@link RecoveryTest#CONFIG}, appends
 * {@link #records()}, prints {@code open}, and keeps the log open until its stdin ends (or it is killed).
 */
public final class LogHolder {

    private LogHolder() {}

    static List<ProducerRecord> records() {
        return IntStream.range(0, 3).mapToObj(i -> Payloads.record(RecoveryTest.TP, "held-" + i)).toList();
    }

    public static void main(String[] args) throws IOException {
        try (EventLog log = EventLogs.embedded(Path.of(args[0]), RecoveryTest.CONFIG)) {
            log.createTopic(RecoveryTest.TP.topic(), 1);
            records().forEach(log.producer()::append);
            System.out.println("open");
            System.out.flush();
            while (System.in.read() != -1) {
                // held until the parent closes our stdin
            }
        }
    }
}
