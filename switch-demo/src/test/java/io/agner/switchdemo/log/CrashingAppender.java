package io.agner.switchdemo.log;

import io.agner.switchdemo.log.backend.EventLogs;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The child JVM of {@link CrashSafetyTest}: appends until it is killed, and prints each
 * acknowledgement the moment it has it. Run as
 * {@code CrashingAppender <dir> <round> <threads>}.
 *
 * <p>Thread {@code t} appends {@code r<round>-t<t>-<seq>} for seq 0, 1, 2, ... to partition
 * {@code t % PARTITIONS}, synchronously, so it has at most one append in flight; the values come
 * from {@link Payloads}. It prints, each as one write of a whole line:
 * {@snippet lang=text :
 * opening                                  before EventLogs.embedded (recovery runs inside it)
 * open                                     the log is open and the topic exists
 * ack <thread> <seq> <partition> <offset>  after the append of that record returned
 * error <exception>                        an append or the open failed; the JVM then exits with 3
 * }
 */
public final class CrashingAppender {

    static final String TOPIC = "crash";
    static final int PARTITIONS = 2;
    static final LogConfig CONFIG = LogConfig.DEFAULT.withSegmentBytes(64 << 10).withIndexIntervalBytes(1024);

    private static final OutputStream OUT = System.out;

    private CrashingAppender() {}

    static String key(int round, int thread, long seq) {
        return "r" + round + "-t" + thread + "-" + seq;
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        int round = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        try {
            print("opening");
            EventLog log = EventLogs.embedded(dir, CONFIG);
            log.createTopic(TOPIC, PARTITIONS);
            print("open");
            Producer producer = log.producer();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Thread.ofPlatform().name("appender-" + t).start(() -> appendForever(producer, round, thread));
            }
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    private static void appendForever(Producer producer, int round, int thread) {
        TopicPartition tp = new TopicPartition(TOPIC, thread % PARTITIONS);
        try {
            for (long seq = 0; ; seq++) {
                RecordMetadata md = producer.append(Payloads.record(tp, key(round, thread, seq)));
                print("ack " + thread + " " + seq + " " + md.topicPartition().partition() + " " + md.offset());
            }
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    private static void fail(RuntimeException e) {
        e.printStackTrace();
        print("error " + e);
        Runtime.getRuntime().halt(3);
    }

    /** One write per line, so a kill leaves at most the last line torn (the reader drops it). */
    private static void print(String line) {
        byte[] bytes = (line.replace('\n', ' ') + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (OUT) {
            try {
                OUT.write(bytes);
                OUT.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
