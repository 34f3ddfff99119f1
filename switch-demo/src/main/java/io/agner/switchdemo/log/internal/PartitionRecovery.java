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
    private final ReadHandles handles;
    private final FileWindow window = new FileWindow();
    private final List<RecoveryFinding> findings = new ArrayList<>();

    PartitionRecovery(TopicPartition tp, Path dir, LogConfig config, ReadHandles handles) {
        this.tp = tp;
        this.handles = handles;
        this.dir = dir;
        this.config = config;
    }

    /** What {@link #open} found and did; empty after a clean open or a clean scan. */
    List<RecoveryFinding> findings() {
        return List.copyOf(findings);
    }

    /**
     * Returns the partition's segments in offset order, the last one active and ready to append.
     * Segments are opened one at a time and every sealed one's write channel is closed before the
     * next is opened, so an open holds one descriptor per partition, however many segments it has.
     */
    List<Segment> open(boolean clean) throws IOException {
        Files.createDirectories(dir);
        List<Long> bases = segmentBases();
        if (bases.isEmpty()) {
            Segment first = Segment.create(dir, 0, config, handles);
            writeRecoveryPoint(config.files(), dir, 0);
            return new ArrayList<>(List.of(first));
        }
        long recoveryPoint = readRecoveryPoint();
        if (clean) {
            Segment last = Segment.open(dir, bases.getLast(), config, handles);
            Segment.Scan scan = last.scan(false, window);
            if (scan.problem() == null && scan.nextOffset() == recoveryPoint) {
                List<Segment> segments = new ArrayList<>();
                try {
                    for (int i = 0; i < bases.size() - 1; i++) {
                        segments.add(trusted(bases.get(i), bases.get(i + 1)));
                    }
                } catch (IOException | RuntimeException e) {
                    closeAll(segments, e);
                    last.close();
                    throw e;
                }
                segments.add(last);
                return segments;
            }
            LOG.warn("{}: clean-shutdown marker present, but {}; recovering as after a crash", tp,
                    scan.problem() != null ? last.logFile.getFileName() + " has " + scan.problem()
                            : "it ends at offset " + scan.nextOffset() + ", not at the recorded " + recoveryPoint);
            last.close();
        }
        List<Segment> segments = new ArrayList<>();
        try {
            recover(bases, recoveryPoint, segments);
        } catch (IOException | RuntimeException e) {
            closeAll(segments, e);
            throw e;
        }
        return segments;
    }

    /** A sealed segment below the recovery point, trusted, its write channel closed. */
    private Segment trusted(long base, long nextBase) throws IOException {
        Segment seg = Segment.open(dir, base, config, handles);
        try {
            seg.trust(nextBase, window);
            seg.closeWriter();
        } catch (IOException | RuntimeException e) {
            seg.close();
            throw e;
        }
        return seg;
    }

    private static void closeAll(List<Segment> segments, Exception cause) {
        for (Segment s : segments) {
            try {
                s.close();
            } catch (IOException suppressed) {
                cause.addSuppressed(suppressed);
            }
        }
    }

    /**
     * Scans from the segment holding the recovery point, into {@code segments}. Damage that a
     * valid batch follows, in any segment, is never a torn write: it is kept for readers to report
     * and step over, with everything after it. Only the last segment's tail can be torn, and only
     * past the recovery point (everything below it was forced): damage there with nothing valid
     * after it is cut. Damage in a sealed segment's tail, or below the recovery point, is kept
     * too. So no acknowledged record is lost and no offset is handed out twice. Finally the last
     * segment is forced and the recovery point moved to its end.
     */
    private void recover(List<Long> bases, long recoveryPoint, List<Segment> segments) throws IOException {
        int firstScanned = 0;
        for (int i = 0; i < bases.size(); i++) {
            if (bases.get(i) <= recoveryPoint) {
                firstScanned = i;
            }
        }
        for (int i = 0; i < firstScanned; i++) {
            segments.add(trusted(bases.get(i), bases.get(i + 1)));
        }
        for (int i = firstScanned; i < bases.size(); i++) {
            Segment seg = Segment.open(dir, bases.get(i), config, handles);
            segments.add(seg);
            Segment.Scan scan = seg.scan(true, window);
            for (Segment.Hole hole : scan.holes()) {
                reportHole(seg, hole);
            }
            boolean last = i == bases.size() - 1;
            if (last) {
                if (scan.problem() != null && !durableBelow(seg, scan, recoveryPoint)) {
                    truncateTail(seg, scan);
                } else if (scan.problem() != null) {
                    keepDamagedTail(seg, scan, recoveryPoint);
                    seg.closeWriter();
                    segments.add(Segment.create(dir, recoveryPoint, config, handles));
                }
                break;
            }
            long nextBase = bases.get(i + 1);
            String problem = scan.problem() != null ? scan.problem()
                    : scan.nextOffset() != nextBase ? "it ends at offset " + scan.nextOffset() + " but the next segment starts at "
                            + nextBase + " (offsets " + scan.nextOffset() + ".." + (nextBase - 1) + " are missing)"
                    : null;
            if (problem != null && scan.nextOffset() > nextBase) {
                throw new LogException(tp + ": segments overlap: " + seg.logFile + " holds offsets up to "
                        + (scan.nextOffset() - 1) + " but " + Segment.fileName(nextBase, Segment.LOG_SUFFIX) + " starts at " + nextBase
                        + "; not guessing which holds the acknowledged records: remove the wrong one");
            }
            if (problem != null) {
                leaveForReaders(seg, scan, problem, nextBase);
            }
            seg.closeWriter();
        }
        Segment last = segments.getLast();
        last.force();                              // what this scan kept is durable from here on
        try {
            writeRecoveryPoint(config.files(), dir, last.nextOffset());
        } catch (IOException e) {   // the old one stays, and is lower: a crash would only rescan more
            LOG.warn("{}: could not record recovery point {} ({}); a crash would rescan more", tp,
                    last.nextOffset(), e.toString());
        }
    }

    /**
     * Whether the damaged tail of the last segment starts below the recovery point, and so was
     * forced: not a torn write. A recovery point that the damaged bytes could not reach (they
     * cannot hold that many records) is not believed: a wild file must not keep a torn tail.
     */
    private static boolean durableBelow(Segment seg, Segment.Scan scan, long recoveryPoint) throws IOException {
        long damagedBytes = Files.size(seg.logFile) - scan.validBytes();
        long offsets = recoveryPoint - scan.nextOffset();
        return offsets > 0 && damagedBytes >= offsets * Segment.MIN_RECORD_BYTES;
    }

    /** Damage that valid batches follow: kept, reported by readers, who move on at the next valid batch. */
    private void reportHole(Segment seg, Segment.Hole hole) {
        String detail = hole.problem() + "; a valid batch follows at byte " + hole.resume().position() + " (offset "
                + hole.resume().offset() + "), so this is no torn write: offsets " + hole.offset() + ".."
                + (hole.resume().offset() - 1) + " are kept as they are, and readers report them and move on";
        LOG.error("{}: recovery found damage in {} at byte {} (offset {}): {}", tp, seg.logFile, hole.position(), hole.offset(), detail);
        findings.add(new RecoveryFinding(tp, RecoveryFinding.Action.LEFT_FOR_READERS, seg.logFile, hole.position(),
                hole.offset(), detail));
    }

    /**
     * Damage at the end of the last segment, nothing valid after it, but below the recovery point:
     * those bytes were forced before, so this is not a torn write (bit rot, a bad sector). Kept,
     * the segment sealed; appends go on in a new segment at the recovery point, so its offsets are
     * not handed out again (and the next recovery finds the damage in a sealed segment).
     */
    private void keepDamagedTail(Segment seg, Segment.Scan scan, long recoveryPoint) throws IOException {
        String detail = scan.problem() + "; below the recovery point " + recoveryPoint + ", so not a torn write: kept,"
                + " offsets " + scan.nextOffset() + ".." + (recoveryPoint - 1) + " are reported by readers, appends go on in a"
                + " new segment at " + recoveryPoint;
        LOG.error("{}: recovery found damage in {} at byte {} (offset {}): {}", tp, seg.logFile, scan.validBytes(),
                scan.nextOffset(), detail);
        findings.add(new RecoveryFinding(tp, RecoveryFinding.Action.LEFT_FOR_READERS, seg.logFile, scan.validBytes(),
                scan.nextOffset(), detail));
        seg.keepDamagedTail(recoveryPoint);
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

    /** Keeps a damaged sealed segment whole, as if trusted: readers report the damage and move on at the next segment. */
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
