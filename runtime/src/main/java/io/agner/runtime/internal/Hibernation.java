package io.agner.runtime.internal;

import io.agner.runtime.ProcessBody;

/**
 * Unwinds a hibernating process's stack up to {@code Proc}'s run loop, which alone catches it.
 * A direct {@link Throwable} (neither an {@link Exception} nor an {@link Error}), so that
 * handlers of those, such as the behaviours' crash handling, let it pass; thrown unchecked. No
 * stack trace: it is control flow, not an error.
 */
final class Hibernation extends Throwable {

    private static final long serialVersionUID = 1L;

    final transient ProcessBody resume;

    Hibernation(ProcessBody resume) {
        super("hibernation", null, false, false);
        this.resume = resume;
    }

    /** Throws {@code t} without the compiler asking for a {@code throws} clause. */
    @SuppressWarnings("unchecked")
    static <T extends Throwable> T sneaky(Throwable t) throws T {
        throw (T) t;
    }
}
