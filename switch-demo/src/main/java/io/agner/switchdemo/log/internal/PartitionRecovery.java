package io.agner.switchdemo.log.internal;

import io.agner.switchdemo.log.LogConfig;
import io.agner.switchdemo.log.LogException;
import io.agner.switchdemo.log.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Opens a partition's segments as the package doc's "Recovery" section describes. Runs once, on
 * the opening thread, before the partition's writer starts.
 */
final class PartitionRecovery {

    private static final Logger LOG = LoggerFactory.getLogger("io.agner.switchdemo.log");
    static final String RECOVERY_POINT = "recovery-point";

    private final TopicPartition tp;
    private final Path dir;
    private final LogConfig config;
    private final FileWindow window = new FileWindow();

    PartitionRecovery(TopicPartition tp, Path dir, LogConfig config) {
        this.tp = tp;
        this.dir = dir;
        this.config = config;
    }

    /** Returns the partition's segments in offset order, the last one active and ready to append. */
    List<Segment> open(boolean clean) throws IOException {
        Files.createDirectories(dir);
        List<Long> bases = segmentBases();
        if (bases.isEmpty()) {
            Segment first = Segment.create(dir, 0, config);
            writeRecoveryPoint(dir, 0);
            return new ArrayList<>(List.of(first));
        }
        List<Segment> segments = new ArrayList<>();
        for (long base : bases) {
            segments.add(Segment.open(dir, base, config));
        }
        long recoveryPoint = readRecoveryPoint();
        if (clean) {
            for (int i = 0; i < segments.size() - 1; i++) {
                segments.get(i).trust(segments.get(i + 1).baseOffset, window);
            }
            Segment last = segments.getLast();
            Segment.Scan scan = last.scan(false, window);
            if (scan.problem() == null && scan.nextOffset() == recoveryPoint) {
                return segments;
            }
            LOG.warn("{}: clean-shutdown marker present, but {}; recovering as after a crash", tp,
                    scan.problem() != null ? last.logFile.getFileName() + " has " + scan.problem()
                            : "it ends at offset " + scan.nextOffset() + ", not at the recorded " + recoveryPoint);
        }
        return recover(segments, recoveryPoint);
    }

    private List<Segment> recover(List<Segment> segments, long recoveryPoint) throws IOException {
        int firstScanned = 0;
        for (int i = 0; i < segments.size(); i++) {
            if (segments.get(i).baseOffset <= recoveryPoint) {
                firstScanned = i;
            }
        }
        for (int i = 0; i < firstScanned; i++) {
            segments.get(i).trust(segments.get(i + 1).baseOffset, window);
        }
        long expected = segments.get(firstScanned).baseOffset;
        for (int i = firstScanned; i < segments.size(); i++) {
            Segment seg = segments.get(i);
            String problem;
            if (seg.baseOffset != expected) {
                problem = "it starts at offset " + seg.baseOffset + " where " + expected + " was expected";
                dropFrom(segments, i, problem);
                break;
            }
            Segment.Scan scan = seg.scan(true, window);
            if (scan.problem() != null) {
                long cut = Files.size(seg.logFile) - scan.validBytes();
                seg.truncateTo(scan.validBytes(), scan.nextOffset());
                seg.force();
                LOG.warn("{}: recovery truncated {} at byte {} (offset {}), cutting {} bytes: {}", tp,
                        seg.logFile.getFileName(), scan.validBytes(), scan.nextOffset(), cut, scan.problem());
                dropFrom(segments, i + 1, "they follow a truncated segment");
                break;
            }
            expected = scan.nextOffset();
        }
        if (segments.isEmpty()) {
            throw new LogException(tp + ": recovery left no segment in " + dir);
        }
        writeRecoveryPoint(dir, segments.getLast().baseOffset);
        return segments;
    }

    private void dropFrom(List<Segment> segments, int from, String why) throws IOException {
        while (segments.size() > from) {
            Segment dropped = segments.removeLast();
            LOG.warn("{}: recovery deleted segment {}: {}", tp, dropped.logFile.getFileName(), why);
            dropped.delete();
        }
        AtomicFiles.fsyncDirectory(dir);
    }

    private List<Long> segmentBases() throws IOException {
        List<Long> bases = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (name.endsWith(".tmp")) {
                    Files.delete(f);
                } else if (name.endsWith(Segment.LOG_SUFFIX)) {
                    String digits = name.substring(0, name.length() - Segment.LOG_SUFFIX.length());
                    if (digits.length() != 20 || !digits.chars().allMatch(Character::isDigit)) {
                        throw new LogException(tp + ": " + f + " is not a segment name (20 digits + .log); remove or rename it");
                    }
                    bases.add(Long.parseLong(digits));
                }
            }
        }
        bases.sort(null);
        return bases;
    }

    private long readRecoveryPoint() {
        Path file = dir.resolve(RECOVERY_POINT);
        try {
            return Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).strip());
        } catch (IOException | NumberFormatException e) {
            LOG.warn("{}: no readable {} ({}); scanning every segment", tp, file, e.toString());
            return 0;
        }
    }

    static void writeRecoveryPoint(Path dir, long offset) throws IOException {
        AtomicFiles.write(dir.resolve(RECOVERY_POINT), (offset + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
