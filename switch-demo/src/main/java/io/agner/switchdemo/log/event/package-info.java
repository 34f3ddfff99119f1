/**
 * Events on the event log: {@link io.agner.switchdemo.log.event.Schema} records, a compact
 * self-describing binary codec that validates every event, and a dead-letter topic for the ones
 * that fail, so that bad bytes never stop a consumer.
 *
 * <h2>Schemas</h2>
 * An event type is a Java record annotated {@code @Schema(name = "switch.dial", version = 1)}, in
 * the spirit of Snowplow's Iglu: every event carries its schema's name and version. The record is
 * the schema: its components, in order, are the fields, and its compact constructor's checks are
 * the constraints. A changed record is a new version; register the old and the new record side by
 * side ({@link io.agner.switchdemo.log.event.EventCodec#of}) and each version decodes to its own
 * type. Field types: {@code boolean}, {@code int}, {@code long}, {@code double} (or boxed, which may
 * be {@code null}), {@code String}, {@code byte[]}, {@code Instant}, enums, records (with or without
 * {@code @Schema}, nested inline), and {@code List<T>} of those (never holding {@code null}).
 *
 * <h2>Wire format, version 1</h2>
 * {@snippet lang=text :
 * event   = magic 0xAE | format 0x01 | nameLength varint | name UTF-8 | version varint | fields
 * fields  = count varint | (tag int8 | value)*      one per record component, in component order
 *
 * tag  value
 *  0   null      nothing                            (reference components only)
 *  1   boolean   int8, 0 or 1
 *  2   int       zig-zag varint, at most 5 bytes
 *  3   long      zig-zag varint, at most 10 bytes
 *  4   double    8 bytes, IEEE 754 big-endian (raw bits)
 *  5   string    length varint | UTF-8 (strict: malformed bytes are invalid)
 *  6   bytes     length varint | bytes
 *  7   enum      length varint | constant name UTF-8
 *  8   instant   epoch seconds zig-zag varint | nanoseconds varint (0-999999999)
 *  9   record    fields                             (nested: no name or version)
 * 10   list      count varint | (tag int8 | value)* (no null elements)
 * }
 * Varints are unsigned LEB128 (7 bits a byte, low group first), as in protobuf; zig-zag maps
 * signed to unsigned so that small negatives stay short. The magic byte cannot start UTF-8 text
 * (it is a continuation byte), so JSON or text on a topic is told apart at once. Nesting deeper than
 * 64 records or lists is refused both ways. {@code new Dial("line-7", "5551234")}, a
 * {@code switch.dial@1} event, takes 33 bytes, 15 of them the header.
 *
 * <h2>Validation</h2>
 * {@link io.agner.switchdemo.log.event.EventCodec#decode} never throws; it returns
 * {@link io.agner.switchdemo.log.event.Decoded.Valid} or
 * {@link io.agner.switchdemo.log.event.Decoded.Invalid} with a reason that names the schema and the
 * field (dotted and indexed inside nested records and lists):
 * {@snippet lang=text :
 * null event / empty event / not an agner event (bad magic)
 * unsupported agner event format 2, this codec reads 1
 * truncated at byte 17                              (before the schema is known)
 * unknown schema 'switch.dial@3'
 * switch.dial@1: field count 2, schema has 3
 * switch.dial@1: field 'digits' expected string, found long
 * switch.dial@1: field 'digits' truncated at byte 17
 * switch.line@1: field 'state' has no LineState constant 'RINGNG'
 * switch.dial@1: field 'digits': digits must be 1-15 decimal digits, was 'x1'     (the constructor's message)
 * switch.dial@1: field 'line' must not be null                                   (requireNonNull(line, "line"))
 * switch.call@1: field 'parties[1].number': malformed UTF-8 at bytes 40-42
 * 3 trailing bytes after switch.dial@1
 * }
 * A constructor's exception names its field when its message starts with the component's name.
 *
 * <h2>Speed</h2>
 * Reflection happens once per type, in {@code EventCodec.of}: each component gets an accessor
 * {@code MethodHandle} typed {@code (Record)int} (and so on; no boxing on encode) and each record its
 * canonical constructor as a spreading handle. Encoding writes straight into one array sized by the
 * largest event seen so far; strings are written as UTF-8 without an intermediate array. Decoding
 * finds the schema by its name's bytes (no string is built), reads ASCII strings with one copy, and
 * allocates the record, its argument array and boxes for its primitives.
 *
 * <h2>Dead letters</h2>
 * {@link io.agner.switchdemo.log.event.EventReader} decodes each polled record and appends every
 * invalid one, bytes unchanged, to {@link io.agner.switchdemo.log.Topics#DEAD_LETTER} with headers
 * {@code dlq.reason}, {@code dlq.origin.topic}, {@code dlq.origin.partition} and
 * {@code dlq.origin.offset} ({@link io.agner.switchdemo.log.event.DeadLetters}); application code
 * dead-letters well-formed but impossible events the same way
 * ({@link io.agner.switchdemo.log.event.EventReader#deadLetter}).
 *
 * <p>Threads: {@code EventCodec} and {@code DeadLetters} may be used from any thread; an
 * {@code EventReader}, like its consumer, from one thread at a time. Records here are immutable.
 */
package io.agner.switchdemo.log.event;
