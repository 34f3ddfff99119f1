package io.agner.runtime.internal;

import io.agner.runtime.Alias;
import io.agner.runtime.Clock;
import io.agner.runtime.ExitException;
import io.agner.runtime.ExitReason;
import io.agner.runtime.MessageTimer;
import io.agner.runtime.Node;
import io.agner.runtime.NodeConfig;
import io.agner.runtime.Pid;
import io.agner.runtime.ProcessBody;
import io.agner.runtime.ProcessContext;
import io.agner.runtime.ProcessCounts;
import io.agner.runtime.ProcessInfo;
import io.agner.runtime.Ref;
import io.agner.runtime.SchedulerKind;
import io.agner.runtime.SchedulerStats;
import io.agner.runtime.SpawnOptions;
import io.agner.runtime.TraceOptions;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node: process table, registry, clock, scheduler and shutdown. Thread-safe.
 *
 * <p>Lifecycle: {@code RUNNING -> CLOSING -> CLOSED}, by {@link #close()}. While closing, spawning
 * fails; processes already running are sent {@code shutdown}, then {@code kill}.
 */
public final class LocalNode implements Node {

    /** Timeouts at least this long wait forever (and cannot overflow the clock arithmetic). */
    static final Duration LONGEST_TIMEOUT = Duration.ofDays(365L * 100);

    static final ExitReason MAILBOX_OVERFLOW = ExitReason.of("mailbox_overflow");

    /** Why a borrowed process ({@link #asProcess}) ends when its thread's owner interrupts it. */
    static final ExitReason INTERRUPTED = ExitReason.of("interrupted");

    /** How long close() waits for killed processes to reach a blocking point and exit. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(LocalNode.class);

    private static final int RUNNING = 0;
    private static final int CLOSING = 1;
    private static final int CLOSED = 2;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(LocalNode.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // immutable
    private final NodeConfig config;
    private final int highWaterMask; // see highWaterMask()
    private final long startedNanos = System.nanoTime();
    private final Clock clock;
    private final SystemClock ownTimer; // null when the clock was given in the config
    private final CarrierScheduler carriers; // null on the JDK's scheduler
    private final String schedulerNote;      // why the JDK's scheduler runs when agner's was asked for, or ""
    private final ThreadFactory threadFactory;
    private final Proc systemPid = new Proc(this);

    // shared, thread-safe
    private final AtomicLong nextId = new AtomicLong();
    private final LongAdder spawned = new LongAdder(); // striped: spawning on every carrier shares no counter line
    private final LongAdder exitedCount = new LongAdder();
    private final ProcessTable processes = new ProcessTable();
    private final ConcurrentHashMap<String, Proc> registry = new ConcurrentHashMap<>();
    private volatile int state;

    public LocalNode(NodeConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.highWaterMask = highWaterMask(config.mailboxHighWater());
        if (config.clock() == null) {
            ownTimer = new SystemClock();
            clock = ownTimer;
        } else {
            ownTimer = null;
            clock = config.clock();
        }
        if (config.scheduler() == SchedulerKind.AGNER && VirtualThreads.unavailableReason() == null) {
            int n = config.carriers() > 0 ? config.carriers() : Runtime.getRuntime().availableProcessors();
            carriers = new CarrierScheduler(n);
            threadFactory = VirtualThreads.factory(carriers);
            schedulerNote = "";
        } else {
            carriers = null;
            threadFactory = Thread.ofVirtual().factory();
            schedulerNote = config.scheduler() == SchedulerKind.AGNER ? VirtualThreads.fallBack() : "";
        }
        processes.abandon(systemPid.id()); // id 0 is never a running process
    }

    ThreadFactory threadFactory() {
        return threadFactory;
    }

    ConcurrentHashMap<String, Proc> registry() {
        return registry;
    }

    ProcessTable table() {
        return processes;
    }

    void exited(Proc proc) {
        processes.remove(proc);
        exitedCount.increment();
    }

    // ---- spawning ----------------------------------------------------------------------------

    @Override
    public Pid spawn(ProcessBody body, SpawnOptions options) {
        if (options.link()) {
            throw new IllegalArgumentException("a link needs a calling process: use ProcessContext.spawnLink or spawn(body, options) inside a process");
        }
        return spawn(null, body, options, null);
    }

    /** {@link NodeConfig#mailboxHighWater()}; 0 when off. */
    int mailboxHighWater() {
        return config.mailboxHighWater();
    }

    /**
     * How often a sender looks at the mailbox it sent to, for the high-water mark: when the
     * queue's producer index has these bits clear; -1 for never (the mark is off).
     */
    int highWaterMask() {
        return highWaterMask;
    }

    /** A power of two at most {@code min(1024, mark / 4)} and at least 1, minus one; -1 when {@code mark} is 0. */
    static int highWaterMask(int mark) {
        if (mark == 0) {
            return -1;
        }
        return Integer.highestOneBit(Math.clamp(mark / 4, 1, 1024)) - 1;
    }

    /**
     * Spawns a process; its link to {@code parent}, monitor by {@code parent} (when
     * {@code monitorRef} is given) and name all exist before it runs.
     */
    Proc spawn(Proc parent, ProcessBody body, SpawnOptions options, Ref monitorRef) {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(options, "options");
        if (state != RUNNING) {
            throw new IllegalStateException("node is closing: cannot spawn");
        }
        Proc child = new Proc(this, nextId.incrementAndGet(), body, options);
        processes.add(child);
        // Against close(), which sets CLOSING and then reads the table: we add, then read the
        // state (both volatile). Either close() sees the child and stops it, or we see CLOSING.
        if (state != RUNNING) {
            processes.remove(child);
            throw new IllegalStateException("node is closing: cannot spawn");
        }
        if (options.name() != null) {
            try {
                child.register(options.name(), registry);
            } catch (IllegalArgumentException taken) {
                processes.remove(child);
                throw taken;
            }
        }
        if (options.link()) {
            Proc.link(parent, child); // the child is alive (not started yet): cannot fail
        }
        if (monitorRef != null) {
            parent.addMonitor(monitorRef, child);
            child.addWatcherIfAlive(monitorRef, parent);
        }
        spawned.increment(); // before it runs, so its exit never counts before its spawn
        ProcessSpawnEvent.emit(child, parent, options.name()); // before it runs, so its own events follow this one
        try {
            startThread(child.thread());
        } catch (RuntimeException | Error e) {   // e.g. no memory for its thread: it never runs, so close() must not wait for it
            processes.remove(child);
            spawned.decrement();
            throw e;
        }
        return child;
    }

    // ---- a thread lent as a process ----------------------------------------------------------

    @Override
    public <T> T asProcess(Function<ProcessContext, ? extends T> action) {
        Objects.requireNonNull(action, "action");
        if (state != RUNNING) {
            throw new IllegalStateException("node is closing: cannot run as a process");
        }
        Proc self = Proc.borrow(this, nextId.incrementAndGet());
        ExitReason reason = ExitReason.NORMAL;
        try {
            return action.apply(new Context(self));
        } catch (ExitException e) {
            reason = e.reason();
            if (INTERRUPTED.equals(self.condemned())) {
                throw new IllegalStateException("interrupted while running as process " + self, e);
            }
            throw e;
        } catch (RuntimeException | Error e) {
            reason = ExitReason.error(e);
            throw e;
        } finally {
            if (self.condemned() != null && !INTERRUPTED.equals(self.condemned())) {
                Context.clearInterrupt(); // the signal's own interrupt, not the owner's
            }
            self.release(reason);
        }
    }

    /** Delivers to an alias ({@link Alias#send}): only while its process keeps it active. */
    public static void deliverToAlias(Alias alias, Object message) {
        Proc.of(alias.pid()).deliverToAlias(alias.ref(), message);
    }

    // ---- messages and signals ----------------------------------------------------------------

    @Override
    public void send(Pid to, Object message) {
        Proc.of(to).deliver(Objects.requireNonNull(message, "message"));
    }

    @Override
    public void send(Alias to, Object message) {
        deliverToAlias(to, Objects.requireNonNull(message, "message"));
    }

    @Override
    public void send(String name, Object message) {
        Objects.requireNonNull(message, "message");
        named(name).deliver(message);
    }

    /** The process registered as {@code name}; throws IllegalArgumentException if there is none. */
    Proc named(String name) {
        Proc target = registry.get(name);
        if (target == null) {
            throw new IllegalArgumentException("no process is registered as '" + name + "'");
        }
        return target;
    }

    // ---- tracing -----------------------------------------------------------------------------

    @Override
    public boolean trace(Pid pid, TraceOptions options) {
        Proc traced = Proc.of(pid);
        Proc to = Proc.of(options.tracer());
        return Proc.trace(traced, to, new Tracer(traced, to, options, clock));
    }

    @Override
    public boolean untrace(Pid pid) {
        Tracer trace = Proc.of(pid).tracer();
        if (trace == null) {
            return false;
        }
        trace.stop("untraced");
        return true;
    }

    @Override
    public void exit(Pid target, ExitReason reason) {
        Proc.of(target).exitSignal(systemPid, Objects.requireNonNull(reason, "reason"), false);
    }

    @Override
    public MessageTimer sendAfter(Duration delay, Pid to, Object message) {
        return MessageTimers.start(clock, delay, Proc.of(to), Objects.requireNonNull(message, "message"), false);
    }

    @Override
    public MessageTimer startTimer(Duration delay, Pid to, Object message) {
        return MessageTimers.start(clock, delay, Proc.of(to), Objects.requireNonNull(message, "message"), true);
    }

    // ---- registry ----------------------------------------------------------------------------

    @Override
    public void register(String name, Pid pid) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank, was '" + name + "'");
        }
        Proc.of(pid).register(name, registry);
    }

    @Override
    public boolean unregister(String name) {
        Proc holder = registry.get(name);
        return holder != null && holder.unregister(name, registry);
    }

    @Override
    public Optional<Pid> whereis(String name) {
        return Optional.ofNullable(registry.get(name));
    }

    @Override
    public Set<String> registered() {
        return Set.copyOf(registry.keySet());
    }

    // ---- introspection -----------------------------------------------------------------------

    @Override
    public boolean isAlive(Pid pid) {
        return Proc.of(pid).isAlive();
    }

    @Override
    public Optional<ProcessInfo> info(Pid pid) {
        return Proc.of(pid).info();
    }

    @Override
    public List<StackTraceElement> stackTrace(Pid pid) {
        return Proc.of(pid).stackTrace();
    }

    @Override
    public List<Object> queuedMessages(Pid pid, int max) {
        return Proc.of(pid).queuedMessages(max);
    }

    @Override
    public List<ProcessInfo> processes() {
        List<Proc> live = processes.snapshot();
        live.sort(Pid::compareTo);
        List<ProcessInfo> infos = new ArrayList<>(live.size());
        for (Proc p : live) {
            p.info().ifPresent(infos::add);
        }
        return infos;
    }

    @Override
    public Pid systemPid() {
        return systemPid;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public ProcessCounts processCounts() {
        long exits = exitedCount.sum(); // first: a process exits only after its spawn was counted
        long spawns = spawned.sum();
        return new ProcessCounts(spawns, exits, Math.max(0, spawns - exits), System.nanoTime() - startedNanos);
    }

    @Override
    public SchedulerStats schedulerStats() {
        return carriers != null ? carriers.stats()
                : new SchedulerStats(SchedulerKind.JDK, schedulerNote, List.of(), 0, System.nanoTime() - startedNanos);
    }

    // ---- shutdown ----------------------------------------------------------------------------

    /**
     * Closes the node. Called from inside one of its processes, it stops every other process and
     * then condemns the caller, which exits at its next blocking point.
     */
    @Override
    public void close() {
        if (!STATE.compareAndSet(this, RUNNING, CLOSING)) {
            return;
        }
        Proc caller = callingProcess();
        signalAll(ExitReason.SHUTDOWN, caller);
        awaitAll(config.shutdownTimeout(), caller);
        // Kill what ignored shutdown (trapping processes), and anything a spawn in flight added.
        long deadline = System.nanoTime() + KILL_WAIT.toNanos();
        while (hasOthers(caller) && System.nanoTime() - deadline < 0) {
            signalAll(ExitReason.KILL, caller);
            awaitAll(Duration.ofNanos(deadline - System.nanoTime()), caller);
        }
        if (hasOthers(caller)) {
            List<String> stuck = new ArrayList<>();
            for (Proc p : processes) {
                if (p != caller) {
                    Thread t = p.thread();
                    stuck.add(p + " " + (t == null ? "hibernating" : t.getState()));
                }
            }
            LOG.warn("node closed with {} processes still running {} after they were killed; they never reached a blocking point: {}",
                    stuck.size(), KILL_WAIT, stuck);
        }
        if (ownTimer != null) {
            ownTimer.close();
        }
        if (carriers != null) {
            carriers.close();
        }
        state = CLOSED;
        if (caller != null) {
            caller.exitSignal(systemPid, ExitReason.SHUTDOWN, false);
        }
    }

    /** Starts a process's thread: on this node's carriers, or the JDK's scheduler. */
    void startThread(Thread thread) {
        if (carriers != null) {
            carriers.start(thread);
        } else {
            thread.start();
        }
    }

    /** The process of this node whose thread is calling, or null. */
    private Proc callingProcess() {
        Thread me = Thread.currentThread();
        if (me.isVirtual()) {
            for (Proc p : processes) {
                if (p.thread() == me) {
                    return p;
                }
            }
        }
        return null;
    }

    /**
     * Signals every process but {@code except}, oldest first: a supervisor is older than its
     * children, so it hears of the shutdown before their exits reach it and stops them in order
     * instead of restarting them.
     */
    private void signalAll(ExitReason reason, Proc except) {
        List<Proc> oldestFirst = processes.snapshot();
        oldestFirst.sort(Pid::compareTo);
        for (Proc p : oldestFirst) {
            if (p != except) {
                p.exitSignal(systemPid, reason, false);
            }
        }
    }

    private boolean hasOthers(Proc except) {
        for (Proc p : processes) {
            if (p != except) {
                return true;
            }
        }
        return false;
    }

    /** Waits until every process but {@code except} has exited, or {@code timeout} has passed. */
    private void awaitAll(Duration timeout, Proc except) {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean interrupted = false;
        for (Proc p : processes) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            if (p == except) {
                continue;
            }
            try {
                join(p, deadline);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt(); // restore: close itself is not interruptible
        }
    }

    /**
     * Joins {@code p}'s thread until {@code deadline}. A spawn in flight puts a process in the
     * table before it starts its thread; its spawner starts it right after its checks (the
     * process then sees the shutdown at once), or takes it out of the table again if they fail.
     */
    private void join(Proc p, long deadline) throws InterruptedException {
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                Thread t = p.thread();
                if (t != null) {               // null: it hibernates (below)
                    t.join(Duration.ofNanos(left));
                }
                if ((t != null && t.isAlive()) || processes.get(p.id()) != p) {
                    return;                    // the deadline passed, or it exited
                }
                // Its thread ended in a hibernation: a signal resumes it on a new one; look again shortly.
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            } catch (IllegalThreadStateException notStartedYet) {
                if (processes.get(p.id()) != p) {
                    return; // its spawn failed: it never runs
                }
                Thread.yield();
            }
        }
    }

    @Override
    public String toString() {
        return "Node[" + processes.snapshot().size() + " processes]";
    }
}
