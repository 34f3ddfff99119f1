package io.agner.switchdemo.log.internal;

import io.agner.switchdemo.log.FileChannels;
import io.agner.switchdemo.log.LogConfig;
import io.agner.switchdemo.log.LogException;
import io.agner.switchdemo.log.RecoveryFinding;
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
    private final List<RecoveryFinding> findings = new ArrayList<>();

    PartitionRecovery(TopicPartition tp, Path dir, LogConfig config) {
        this.tp = tp;
        this.dir = dir;
        this.config = config;
    }

    /** What {@link #open} found and did; empty after a clean open or a clean scan. */
    List<RecoveryFinding> findings() {
        return List.copyOf(findings);
    }

    /** Returns the partition's segments in offset order, the last one active and ready to append. */
    List<Segment> open(boolean clean) throws IOException {
        Files.createDirectories(dir);
        List<Long> bases = segmentBases();
        if (bases.isEmpty()) {
            Segment first = Segment.create(dir, 0, config);
            writeRecoveryPoint(config.files(), dir, 0);
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

    /**
     * Scans from the segment holding the recovery point. Only the last segment can hold a torn
     * write (every earlier one was forced before its successor was created, whatever the policy),
     * so only the last one is cut; damage in an earlier one is left in place for readers to
     * report, and nothing after it is deleted, so no acknowledged record is lost and no offset is
     * handed out twice.
     */
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
        for (int i = firstScanned; i < segments.size(); i++) {
            Segment seg = segments.get(i);
            Segment.Scan scan = seg.scan(true, window);
            boolean last = i == segments.size() - 1;
            if (last) {
                if (scan.problem() != null) {
                    truncateTail(seg, scan);
                }
                break;
            }
            long nextBase = segments.get(i + 1).baseOffset;
            String problem = scan.problem() != null ? scan.problem()
                    : scan.nextOffset() != nextBase ? "it ends at offset " + scan.nextOffset() + " but the next segment starts at "
                            + nextBase + " (offsets " + scan.nextOffset() + ".." + (nextBase - 1) + " are missing)"
                    : null;
            if (problem != null && scan.nextOffset() > nextBase) {
                throw new LogException(tp + ": segments overlap: " + seg.logFile + " holds offsets up to "
                        + (scan.nextOffset() - 1) + " but " + segments.get(i + 1).logFile + " starts at " + nextBase
                        + "; not guessing which holds the acknowledged records: remove the wrong one");
            }
            if (problem != null) {
                leaveForReaders(seg, scan, problem, nextBase);
            }
        }
        try {
            writeRecoveryPoint(config.files(), dir, segments.getLast().baseOffset);
        } catch (IOException e) {   // the old one stays, and is lower: a crash would only rescan more
            LOG.warn("{}: could not record recovery point {} ({}); a crash would rescan more", tp,
                    segments.getLast().baseOffset, e.toString());
        }
        return segments;
    }

    /** Cuts the last segment's torn tail (unacknowledged under {@code always}) and forces the cut. */
    private void truncateTail(Segment seg, Segment.Scan scan) throws IOException {
        long cut = Files.size(seg.logFile) - scan.validBytes();
        seg.truncateTo(scan.validBytes(), scan.nextOffset());
        seg.force();
        LOG.warn("{}: recovery truncated {} at byte {} (offset {}), cutting {} bytes: {}", tp,
                seg.logFile.getFileName(), scan.validBytes(), scan.nextOffset(), cut, scan.problem());
        findings.add(new RecoveryFinding(tp, RecoveryFinding.Action.TRUNCATED, seg.logFile, scan.validBytes(),
                scan.nextOffset(), "cut " + cut + " bytes: " + scan.problem()));
    }

    /** Keeps a damaged sealed segment whole, as if trusted: readers stop at the damage and report it. */
    private void leaveForReaders(Segment seg, Segment.Scan scan, String problem, long nextBase) throws IOException {
        LOG.error("{}: recovery found damage in sealed segment {} at byte {} (offset {}): {}; it is kept, later segments"
                        + " are kept, and readers will report it", tp, seg.logFile, scan.validBytes(), scan.nextOffset(), problem);
        findings.add(new RecoveryFinding(tp, RecoveryFinding.Action.LEFT_FOR_READERS, seg.logFile, scan.validBytes(),
                scan.nextOffset(), problem));
        seg.trust(nextBase, window);
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

    static void writeRecoveryPoint(FileChannels files, Path dir, long offset) throws IOException {
        AtomicFiles.write(files, dir.resolve(RECOVERY_POINT), (offset + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
