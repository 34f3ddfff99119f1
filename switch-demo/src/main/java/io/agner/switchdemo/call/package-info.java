/**
 * The exchange: an area's call processing, from the {@code events} topic to the {@code calls}
 * topic.
 * <ul>
 * <li>{@link io.agner.switchdemo.call.Exchange}, the process: consumes the events, carries out
 *     the decisions, checkpoints, publishes its {@link io.agner.switchdemo.call.ExchangeStatus}.</li>
 * <li>{@code CallControl}, the decisions: an event in, {@code Decision}s out, in event time, with
 *     no processes and no log (so it is tested with plain JUnit); it owns the attempts in progress,
 *     the trunk group ({@code TrunkGroup}), the engaged lines and the counters.</li>
 * <li>{@code LineTable}: the {@link io.agner.switchdemo.call.Line} state machines, one process per
 *     active line, activated on use and deactivated when idle (Orleans-style);
 *     {@code CallTable}: the {@link io.agner.switchdemo.call.CallProcess}es, one per call with a
 *     trunk.</li>
 * <li>{@code Checkpointer}: the {@link io.agner.switchdemo.call.Checkpoint}s that a restarted
 *     exchange resumes from.</li>
 * </ul>
 * Everything but the status and the line and call process bodies is confined to the exchange
 * process.
 */
package io.agner.switchdemo.call;
