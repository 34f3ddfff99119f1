package io.agner.switchdemo.log.internal;

import io.agner.switchdemo.log.FileChannels;
import io.agner.switchdemo.log.LogException;
import io.agner.switchdemo.log.TopicPartition;
import io.agner.switchdemo.log.Topics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * Consumer groups' committed offsets: one file per group, replaced atomically on every commit
 * (write, fsync, rename), ending with a CRC32C line so that damage is detected rather than read
 * as offsets. Thread-safe: every method is synchronized (commits are rare next to polls).
 */
final class OffsetStore {

    private final Path dir;
    private final FileChannels files;
    private final Map<String, Map<TopicPartition, Long>> groups = new HashMap<>();

    OffsetStore(Path dir, FileChannels files) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.files = files;
    }

    synchronized OptionalLong committed(String group, TopicPartition tp) {
        Long offset = load(group).get(tp);
        return offset == null ? OptionalLong.empty() : OptionalLong.of(offset);
    }

    synchronized void commit(String group, Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, Long> merged = new TreeMap<>(
                java.util.Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        merged.putAll(load(group));
        merged.putAll(offsets);
        StringBuilder text = new StringBuilder();
        merged.forEach((tp, off) -> text.append(tp.topic()).append(' ').append(tp.partition()).append(' ')
                .append(off).append('\n'));
        byte[] body = text.toString().getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("crc32c " + Long.toHexString(crc(body)) + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[body.length + tail.length];
        System.arraycopy(body, 0, all, 0, body.length);
        System.arraycopy(tail, 0, all, body.length, tail.length);
        try {
            AtomicFiles.write(files, file(group), all);
        } catch (IOException e) {
            groups.remove(group);   // the file says what stands: the old one, or the new one if only the folder fsync failed
            throw new LogException("could not commit offsets of group '" + group + "' to " + file(group) + ": " + e, e);
        }
        groups.put(group, new HashMap<>(merged));
    }

    private Map<TopicPartition, Long> load(String group) {
        Map<TopicPartition, Long> offsets = groups.get(group);
        if (offsets == null) {
            offsets = read(group);
            groups.put(group, offsets);
        }
        return offsets;
    }

    private Map<TopicPartition, Long> read(String group) {
        Path file = file(group);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        if (!Files.exists(file)) {
            return offsets;
        }
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int crcLine = text.lastIndexOf("crc32c ");
            if (crcLine < 0 || !text.endsWith("\n")) {
                throw damaged(file, "no crc32c line");
            }
            byte[] body = text.substring(0, crcLine).getBytes(StandardCharsets.UTF_8);
            long stored = Long.parseLong(text.substring(crcLine + 7).strip(), 16);
            if (stored != crc(body)) {
                throw damaged(file, "CRC32C mismatch");
            }
            for (String line : text.substring(0, crcLine).split("\n")) {
                if (line.isEmpty()) {
                    continue;
                }
                String[] f = line.split(" ");
                offsets.put(new TopicPartition(f[0], Integer.parseInt(f[1])), Long.parseLong(f[2]));
            }
            return offsets;
        } catch (IOException | RuntimeException e) {
            if (e instanceof LogException le) {
                throw le;
            }
            throw damaged(file, e.toString());
        }
    }

    private static LogException damaged(Path file, String why) {
        return new LogException("committed offsets in " + file + " are damaged (" + why
                + "); not guessing where the group stands: restore the file, or delete it to restart the group from its reset position");
    }

    private Path file(String group) {
        return dir.resolve(Topics.requireValidName(group));
    }

    private static long crc(byte[] body) {
        CRC32C c = new CRC32C();
        c.update(body);
        return c.getValue();
    }
}
