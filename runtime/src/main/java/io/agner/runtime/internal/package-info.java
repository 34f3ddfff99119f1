/**
 * The runtime's implementation; not API, may change without notice.
 *
 * <p>{@code LocalNode} owns the process table, registry, clock and scheduler ({@code CarrierScheduler}, its {@code Carrier}s and {@code CarrierMonitor}); {@code Proc} is one
 * process (it is also its {@code Pid}) with its links, monitors and exit; {@code Mailbox} is the
 * lock-free MPSC mailbox with its save queue and park/unpark protocol ({@code OverloadReport} logs
 * a flooded one); {@code Tracer} is one process's trace to its tracer, with its budget; {@code Context} is the
 * process-side API. Each class's doc states its concurrency contract.
 */
package io.agner.runtime.internal;
