package io.agner.bench.baseline;

import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.jctools.queues.atomic.unpadded.MpscLinkedAtomicUnpaddedQueue;

/**
 * The bare baseline: one virtual thread and one JCTools queue per "process", nothing else — no
 * links, monitors, registry, exit signals or selective receive. Any thread may send; only the
 * process's own thread may receive. A sender always unparks (no state word), the simplest correct
 * protocol.
 */
public final class BareProcess {

    private final MpscLinkedAtomicUnpaddedQueue<Object> mailbox = new MpscLinkedAtomicUnpaddedQueue<>();
    private final Thread thread;

    private BareProcess(Consumer<BareProcess> body) {
        this.thread = Thread.ofVirtual().unstarted(() -> body.accept(this));
    }

    /** Starts a process running {@code body}, which receives the process itself. */
    public static BareProcess spawn(Consumer<BareProcess> body) {
        BareProcess p = new BareProcess(body);
        p.thread.start();
        return p;
    }

    public void send(Object message) {
        mailbox.offer(message);
        LockSupport.unpark(thread);
    }

    /** Takes the oldest message, parking until there is one; only the process's own thread may call it. */
    public Object receive() {
        Object m;
        while ((m = mailbox.poll()) == null) {
            LockSupport.park();
        }
        return m;
    }
}
