package io.agner.switchdemo.log.internal;

import io.agner.switchdemo.log.EventLog;
import io.agner.switchdemo.log.LogConfig;
import io.agner.switchdemo.log.LogConsumer;
import io.agner.switchdemo.log.LogException;
import io.agner.switchdemo.log.Producer;
import io.agner.switchdemo.log.ProducerRecord;
import io.agner.switchdemo.log.RecordMetadata;
import io.agner.switchdemo.log.RecoveryFinding;
import io.agner.switchdemo.log.StartPosition;
import io.agner.switchdemo.log.TopicPartition;
import io.agner.switchdemo.log.Topics;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The embedded single-node log; see the package documentation of {@code io.agner.switchdemo.log}.
 * Thread-safe: topics are created under the instance lock; partitions handle their own
 * concurrency.
 */
public final class EmbeddedLog implements EventLog, Producer {

    static final String LOCK = ".lock";
    static final String CLEAN_SHUTDOWN = "clean-shutdown";
    static final String TOPICS = "topics";

    private final Path dir;
    private final LogConfig config;
    private final boolean openedClean;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final OffsetStore offsets;
    private final ReadHandles readHandles;
    private final Map<String, PartitionLog[]> topics = new ConcurrentHashMap<>();
    private boolean closed;

    private EmbeddedLog(Path dir, LogConfig config, FileChannel lockChannel, FileLock lock) throws IOException {
        this.dir = dir;
        this.config = config;
        this.lockChannel = lockChannel;
        this.lock = lock;
        Path marker = dir.resolve(CLEAN_SHUTDOWN);
        this.openedClean = Files.exists(marker);
        this.readHandles = new ReadHandles(config.files(), ReadHandles.DEFAULT_CAPACITY);
        this.offsets = new OffsetStore(dir.resolve("consumer-offsets"), config.files());
        try {
            for (Map.Entry<String, Integer> t : readTopics().entrySet()) {
                openTopic(t.getKey(), t.getValue(), openedClean);
            }
        } catch (IOException | RuntimeException e) {
            topics.values().forEach(parts -> { for (PartitionLog p : parts) { if (p != null) { p.close(); } } });
            throw e;
        }
        Files.deleteIfExists(marker);                    // from now on, a crash is an unclean stop
        AtomicFiles.fsyncDirectory(config.files(), dir);
    }

    public static EventLog open(Path dir, LogConfig config) {
        FileChannel lockChannel = null;
        try {
            Files.createDirectories(dir);
            lockChannel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new LogException("the log in " + dir + " is already open (its " + LOCK
                        + " is locked by this or another process); close that one first");
            }
            return new EmbeddedLog(dir, config, lockChannel, lock);
        } catch (IOException | RuntimeException e) {
            closeQuietly(lockChannel);
            if (e instanceof LogException le) {
                throw le;
            }
            throw new LogException("could not open the log in " + dir + ": " + e, e);
        }
    }

    /**
     * What this open's recovery found and did, partition by partition (empty after a clean open
     * or when nothing was wrong). Each finding was also logged.
     */
    public List<RecoveryFinding> recoveryFindings() {
        List<RecoveryFinding> all = new ArrayList<>();
        for (PartitionLog[] parts : topics.values()) {
            for (PartitionLog p : parts) {
                all.addAll(p.recoveryFindings());
            }
        }
        return List.copyOf(all);
    }

    /** Whether this open found the clean-shutdown marker (and so skipped the recovery scan). */
    public boolean openedClean() {
        return openedClean;
    }

    @Override
    public synchronized void createTopic(String topic, int partitions) {
        Topics.requireValidName(topic);
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, was " + partitions);
        }
        checkOpen();
        PartitionLog[] existing = topics.get(topic);
        if (existing != null) {
            if (existing.length != partitions) {
                throw new LogException("topic '" + topic + "' exists with " + existing.length + " partitions, not " + partitions);
            }
            return;
        }
        try {
            openTopic(topic, partitions, false);
            Map<String, Integer> all = new TreeMap<>();            // sorted: the same file for the same topics
            topics.forEach((name, parts) -> all.put(name, parts.length));
            writeTopics(all);
        } catch (IOException | RuntimeException e) {
            // Not listed in the topics file, so not a topic: take it back, so that a retry writes the
            // file again and a reopen does not find partitions with records the file does not list.
            PartitionLog[] opened = topics.remove(topic);
            if (opened != null) {
                for (PartitionLog p : opened) {
                    p.close();
                }
            }
            throw new LogException("could not create topic '" + topic + "' in " + dir + ": " + e, e);
        }
    }

    /** Opens every partition of a topic and lists it, or, if one fails, closes those it opened. */
    private void openTopic(String topic, int partitions, boolean clean) throws IOException {
        PartitionLog[] parts = new PartitionLog[partitions];
        try {
            for (int p = 0; p < partitions; p++) {
                TopicPartition tp = new TopicPartition(topic, p);
                parts[p] = PartitionLog.open(tp, dir.resolve(tp.toString()), config, clean, readHandles);
            }
        } catch (IOException | RuntimeException e) {
            for (PartitionLog opened : parts) {
                if (opened != null) {
                    opened.close();
                }
            }
            throw e;
        }
        topics.put(topic, parts);
    }

    private Map<String, Integer> readTopics() throws IOException {
        Map<String, Integer> result = new LinkedHashMap<>();
        Path file = dir.resolve(TOPICS);
        if (!Files.exists(file)) {
            checkEveryPartitionWithRecordsIsListed(result, file);
            return result;
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (!text.endsWith("\n")) {         // written whole (write, fsync, rename) and never empty: it was cut
            throw new LogException(file + " is truncated (" + (text.isEmpty() ? "empty" : "no final newline after '"
                    + text.substring(text.lastIndexOf('\n') + 1) + "'") + "), so the topics and their partition counts"
                    + " are unknown; restore it (one 'topic partitions' line per <topic>-<p> folder)");
        }
        for (String line : text.split("\n")) {
            String[] f = line.strip().split(" ");
            if (line.isBlank()) {
                continue;
            }
            try {
                result.put(Topics.requireValidName(f[0]), Integer.parseInt(f[1]));
            } catch (RuntimeException e) {
                throw new LogException(file + " has a bad line '" + line + "' (expected 'topic partitions')");
            }
        }
        checkEveryPartitionWithRecordsIsListed(result, file);
        return result;
    }

    /**
     * A {@code <topic>-<p>} folder holding records that the topics file does not cover means the
     * file lost lines (cut at a line end, or deleted): opening without them would hide those
     * partitions, and a later {@code createTopic} could give them another partition count. An
     * empty such folder is what a crash inside {@code createTopic} leaves, and is ignored.
     */
    private void checkEveryPartitionWithRecordsIsListed(Map<String, Integer> listed, Path file) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path folder : (Iterable<Path>) entries::iterator) {
                String name = folder.getFileName().toString();
                int dash = name.lastIndexOf('-');
                if (dash <= 0 || !Files.isDirectory(folder) || !name.substring(dash + 1).matches("[0-9]{1,9}")) {
                    continue;
                }
                String topic = name.substring(0, dash);
                int partition = Integer.parseInt(name.substring(dash + 1));
                Integer count = listed.get(topic);
                if ((count == null || partition >= count) && holdsRecords(folder)) {
                    throw new LogException(folder + " holds records, but " + file + (count == null ? " has no topic '" + topic + "'"
                            : " gives topic '" + topic + "' only " + count + " partitions") + "; the file looks truncated:"
                            + " restore it (one 'topic partitions' line per topic)");
                }
            }
        }
    }

    private static boolean holdsRecords(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (f.getFileName().toString().endsWith(".log") && Files.size(f) > 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private void writeTopics(Map<String, Integer> all) throws IOException {
        StringBuilder text = new StringBuilder();
        all.forEach((name, n) -> text.append(name).append(' ').append(n).append('\n'));
        AtomicFiles.write(config.files(), dir.resolve(TOPICS), text.toString().getBytes(StandardCharsets.UTF_8));
    }

    PartitionLog partition(TopicPartition tp) {
        PartitionLog[] parts = topics.get(tp.topic());
        if (parts == null) {
            throw new LogException("no topic '" + tp.topic() + "' in " + dir);
        }
        if (tp.partition() >= parts.length) {
            throw new LogException("no partition " + tp + ": topic '" + tp.topic() + "' has " + parts.length);
        }
        return parts[tp.partition()];
    }

    @Override
    public int partitions(String topic) {
        PartitionLog[] parts = topics.get(topic);
        if (parts == null) {
            throw new LogException("no topic '" + topic + "' in " + dir);
        }
        return parts.length;
    }

    @Override
    public long beginningOffset(TopicPartition tp) {
        return partition(tp).startOffset();
    }

    @Override
    public long endOffset(TopicPartition tp) {
        return partition(tp).endOffset();
    }

    @Override
    public Producer producer() {
        return this;
    }

    @Override
    public LogConsumer consumer(String group, StartPosition reset) {
        try {
            Topics.requireValidName(group);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("group " + e.getMessage().substring("topic ".length()), e);
        }
        checkOpen();
        return new EmbeddedConsumer(this, group, reset);
    }

    /** Waits until the records of {@code tp} below {@code offset} are forced to disk; nothing for an unknown partition. */
    void awaitDurable(TopicPartition tp, long offset) {
        PartitionLog[] parts = topics.get(tp.topic());
        if (parts != null && tp.partition() < parts.length) {
            parts[tp.partition()].awaitDurable(offset);
        }
    }

    OffsetStore offsets() {
        return offsets;
    }

    // ---- Producer ----

    @Override
    public RecordMetadata append(ProducerRecord record) {
        try {
            return appendAsync(record).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof LogException le) {
                throw new LogException(le.getMessage(), le);
            }
            throw e;
        }
    }

    @Override
    public CompletableFuture<RecordMetadata> appendAsync(ProducerRecord record) {
        int partitions = partitions(record.topic());
        int p = record.partition();
        if (p == ProducerRecord.ANY_PARTITION) {
            p = record.key() == null ? 0 : Math.floorMod(Arrays.hashCode(record.key()), partitions);
        }
        long timestamp = record.timestamp() == ProducerRecord.NOW ? config.clock().millis() : record.timestamp();
        return partition(new TopicPartition(record.topic(), p)).append(record, timestamp);
    }

    // ---- lifecycle ----

    private synchronized void checkOpen() {
        if (closed) {
            throw new LogException("the log in " + dir + " is closed");
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        boolean clean = true;
        for (PartitionLog[] parts : topics.values()) {
            for (PartitionLog p : parts) {
                clean &= p.close();
            }
        }
        try {
            if (clean) {
                AtomicFiles.writeCache(config.files(), dir.resolve(CLEAN_SHUTDOWN), "clean\n".getBytes(StandardCharsets.UTF_8));
                AtomicFiles.fsyncDirectory(config.files(), dir);
            }
        } catch (IOException e) {
            throw new LogException("could not mark " + dir + " as cleanly closed; the next open will recover: " + e, e);
        } finally {
            try {
                lock.release();
            } catch (IOException ignored) {
                // closing the channel releases it too
            }
            closeQuietly(lockChannel);
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing to save
            }
        }
    }
}
