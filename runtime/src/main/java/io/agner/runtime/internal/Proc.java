package io.agner.runtime.internal;

import io.agner.runtime.ExitException;
import io.agner.runtime.ExitReason;
import io.agner.runtime.MailboxOverflow;
import io.agner.runtime.NameTakenException;
import io.agner.runtime.Overflow;
import io.agner.runtime.Pid;
import io.agner.runtime.ProcessBody;
import io.agner.runtime.ProcessInfo;
import io.agner.runtime.Ref;
import io.agner.runtime.ServerRef;
import io.agner.runtime.Signal;
import io.agner.runtime.SpawnOptions;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One process: its pid, virtual thread, mailbox, links and monitors. Any thread may send to it or
 * signal it; only its own thread runs its body and its exit.
 *
 * <p>Design (after ERTS's signal semantics; see DESIGN.md section 2):
 * <ul>
 *   <li>Lifecycle: {@code ALIVE -> EXITING -> DEAD}. {@code ALIVE -> EXITING} happens under this
 *       object's lock, where links, monitors and the name are taken out in one step: whoever adds
 *       a link or monitor under the same lock either sees the process dead or is told of its exit.
 *   <li>Exit signals: a fatal signal records its reason once ({@code condemned}) and interrupts
 *       the thread; the body unwinds at its next blocking point and the first reason wins. A
 *       trapped signal is queued as a {@link Signal.Exit} behind earlier messages.
 *   <li>Links and monitors: each side keeps its own half, guarded by its own lock. Linking and
 *       unlinking take both processes' locks, always in pid order (the only place two are held),
 *       so both halves change together. An exiting process tells a linked or monitoring process
 *       under <em>that</em> process's lock, and only if its half is still there: once
 *       {@code unlink}/{@code demonitor} has removed it, no signal for it can arrive.
 *   <li>Name: released under the lock at exit, before any link or monitor is told, so a process
 *       reacting to the exit may register the name again.
 * </ul>
 */
final class Proc implements Pid {

    private static final int ALIVE = 0;
    private static final int EXITING = 1;
    private static final int DEAD = 2;

    private static final VarHandle CONDEMNED;
    private static final VarHandle FLOODED;
    private static final VarHandle TRACER;

    static {
        try {
            CONDEMNED = MethodHandles.lookup().findVarHandle(Proc.class, "condemned", ExitReason.class);
            FLOODED = MethodHandles.lookup().findVarHandle(Proc.class, "flooded", boolean.class);
            TRACER = MethodHandles.lookup().findVarHandle(Proc.class, "tracer", Tracer.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // immutable
    private final long id;
    private final LocalNode node;
    // null for the node's system pid and while it hibernates (the ended thread is not kept: it was
    // an eighth of an idle process's heap); a new one each time it resumes from hibernation
    private volatile Thread thread;
    private final Overflow overflow;
    private final int killAbove; // 0 = no limit
    private final boolean borrowed; // runs on a thread lent by code outside any process (Node.asProcess)

    // owned by the process thread until it starts running
    private ProcessBody body;

    // shared
    private volatile Mailbox mailbox; // null once dead: later sends are dropped
    private volatile int state;
    private volatile ExitReason condemned; // set once, by the first fatal exit signal
    private volatile boolean trapExit;
    private boolean flooded; // through FLOODED: its mailbox passed the high-water mark, and was not seen below half of it since
    private volatile String behaviour;
    private volatile String moduleVersion;
    private Tracer tracer; // through TRACER, or under this lock; null unless traced: the one field sends and receives read for tracing


    // guarded by this; allocated on first use
    private String name;
    private Peers<Proc, Proc> links;    // linked processes: each maps to itself
    private Map<Ref, Proc> monitors;    // monitors this process holds: ref -> target
    private Map<Ref, ServerRef.Name> monitorNames; // of those, the ones set on a name: ref -> name
    private Peers<Ref, Proc> monitoredBy; // monitors on this process: ref -> watcher
    private Set<Ref> aliases;           // active aliases
    private Set<Proc> tracees;          // processes this one was made tracer of (some may have moved on)

    Proc(LocalNode node, long id, ProcessBody body, SpawnOptions options) {
        this.node = node;
        this.id = id;
        this.body = Objects.requireNonNull(body, "body");
        this.overflow = options.overflow();
        this.killAbove = options.mailboxKillAbove();
        this.trapExit = options.trapExit();
        this.borrowed = false;
        this.thread = node.threadFactory().newThread(this::run);
        this.mailbox = Mailbox.of(this, thread, options.mailboxCapacity());
    }

    /** A process on the calling thread, for {@link LocalNode#asProcess}; it ends with {@link #release}. */
    private Proc(LocalNode node, long id, Thread lent) {
        this.node = node;
        this.id = id;
        this.overflow = Overflow.DROP_NEWEST;
        this.killAbove = 0;
        this.borrowed = true;
        this.thread = lent;
        this.mailbox = Mailbox.of(this, lent, 0);
    }

    static Proc borrow(LocalNode node, long id) {
        return new Proc(node, id, Thread.currentThread());
    }

    /** The node's system pid: never alive, never runs. */
    Proc(LocalNode node) {
        this.node = node;
        this.id = 0;
        this.thread = null;
        this.overflow = Overflow.DROP_NEWEST;
        this.killAbove = 0;
        this.borrowed = false;
        this.state = DEAD;
    }

    /** The process behind a pid made by any local node. */
    static Proc of(Pid pid) {
        if (pid instanceof Proc p) {
            return p;
        }
        Objects.requireNonNull(pid, "pid");
        throw new IllegalArgumentException("not a pid made by an agner node: " + pid + " (" + pid.getClass().getName() + ")");
    }

    @Override
    public long id() {
        return id;
    }

    LocalNode node() {
        return node;
    }

    Thread thread() {
        return thread;
    }

    Mailbox mailbox() {
        return mailbox;
    }

    /**
     * Alive, and not condemned by a fatal exit signal: once a signal that kills it has been sent,
     * whoever sent it sees the process as dead at once (Erlang orders {@code is_process_alive}
     * after the caller's signals), though its thread unwinds at its next blocking point.
     */
    boolean isAlive() {
        return state == ALIVE && condemned == null;
    }

    boolean trapsExit() {
        return trapExit;
    }

    boolean setTrapExit(boolean trap) {
        boolean old = trapExit;
        trapExit = trap;
        return old;
    }

    void setBehaviour(String behaviour) {
        this.behaviour = behaviour;
    }

    void setModuleVersion(String moduleVersion) {
        this.moduleVersion = moduleVersion;
    }

    // ---- delivery (any thread) ---------------------------------------------------------------

    /** An ordinary message; dropped if dead, subject to a bounded mailbox's overflow policy. */
    void deliver(Object message) {
        Mailbox mb = mailbox;
        if (mb == null) {
            return;
        }
        if (mb.offer(message)) {
            watch(mb);
        } else if (overflow == Overflow.EXIT_RECEIVER && condemned == null) {
            String registered = name(); // before the kill: its exit releases the name
            if (condemn(LocalNode.MAILBOX_OVERFLOW)) {
                OverloadReport.full(this, registered);
            }
        }
    }

    /** A message no bound may drop: Exit, Down, and whatever is sent to an alias (a reply). */
    void deliverExempt(Object message) {
        Mailbox mb = mailbox;
        if (mb != null) {
            mb.offerExempt(message);
            watch(mb);
        }
    }

    /**
     * After a send, on the sender's thread: looks at the length when the queue's producer index
     * is a multiple of the node's interval ({@link LocalNode#highWaterMask()}), or after every
     * send for a process with a limit. Costs one read of an index the send has just written, and
     * no shared counter; with concurrent senders a multiple may pass unseen, and the next one is
     * looked at.
     */
    private void watch(Mailbox mb) {
        int mask = killAbove != 0 ? 0 : node.highWaterMask();
        if (mask >= 0 && (mb.produced() & mask) == 0) {
            overloaded(mb);
        }
    }

    /** Kills this process if its mailbox passed its limit; logs the node's high-water mark, once per flood. */
    private void overloaded(Mailbox mb) {
        long length = mb.produced() - mb.taken(); // a lower bound: this many really waited when the index was read
        int limit = killAbove;
        if (limit != 0 && length > limit && condemned == null) {
            String registered = name(); // before the kill: its exit releases the name
            if (condemn(ExitReason.of(new MailboxOverflow(limit, length)))) {
                OverloadReport.killed(this, registered, length, limit);
            }
        }
        int mark = node.mailboxHighWater();
        if (mark != 0 && passedHighWater(length, mark)) {
            OverloadReport.highWater(this, name(), length, mark);
        }
    }

    /**
     * The high-water mark's hysteresis, given a {@code length} a sender just saw: true for the one
     * caller that finds it above {@code mark} first; then false until a caller finds it below
     * {@code mark / 2}, which re-arms it. Racing senders agree by compare-and-set on one flag,
     * kept here rather than in the mailbox because it fits in this object's padding.
     */
    private boolean passedHighWater(long length, int mark) {
        if (length > mark) {
            return !(boolean) FLOODED.getOpaque(this) && FLOODED.compareAndSet(this, false, true);
        }
        if (length < mark / 2 && (boolean) FLOODED.getOpaque(this)) {
            FLOODED.compareAndSet(this, true, false);
        }
        return false;
    }

    /**
     * Receives an exit signal (Erlang's exit-signal handling).
     *
     * @param viaLink true when it comes from a linked process's exit: then even {@code kill} is
     *                an ordinary, trappable reason
     */
    void exitSignal(Proc from, ExitReason reason, boolean viaLink) {
        if (state != ALIVE) {
            return;
        }
        if (!viaLink && reason instanceof ExitReason.Kill) {
            condemn(ExitReason.KILLED);
        } else if (trapExit) {
            deliverExempt(new Signal.Exit(from, reason));
        } else if (!reason.isNormal() || from == this) {
            condemn(reason);
        }
    }

    /**
     * Orders this process to exit with {@code reason} at its next blocking point; the first order
     * wins. A kill interrupts again even if an earlier order was swallowed by the body.
     *
     * @return true if this order was the first
     */
    boolean condemn(ExitReason reason) {
        boolean first = CONDEMNED.compareAndSet(this, null, reason);
        if (first || reason instanceof ExitReason.Killed) {
            Thread t = thread;
            if (t != null) {    // null: it hibernates, or is about to (then it re-checks condemned)
                t.interrupt();  // wakes it from receive, sleep or interruptible I/O
            }
            Mailbox mb = mailbox;
            if (mb != null) {
                mb.wake();      // a hibernating process resumes, to exit (see hibernate: Dekker on condemned)
            }
        }
        return first;
    }

    /** The reason this process was ordered to exit with, or null. */
    ExitReason condemned() {
        return condemned;
    }

    // ---- tracing -----------------------------------------------------------------------------

    /**
     * This process's trace, or null when it is not traced (the usual case). An opaque read: a
     * plain load that the JIT may not hoist out of a loop, without a volatile read's ordering,
     * so the send and receive paths cost what they cost before tracing existed; a trace turned on
     * is seen at once in practice, and within the next receive in any case (its mailbox
     * operations order it). {@link Tracer} guards its own state.
     */
    Tracer tracer() {
        return (Tracer) TRACER.getOpaque(this);
    }

    /** Turns tracing off if {@code ended} is still this process's trace. */
    void clearTracer(Tracer ended) {
        TRACER.compareAndSet(this, ended, null);
    }

    /**
     * Traces {@code traced} to {@code to}, replacing any earlier trace (whose tracer gets
     * {@link io.agner.runtime.Trace.Stopped}). Both locks, in pid order: an exit of either
     * process either comes after this and ends the trace, or before it and this returns false.
     *
     * @return false, and nothing traced, if {@code traced} is not alive
     * @throws IllegalArgumentException if {@code to} is not alive, or is {@code traced}
     */
    static boolean trace(Proc traced, Proc to, Tracer trace) {
        if (traced == to) {
            throw new IllegalArgumentException("a process cannot be its own tracer: " + traced);
        }
        Proc first = traced.id < to.id ? traced : to;
        Proc second = first == traced ? to : traced;
        Tracer old;
        synchronized (first) {
            synchronized (second) {
                if (to.state != ALIVE) {
                    throw new IllegalArgumentException("the tracer " + to + " is not alive");
                }
                if (traced.state != ALIVE) {
                    return false;
                }
                old = traced.tracer;
                TRACER.setOpaque(traced, trace);
                if (to.tracees == null) {
                    to.tracees = new HashSet<>(2);
                }
                to.tracees.add(traced);
            }
        }
        if (old != null) {
            old.stop("another tracer took over");
        }
        return true;
    }

    /** A process this one traced has exited. */
    private synchronized void forgetTracee(Proc traced) {
        if (tracees != null) {
            tracees.remove(traced);
        }
    }

    // ---- links and monitors ------------------------------------------------------------------

    /**
     * Links {@code a} and {@code b} (a set: linking twice is once), holding both locks in pid
     * order so a concurrent unlink or exit sees both halves or neither.
     *
     * @return false, and nothing linked, if {@code b} is not alive
     */
    static boolean link(Proc a, Proc b) {
        Proc first = a.id < b.id ? a : b;
        Proc second = first == a ? b : a;
        synchronized (first) {
            synchronized (second) {
                if (b.state != ALIVE) {
                    return false;
                }
                a.linkSet().put(b, b);
                b.linkSet().put(a, a);
                return true;
            }
        }
    }

    /** Removes both halves of a link, if any, under both locks in pid order. */
    static void unlink(Proc a, Proc b) {
        Proc first = a.id < b.id ? a : b;
        Proc second = first == a ? b : a;
        synchronized (first) {
            synchronized (second) {
                if (a.links != null) {
                    a.links.remove(b);
                }
                if (b.links != null) {
                    b.links.remove(a);
                }
            }
        }
    }

    // guarded by this
    private Peers<Proc, Proc> linkSet() {
        if (links == null) {
            links = new Peers<>();
        }
        return links;
    }

    synchronized void addMonitor(Ref ref, Proc target) {
        if (monitors == null) {
            monitors = new HashMap<>(4);
        }
        monitors.put(ref, target);
    }

    /** A monitor set on {@code name}, held by {@code target}: its Down will carry the name. */
    synchronized void addMonitor(Ref ref, Proc target, ServerRef.Name name) {
        addMonitor(ref, target);
        if (monitorNames == null) {
            monitorNames = new HashMap<>(2);
        }
        monitorNames.put(ref, name);
    }

    synchronized Proc removeMonitor(Ref ref) {
        if (monitorNames != null) {
            monitorNames.remove(ref);
        }
        return monitors == null ? null : monitors.remove(ref);
    }

    /** Records {@code watcher}'s monitor on this process if it is alive; false if it is not. */
    synchronized boolean addWatcherIfAlive(Ref ref, Proc watcher) {
        if (state != ALIVE) {
            return false;
        }
        if (monitoredBy == null) {
            monitoredBy = new Peers<>();
        }
        monitoredBy.put(ref, watcher);
        return true;
    }

    synchronized void removeWatcher(Ref ref) {
        if (monitoredBy != null) {
            monitoredBy.remove(ref);
        }
    }

    /** A linked process exited: act on it only if this side still holds the link. */
    private synchronized void linkedExited(Proc from, ExitReason reason) {
        if (links != null && links.remove(from) != null) {
            exitSignal(from, reason, true);
        }
    }

    /** A process this one monitors went down: queue one Down, only if the monitor is still held. */
    synchronized void monitorFired(Ref ref, Proc target, ExitReason reason) {
        if (monitors != null && monitors.remove(ref) != null) {
            ServerRef.Name name = monitorNames == null ? null : monitorNames.remove(ref);
            deliverExempt(new Signal.Down(ref, target, reason, name == null ? target : name));
        }
    }

    // ---- aliases -----------------------------------------------------------------------------

    synchronized void activateAlias(Ref ref) {
        if (aliases == null) {
            aliases = new HashSet<>(2);
        }
        aliases.add(ref);
    }

    synchronized boolean deactivateAlias(Ref ref) {
        return aliases != null && aliases.remove(ref);
    }

    /**
     * Delivers only while the alias is active; under the lock, so none arrives after it is
     * deactivated. Exempt from a bounded mailbox's limit: an alias is a reply address (a call's
     * reply, a start's acknowledgement), and a reply its process waits for must not be dropped.
     */
    synchronized void deliverToAlias(Ref ref, Object message) {
        if (aliases != null && aliases.contains(ref)) {
            deliverExempt(message);
        }
    }

    // ---- registry ----------------------------------------------------------------------------

    synchronized void register(String newName, Map<String, Proc> registry) {
        if (state != ALIVE) {
            throw new IllegalArgumentException("cannot register " + this + " as '" + newName + "': the process is not alive");
        }
        if (name != null) {
            throw new IllegalArgumentException("cannot register " + this + " as '" + newName + "': it is already registered as '" + name + "'");
        }
        Proc holder = registry.putIfAbsent(newName, this);
        if (holder != null) {
            throw new NameTakenException(newName, holder);
        }
        name = newName;
    }

    synchronized boolean unregister(String oldName, Map<String, Proc> registry) {
        if (oldName.equals(name) && registry.remove(oldName, this)) {
            name = null;
            return true;
        }
        return false;
    }

    synchronized String name() {
        return name;
    }

    // ---- running and exiting (own thread) ----------------------------------------------------

    /** Whether this process runs on a thread lent by outside code ({@link LocalNode#asProcess}). */
    boolean borrowed() {
        return borrowed;
    }

    /**
     * The thread's body: the process's body, or after a hibernation the body to resume with. A
     * hibernation ends the thread with the process alive, unless a message or an exit signal is
     * there already: then the process goes on here, with the stack unwound all the same.
     */
    private void run() {
        ProcessBody b = body;
        body = null;
        ExitReason reason;
        try {
            while (condemned == null) {
                try {
                    b.run(new Context(this));
                    break;
                } catch (Throwable t) {
                    if (!(t instanceof Hibernation h)) {
                        throw t;                     // precise rethrow: what the body throws, handled below
                    }
                    b = h.resume;
                    body = b;                    // published by the mailbox's state write, for the resuming thread
                    thread = null;               // before that write too: a resume's new thread is never overwritten
                    if (mailbox.hibernate(() -> condemned != null)) {
                        return;                  // the next message or signal resumes it on a new thread
                    }
                    thread = Thread.currentThread();
                    body = null;
                }
            }
            reason = ExitReason.NORMAL;
        } catch (ExitException e) {
            reason = e.reason();
        } catch (Throwable t) {
            reason = ExitReason.error(t);
        }
        ExitReason signalled = condemned;
        if (signalled != null) {
            reason = signalled; // killed from outside: the killer decides, no crash report
        } else if (!reason.isOrderly()) {
            CrashReport.log(this, name(), reason);
        }
        exit(reason);
    }

    /**
     * Resumes a hibernating process on a new thread; called by the one waker whose CAS took the
     * mailbox out of HIBERNATED, so at most one thread runs the process at a time.
     */
    void resume() {
        Thread t = node.threadFactory().newThread(this::run);
        thread = t;
        mailbox.resumeOn(t);
        node.startThread(t);
    }

    /** Whether this process hibernates now (no thread). */
    boolean hibernating() {
        Mailbox mb = mailbox;
        return mb != null && mb.hibernating();
    }

    /** Ends a borrowed process: it exits with {@code reason}, or the reason it was condemned with. */
    void release(ExitReason reason) {
        ExitReason signalled = condemned;
        exit(signalled != null ? signalled : reason);
    }

    private void exit(ExitReason reason) {
        if (!borrowed) {
            Context.clearInterrupt(); // a late kill must not disturb the exit's own work
        }
        Peers<Proc, Proc> myLinks;
        Peers<Ref, Proc> watchers;
        Map<Ref, Proc> watching;
        Set<Proc> traced;
        Tracer trace;
        String registeredAtExit;
        synchronized (this) {
            registeredAtExit = name;
            state = EXITING;
            trace = tracer; // under the lock: trace() sets it under the lock too
            traced = tracees;
            tracees = null;
            myLinks = links;
            watchers = monitoredBy;
            watching = monitors;
            links = null;
            monitoredBy = null;
            monitors = null;
            monitorNames = null;
            aliases = null;
            if (name != null) {
                node.registry().remove(name, this);
                name = null;
            }
        }
        if (!borrowed) {
            ProcessExitEvent.emit(this, registeredAtExit, reason); // before its links and monitors hear of it
        }
        if (myLinks != null) {
            myLinks.forEach((other, same) -> other.linkedExited(this, reason));
        }
        if (watchers != null) {
            watchers.forEach((ref, watcher) -> watcher.monitorFired(ref, this, reason));
        }
        if (watching != null) {
            watching.forEach((ref, target) -> target.removeWatcher(ref));
        }
        if (trace != null) {
            trace.exited(reason);
            trace.tracer().forgetTracee(this);
        }
        if (traced != null) {
            for (Proc p : traced) {
                Tracer t = p.tracer();
                if (t != null && t.tracer() == this) {
                    t.stop("tracer exited");
                }
            }
        }
        mailbox = null;
        state = DEAD;
        if (borrowed) {
            node.table().abandon(id); // never in the table, but its id is used up
        } else {
            node.exited(this);
        }
    }

    // ---- introspection -----------------------------------------------------------------------

    /** A snapshot, or empty if the process is not alive. */
    Optional<ProcessInfo> info() {
        Mailbox mb = mailbox;
        Set<Pid> linkSet;
        Set<Pid> monitorSet;
        Set<Pid> watcherSet;
        String registered;
        synchronized (this) {
            if (state == DEAD || mb == null) {
                return Optional.empty();
            }
            linkSet = links == null ? Set.of() : Set.copyOf(links.values());
            monitorSet = monitors == null ? Set.of() : Set.copyOf(monitors.values());
            watcherSet = monitoredBy == null ? Set.of() : Set.copyOf(monitoredBy.values());
            registered = name;
        }
        return Optional.of(new ProcessInfo(this, Optional.ofNullable(registered), status(), mb.length(),
                mb.received(), mb.dropped(), trapExit, linkSet, monitorSet, watcherSet,
                Optional.ofNullable(behaviour), Optional.ofNullable(moduleVersion)));
    }

    /** The stack of its thread now; empty if it is not alive. */
    List<StackTraceElement> stackTrace() {
        Thread t = thread;
        if (!isAlive() || t == null) {
            return List.of();
        }
        return List.of(t.getStackTrace());
    }

    /** Up to {@code max} waiting messages, best effort (see {@code Node.queuedMessages}); empty if not alive. */
    List<Object> queuedMessages(int max) {
        Mailbox mb = mailbox;
        return mb == null ? List.of() : mb.peek(max);
    }

    private ProcessInfo.Status status() {
        if (state != ALIVE || condemned != null) {
            return ProcessInfo.Status.EXITING;
        }
        if (hibernating()) {
            return ProcessInfo.Status.WAITING;
        }
        Thread t = thread;
        if (t == null) {
            return ProcessInfo.Status.WAITING;   // it hibernated since the check above
        }
        return switch (t.getState()) {
            case WAITING, TIMED_WAITING, BLOCKED -> ProcessInfo.Status.WAITING;
            case TERMINATED -> ProcessInfo.Status.EXITING;
            case NEW, RUNNABLE -> ProcessInfo.Status.RUNNING;
        };
    }

    /** Erlang's form: {@code <0.42.0>}. */
    @Override
    public String toString() {
        return "<0." + id + ".0>";
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id);
    }

    // equals: identity -- one Proc per process.
}
