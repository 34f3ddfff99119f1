package io.agner.runtime;

import java.util.Locale;

/**
 * What runs a node's processes: which carrier (platform) thread runs which process's virtual
 * thread, and when.
 */
public enum SchedulerKind {

    /**
     * agner's own carriers, as BEAM's and Go's schedulers do it: one carrier per core, a process
     * woken by a process on a carrier runs next on that same carrier (no cross-core wake-up), idle
     * carriers steal. Needs {@code --add-opens java.base/java.lang=ALL-UNNAMED} on the
     * {@code java} command line (or {@code Add-Opens: java.base/java.lang} in an executable jar's
     * manifest); without it the node falls back to {@link #JDK} and logs one WARN line naming the
     * flag.
     */
    AGNER,

    /** The JDK's default virtual-thread scheduler (a {@code ForkJoinPool}). */
    JDK;

    /** The system property that chooses {@link NodeConfig#DEFAULT}'s scheduler: {@code agner} or {@code jdk}. */
    public static final String PROPERTY = "agner.scheduler";

    /**
     * The kind named by the {@value #PROPERTY} system property, {@link #AGNER} when it is unset.
     *
     * @throws IllegalArgumentException if the property names no kind
     */
    public static SchedulerKind fromSystemProperty() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            return AGNER;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("-D" + PROPERTY + " must be agner or jdk, was '" + value + "'", e);
        }
    }
}
