package io.agner.switchdemo.log;

import java.time.InstantSource;
import java.util.Objects;

/**
 * How the embedded log stores partitions. Immutable; change a copy with {@code withX}, starting
 * from {@link #DEFAULT}.
 *
 * @param segmentBytes       a segment rolls when the next batch would take it past this size
 * @param indexIntervalBytes one sparse index entry per this many bytes of batches
 * @param maxBatchBytes      the most bytes one group-committed write gathers per partition
 * @param fsync              when appends are forced to disk, and so acknowledged
 * @param retention          which old segments are deleted
 * @param clock              timestamps for {@link ProducerRecord#NOW} and retention by age
 * @param files              how files are opened (tests inject failures here)
 */
public record LogConfig(int segmentBytes, int indexIntervalBytes, int maxBatchBytes, FsyncPolicy fsync,
                        Retention retention, InstantSource clock, FileChannels files) {

    public static final LogConfig DEFAULT = new LogConfig(64 << 20, 4096, 1 << 20, FsyncPolicy.always(),
            Retention.FOREVER, InstantSource.system(), FileChannels.DEFAULT);

    public LogConfig {
        if (segmentBytes < 1024) {
            throw new IllegalArgumentException("segmentBytes must be >= 1024, was " + segmentBytes);
        }
        if (indexIntervalBytes < 1) {
            throw new IllegalArgumentException("indexIntervalBytes must be >= 1, was " + indexIntervalBytes);
        }
        if (maxBatchBytes < 1024) {
            throw new IllegalArgumentException("maxBatchBytes must be >= 1024, was " + maxBatchBytes);
        }
        Objects.requireNonNull(fsync, "fsync");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(files, "files");
    }

    public LogConfig withSegmentBytes(int segmentBytes) {
        return new LogConfig(segmentBytes, indexIntervalBytes, maxBatchBytes, fsync, retention, clock, files);
    }

    public LogConfig withIndexIntervalBytes(int indexIntervalBytes) {
        return new LogConfig(segmentBytes, indexIntervalBytes, maxBatchBytes, fsync, retention, clock, files);
    }

    public LogConfig withMaxBatchBytes(int maxBatchBytes) {
        return new LogConfig(segmentBytes, indexIntervalBytes, maxBatchBytes, fsync, retention, clock, files);
    }

    public LogConfig withFsync(FsyncPolicy fsync) {
        return new LogConfig(segmentBytes, indexIntervalBytes, maxBatchBytes, fsync, retention, clock, files);
    }

    public LogConfig withRetention(Retention retention) {
        return new LogConfig(segmentBytes, indexIntervalBytes, maxBatchBytes, fsync, retention, clock, files);
    }

    public LogConfig withClock(InstantSource clock) {
        return new LogConfig(segmentBytes, indexIntervalBytes, maxBatchBytes, fsync, retention, clock, files);
    }

    public LogConfig withFiles(FileChannels files) {
        return new LogConfig(segmentBytes, indexIntervalBytes, maxBatchBytes, fsync, retention, clock, files);
    }
}
