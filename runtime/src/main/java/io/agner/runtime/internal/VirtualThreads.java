package io.agner.runtime.internal;

import io.agner.runtime.SchedulerKind;
import java.lang.reflect.Constructor;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds virtual threads whose continuations run on a given {@link Executor}. Thread-safe.
 *
 * <p>JDK 25 has no public API for this. Its package-private constructor
 * {@code java.lang.ThreadBuilders.VirtualThreadBuilder(Executor)} (used by the JDK's own tests)
 * does it, and {@code Thread.currentCarrierThread()} tells {@link CarrierScheduler} which carrier
 * a waker runs on. Both need {@value #FLAG} on the command line; this is the only internal
 * access agner makes. Without it, {@link #unavailableReason()} says why and nodes run on the JDK's
 * scheduler, with one WARN line per JVM.
 */
final class VirtualThreads {

    static final String FLAG = "--add-opens java.base/java.lang=ALL-UNNAMED";

    private static final Logger LOG = LoggerFactory.getLogger(VirtualThreads.class);
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private static final Constructor<?> BUILDER;
    private static final String UNAVAILABLE;

    static {
        Constructor<?> c = null;
        String why = null;
        try {
            c = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder").getDeclaredConstructor(Executor.class);
            c.setAccessible(true);
            if (!CarrierScheduler.available()) {
                why = "Thread.currentCarrierThread is not accessible";
                c = null;
            }
        } catch (ReflectiveOperationException e) {
            why = "this JDK (" + Runtime.version() + ") has no VirtualThreadBuilder(Executor): " + e;
        } catch (RuntimeException e) { // InaccessibleObjectException: java.lang is not opened to us
            why = "java.base does not open java.lang to agner (" + e.getClass().getSimpleName() + ")";
        }
        BUILDER = c;
        UNAVAILABLE = why;
    }

    private VirtualThreads() {}

    /** Why agner's scheduler cannot be used in this JVM, or null if it can. */
    static String unavailableReason() {
        return UNAVAILABLE;
    }

    /** A factory of virtual threads run by {@code scheduler}; only when {@link #unavailableReason()} is null. */
    static ThreadFactory factory(Executor scheduler) {
        try {
            return ((Thread.Builder.OfVirtual) BUILDER.newInstance(scheduler)).factory();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build virtual threads on agner's scheduler", e);
        }
    }

    /** Logs, once per JVM, that a node asked for agner's scheduler falls back to the JDK's. */
    static String fallBack() {
        String note = "agner's scheduler is unavailable (" + UNAVAILABLE + "); processes run on the JDK's virtual-thread scheduler. "
                + "Add " + FLAG + " to the java command line (Add-Opens: java.base/java.lang in an executable jar's manifest), "
                + "or choose " + SchedulerKind.class.getSimpleName() + ".JDK to silence this";
        if (WARNED.compareAndSet(false, true)) {
            LOG.warn(note);
        }
        return note;
    }
}
