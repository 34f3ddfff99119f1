package io.agner.runtime.internal;

import io.agner.runtime.Alias;
import io.agner.runtime.Clock;
import io.agner.runtime.ExitException;
import io.agner.runtime.ExitReason;
import io.agner.runtime.MessageTimer;
import io.agner.runtime.MonitoredPid;
import io.agner.runtime.NoProcException;
import io.agner.runtime.Node;
import io.agner.runtime.Pid;
import io.agner.runtime.ProcessBody;
import io.agner.runtime.ProcessContext;
import io.agner.runtime.ProcessInfo;
import io.agner.runtime.Ref;
import io.agner.runtime.ServerRef;
import io.agner.runtime.Signal;
import io.agner.runtime.SpawnOptions;
import io.agner.runtime.TimerRef;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/** The {@link ProcessContext} of one process; used only on that process's thread. */
final class Context implements ProcessContext {

    private static final long FOREVER = -1;

    private final Proc self;
    private final LocalNode node;
    private final Mailbox mailbox;

    Context(Proc self) {
        this.self = self;
        this.node = self.node();
        this.mailbox = self.mailbox();
    }

    @Override
    public Pid self() {
        return self;
    }

    @Override
    public Node node() {
        return node;
    }

    // ---- messages ----------------------------------------------------------------------------

    @Override
    public void send(Pid to, Object message) {
        Proc target = Proc.of(to);
        Objects.requireNonNull(message, "message");
        Tracer trace = self.tracer();
        if (trace != null) {
            trace.send(target, message);
        }
        target.deliver(message);
    }

    @Override
    public void send(String name, Object message) {
        Objects.requireNonNull(message, "message");
        Proc target = node.named(name);
        Tracer trace = self.tracer();
        if (trace != null) {
            trace.send(target, message);
        }
        target.deliver(message);
    }

    @Override
    public void send(Alias to, Object message) {
        Objects.requireNonNull(message, "message");
        Tracer trace = self.tracer();
        if (trace != null) {
            trace.send(to.pid(), message);
        }
        to.send(message);
    }

    @Override
    public Alias alias() {
        Ref ref = Ref.make();
        self.activateAlias(ref);
        return new Alias(self, ref);
    }

    @Override
    public boolean unalias(Alias alias) {
        if (alias.pid() != self) {
            throw new IllegalArgumentException("cannot deactivate " + alias + ": it belongs to " + alias.pid() + ", not " + self);
        }
        return self.deactivateAlias(alias.ref());
    }

    @Override
    public Object receive() {
        return take(null, FOREVER);
    }

    @Override
    public Optional<Object> receive(Duration timeout) {
        return Optional.ofNullable(take(null, nanos(timeout)));
    }

    @Override
    public Object receive(Predicate<Object> match) {
        return take(Objects.requireNonNull(match, "match"), FOREVER);
    }

    @Override
    public Optional<Object> receive(Predicate<Object> match, Duration timeout) {
        return Optional.ofNullable(take(Objects.requireNonNull(match, "match"), nanos(timeout)));
    }

    @Override
    public MessageTimer sendAfter(Duration delay, Pid to, Object message) {
        return node.sendAfter(delay, to, message);
    }

    @Override
    public MessageTimer startTimer(Duration delay, Pid to, Object message) {
        return node.startTimer(delay, to, message);
    }

    /** A receive: the message taken, or null on timeout; traced when this process is. */
    private Object take(Predicate<Object> match, long timeoutNanos) {
        Object m = awaitMessage(match, timeoutNanos);
        Tracer trace = self.tracer();
        if (trace != null && m != null) {
            trace.receive(m);
        }
        return m;
    }

    /** The receive loop: {@code match} null takes any message; {@code timeoutNanos} FOREVER waits without limit. */
    private Object awaitMessage(Predicate<Object> match, long timeoutNanos) {
        checkExit();
        Object m = mailbox.poll(match);
        if (m != null || timeoutNanos == 0) {
            return m;
        }
        Clock clock = node.clock();
        long deadline = 0;
        TimerRef timer = null;
        if (timeoutNanos != FOREVER) {
            deadline = clock.nanoTime() + timeoutNanos;
            timer = clock.schedule(timeoutNanos, mailbox); // wakes us at the deadline
        }
        try {
            while (true) {
                mailbox.await();
                takeInterrupt();
                checkExit();
                m = mailbox.pollNew(match);
                if (m != null) {
                    return m;
                }
                if (timer != null && clock.nanoTime() - deadline >= 0) {
                    return null;
                }
            }
        } finally {
            if (timer != null) {
                timer.cancel();
            }
        }
    }

    /**
     * Only exit signals interrupt a process, and they are seen by {@link #checkExit}: clear the
     * status. On a borrowed thread an interrupt may come from its owner instead: that one ends
     * the process (reason {@code interrupted}) and stays set, for the owner to see.
     */
    private void takeInterrupt() {
        if (!self.borrowed()) {
            clearInterrupt();
        } else if (self.condemned() == null && Thread.currentThread().isInterrupted()) {
            self.condemn(LocalNode.INTERRUPTED);
        }
    }

    /** Clears the interrupt status; reads it first, as clearing a virtual thread's takes a lock. */
    static void clearInterrupt() {
        if (Thread.currentThread().isInterrupted()) {
            Thread.interrupted();
        }
    }

    private void checkExit() {
        ExitReason reason = self.condemned();
        if (reason != null) {
            throw new ExitException(reason, true);
        }
    }

    private static long nanos(Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be >= 0, was " + timeout);
        }
        return timeout.compareTo(LocalNode.LONGEST_TIMEOUT) >= 0 ? FOREVER : timeout.toNanos();
    }

    // ---- processes ---------------------------------------------------------------------------

    @Override
    public Pid spawn(ProcessBody body) {
        return node.spawn(self, body, SpawnOptions.DEFAULT, null);
    }

    @Override
    public Pid spawn(ProcessBody body, SpawnOptions options) {
        return node.spawn(self, body, options, null);
    }

    @Override
    public Pid spawnLink(ProcessBody body) {
        return node.spawn(self, body, SpawnOptions.DEFAULT.withLink(true), null);
    }

    @Override
    public MonitoredPid spawnMonitor(ProcessBody body) {
        Ref ref = Ref.make();
        return new MonitoredPid(node.spawn(self, body, SpawnOptions.DEFAULT, ref), ref);
    }

    // ---- links, monitors, exits --------------------------------------------------------------

    @Override
    public void link(Pid other) {
        Proc target = Proc.of(other);
        if (target == self) {
            return;
        }
        if (!Proc.link(self, target)) {
            if (self.trapsExit()) {
                self.deliverExempt(new Signal.Exit(target, ExitReason.NOPROC));
            } else {
                throw new NoProcException(target);
            }
        }
    }

    @Override
    public void unlink(Pid other) {
        Proc target = Proc.of(other);
        Proc.unlink(self, target); // from here on, the target's exit cannot reach us through this link
    }

    @Override
    public Ref monitor(ServerRef target) {
        Ref ref = Ref.make();
        switch (Objects.requireNonNull(target, "target")) {
            case Pid pid -> {
                Proc t = Proc.of(pid);
                self.addMonitor(ref, t);
                watch(ref, t);
            }
            case ServerRef.Name name -> {
                // OTP: the monitor is on the process holding the name now; it does not follow the name.
                Proc holder = node.registry().get(name.name());
                if (holder == null) {
                    self.deliverExempt(new Signal.Down(ref, null, ExitReason.NOPROC, name));
                } else {
                    self.addMonitor(ref, holder, name);
                    watch(ref, holder);
                }
            }
        }
        return ref;
    }

    /** The target's half of a monitor this process has recorded; an immediate noproc Down if it is not alive. */
    private void watch(Ref ref, Proc target) {
        if (!target.addWatcherIfAlive(ref, self)) {
            self.monitorFired(ref, target, ExitReason.NOPROC);
        }
    }

    @Override
    public boolean demonitor(Ref ref) {
        return demonitor(ref, false);
    }

    @Override
    public boolean demonitor(Ref ref, boolean flush) {
        Proc target = self.removeMonitor(ref); // from here on, no Down for ref can be queued
        if (target != null) {
            target.removeWatcher(ref);
        }
        // A monitor still held has not fired (Proc.monitorFired takes it out before it queues the
        // Down, under the same lock): only one that is gone can have left a Down to flush.
        if (flush && target == null) {
            mailbox.remove(m -> m instanceof Signal.Down d && d.ref().equals(ref));
        }
        return target != null;
    }

    @Override
    public boolean trapExit(boolean trap) {
        return self.setTrapExit(trap);
    }

    @Override
    public void exit(ExitReason reason) {
        throw new ExitException(Objects.requireNonNull(reason, "reason"));
    }

    @Override
    public void hibernate(ProcessBody resume) {
        Objects.requireNonNull(resume, "resume");
        if (self.borrowed()) {
            throw new UnsupportedOperationException("a process on a borrowed thread (Node.asProcess) cannot hibernate");
        }
        throw Hibernation.<RuntimeException>sneaky(new Hibernation(resume));
    }

    @Override
    public void exit(Pid target, ExitReason reason) {
        Proc t = Proc.of(target);
        t.exitSignal(self, Objects.requireNonNull(reason, "reason"), false);
        if (t == self) {
            checkExit(); // a signal to ourselves acts now, not at the next receive
        }
    }

    // ---- registry and introspection ----------------------------------------------------------

    @Override
    public void register(String name) {
        node.register(name, self);
    }

    @Override
    public ProcessInfo info() {
        return self.info().orElseThrow();
    }

    @Override
    public void setBehaviour(String behaviour) {
        self.setBehaviour(behaviour);
    }

    @Override
    public void setModuleVersion(String moduleVersion) {
        self.setModuleVersion(moduleVersion);
    }
}
