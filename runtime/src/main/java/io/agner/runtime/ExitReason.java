package io.agner.runtime;

import java.util.Objects;

/**
 * Why a process exited, or the reason an exit signal carries. Immutable values, Erlang's reasons.
 *
 * <ul>
 *   <li>{@link Normal} — the body returned. A {@code normal} exit signal from another process is
 *       ignored unless the receiver traps exits.</li>
 *   <li>{@link Shutdown} — an orderly stop requested by a parent, optionally with a detail
 *       (Erlang's {@code shutdown} and {@code {shutdown, Detail}}).</li>
 *   <li>{@link Kill} — sent with {@code exit(pid, kill)}: untrappable; the victim dies with
 *       {@link Killed}. A process that exits <em>itself</em> with {@code kill} sends an ordinary,
 *       trappable {@code kill} to its links.</li>
 *   <li>{@link Killed} — the reason of a process that received an untrappable kill; an ordinary
 *       reason for everyone linked to it.</li>
 *   <li>{@link NoProc} — the process did not exist: a monitor's {@code Down}, or the
 *       {@code Exit} a process trapping exits gets for linking a dead pid.</li>
 *   <li>{@link Error} — the body threw; carries the exception and its stack.</li>
 *   <li>{@link Custom} — any other reason given to {@link ProcessContext#exit(ExitReason)}.</li>
 * </ul>
 */
public sealed interface ExitReason {

    ExitReason NORMAL = new Normal();
    ExitReason SHUTDOWN = new Shutdown(null);
    ExitReason KILL = new Kill();
    ExitReason KILLED = new Killed();
    ExitReason NOPROC = new NoProc();

    static ExitReason shutdown(Object detail) {
        return new Shutdown(detail);
    }

    static ExitReason error(Throwable cause) {
        return new Error(cause);
    }

    /** A custom reason, Erlang's {@code exit(Term)}; use it for reasons none of the others name. */
    static ExitReason of(Object term) {
        return new Custom(term);
    }

    /** True for {@code normal} only. */
    default boolean isNormal() {
        return this instanceof Normal;
    }

    /** True for {@code normal}, {@code shutdown} and {@code shutdown} with a detail: the exits a crash report stays quiet about. */
    default boolean isOrderly() {
        return this instanceof Normal || this instanceof Shutdown;
    }

    record Normal() implements ExitReason {
        @Override public String toString() { return "normal"; }
    }

    /** @param detail the detail of {@code {shutdown, Detail}}, or {@code null} for plain {@code shutdown} */
    record Shutdown(Object detail) implements ExitReason {
        @Override public String toString() { return detail == null ? "shutdown" : "{shutdown, " + detail + "}"; }
    }

    record Kill() implements ExitReason {
        @Override public String toString() { return "kill"; }
    }

    record Killed() implements ExitReason {
        @Override public String toString() { return "killed"; }
    }

    record NoProc() implements ExitReason {
        @Override public String toString() { return "noproc"; }
    }

    /** @param cause what the process threw */
    record Error(Throwable cause) implements ExitReason {
        public Error {
            Objects.requireNonNull(cause, "cause");
        }

        @Override public String toString() { return "error: " + cause; }
    }

    /** @param term the reason given to {@code exit} */
    record Custom(Object term) implements ExitReason {
        public Custom {
            Objects.requireNonNull(term, "term");
        }

        @Override public String toString() { return String.valueOf(term); }
    }
}
