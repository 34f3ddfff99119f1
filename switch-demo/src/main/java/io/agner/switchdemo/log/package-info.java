/**
 * The unified event log: a durable, embedded, Kafka-shaped log. A library with no switch
 * knowledge; {@link io.agner.switchdemo.log.backend.EventLogs#embedded} opens it.
 *
 * <h2>On disk</h2>
 * {@snippet lang=text :
 * <dir>/.lock                         held (FileChannel.lock) while a process has the log open
 * <dir>/clean-shutdown                present only between a clean close and the next open
 * <dir>/topics                        "topic partitions" lines; write, fsync, rename
 * <dir>/<topic>-<p>/00000000000000000000.log     segments, named by base offset (20 digits)
 * <dir>/<topic>-<p>/00000000000000000000.index   sparse offset index, a cache: rebuilt when bad
 * <dir>/<topic>-<p>/recovery-point    every offset below it was fsynced; write, fsync, rename
 * <dir>/consumer-offsets/<group>      "topic partition offset" lines + "crc32c <hex>"; write, fsync, rename
 * }
 * A segment is a sequence of batches framed like Kafka's record batch v2 (big-endian):
 * {@snippet lang=text :
 * baseOffset int64 | batchLength int32 (bytes after this field) | partitionLeaderEpoch int32 (0)
 * magic int8 (2) | crc uint32 (CRC32C of everything after it) | attributes int16 (0)
 * lastOffsetDelta int32 | baseTimestamp int64 | maxTimestamp int64
 * producerId int64 (-1) | producerEpoch int16 (-1) | baseSequence int32 (-1) | recordCount int32
 * records: length varint | attributes int8 | timestampDelta varlong | offsetDelta varint
 *          keyLength varint (-1 = null) | key | valueLength varint (-1 = null) | value
 *          headerCount varint | (keyLength varint | key UTF-8 | valueLength varint | value)*
 * }
 * Varints are zig-zag, as in Kafka and protobuf. An index entry is 8 bytes: the offset relative to
 * the segment's base (int32) and the byte position of a batch that starts at or before it (int32),
 * one entry per {@code indexIntervalBytes} of batches.
 *
 * <h2>Writes, acknowledgement and visibility</h2>
 * Each partition has one writer thread. Appends queue to it; it takes everything queued (up to
 * {@code maxBatchBytes}), writes it as one batch, and — under {@code FsyncPolicy.always()} — forces
 * it with one {@code fsync} before it acknowledges any of them (group commit). Only then does it
 * move the partition's end offset, which is what readers see: <b>a reader never sees a record that
 * is not yet acknowledged</b>, and an acknowledged record is as durable as the policy promises
 * (see {@link io.agner.switchdemo.log.FsyncPolicy}). A segment rolls when the next batch would
 * take it past {@code segmentBytes}; the old one is forced (under every policy) before the next
 * is created, and then the recovery point moves past it. {@code os()} forces only there and on
 * close; {@code every(p)} also forces a pending write within {@code p}, with or without further
 * appends.
 *
 * <h2>Write and fsync failures (a full disk)</h2>
 * A failed write fails the appends of that batch with a
 * {@link io.agner.switchdemo.log.LogException}, cuts the segment back to its last acknowledged
 * byte and <em>forces the cut</em>, so that a power loss cannot bring back a batch reported
 * failed; the partition stays usable and a later append may succeed once space is free. A failed
 * {@code fsync} is different: Linux may already have dropped the dirty pages it could not write
 * and marked them clean, so a later {@code fsync} that succeeds proves nothing (PostgreSQL's
 * "fsyncgate", 2018). After any failed {@code fsync} of a segment (of a batch, on a roll, a
 * periodic one, or of a cut), the partition is <b>fenced</b>: it refuses every append with a
 * {@code LogException} saying so until the log is reopened, and its close leaves no clean-shutdown
 * marker, so the reopen re-reads the disk in a recovery scan. Reads of acknowledged records go on.
 * The small files (topics, recovery points, committed offsets, index caches) are written through
 * {@link io.agner.switchdemo.log.LogConfig#files()} too; a commit that fails keeps the previous
 * one, except when only the folder's {@code fsync} after the rename failed: then the new offsets
 * are in place (and read back from the file from then on) but might not survive a power loss, so
 * a consumer may re-read from the previous commit, never skip. An index that cannot be written is
 * only a cache and is rebuilt on the next open.
 *
 * <h2>Recovery</h2>
 * Opening takes the folder's lock (a second process gets a clear error). With the clean-shutdown
 * marker present, the marker is deleted and no CRC is checked: only the last segment's batch
 * headers are walked to find its end (when that end is not the one recorded at close, or a
 * header is bad, the partition is recovered as after a crash). So a clean open verifies framing,
 * not content: damage inside a batch is found by readers, which check every batch's CRC32C, or
 * by a later recovery scan, and neither cuts it. Without the marker (a crash, a kill -9, a power
 * loss), every segment from the one holding the partition's recovery point on is scanned batch by
 * batch (every segment when the recovery point is missing or unreadable): offsets must continue
 * densely, lengths fit, magic match, CRC32C match, and the indexes are rebuilt.
 * <ul>
 *   <li>A <b>torn tail</b> is cut (and the cut forced): damage at the end of the <b>last</b>
 *       segment, with no valid batch after it, <b>past the recovery point</b>. Only there can a
 *       write be torn: everything below the recovery point, and every sealed segment, was forced
 *       before. Under {@code always} only unacknowledged bytes are there.</li>
 *   <li>Any other damage is <b>kept</b>, with everything after it, and reported: a batch that a
 *       valid batch follows (in any segment; the next valid one is found by its own length, else
 *       byte by byte by its CRC32C), a sealed segment that is damaged, torn or emptied or ends
 *       short of its successor, and damage at the end of the last segment below the recovery
 *       point (appends then go on in a new segment at the recovery point). So no acknowledged
 *       record is deleted and no offset is handed out twice. Segments that overlap make the open
 *       fail, naming both files.</li>
 *   <li>After the scan the last segment is forced and the recovery point moves to its end.</li>
 * </ul>
 * What recovery found and did is logged and kept as
 * {@link io.agner.switchdemo.log.RecoveryFinding}s ({@code EmbeddedLog.recoveryFindings()}).
 * Readers report a damaged batch (scanned or not) as a
 * {@link io.agner.switchdemo.log.CorruptRecordException} naming the partition, segment, byte
 * position and the offsets it stands for, never silently; the embedded consumer reports it once
 * and moves its position past those offsets (Kafka's consumer stays until the application seeks),
 * and the switch's {@code EventReader} dead-letters it. A missing or damaged index is rebuilt from
 * its segment. A {@code topics} file that is truncated (no final newline, or a {@code <topic>-<p>}
 * folder holding records that it does not cover), and a {@code .log} file whose name is not 20
 * digits, make the open fail with an error naming the file; nothing is changed on disk.
 *
 * <h2>File descriptors</h2>
 * Only a partition's active segment keeps a write channel open; a sealed one's is closed when it
 * is sealed (or, on open, once recovery is done with it). Readers borrow read channels from one
 * cache per log that keeps at most 64 idle ones open, closing the least recently used; a channel
 * in use is closed by its last reader. So a log holds about one descriptor per partition plus 64,
 * however many segments it has.
 *
 * <h2>Consumers</h2>
 * Committed offsets live in one small file per group, replaced atomically, so a commit is either
 * wholly there after a crash or not at all. Before it writes them, a commit forces each partition
 * up to its committed offset (a no-op under {@code always}), so a committed offset never runs
 * ahead of what a power loss leaves of the log, whatever the fsync policy. A waiting {@code poll} parks until a writer publishes
 * to one of its partitions (no spinning).
 */
package io.agner.switchdemo.log;
