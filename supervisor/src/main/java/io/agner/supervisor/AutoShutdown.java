package io.agner.supervisor;

/**
 * Whether a supervisor shuts itself down when its significant children end (OTP 24's
 * {@code auto_shutdown} flag; see {@link ChildSpec#significant()}).
 *
 * <p>Only a significant child ending <em>by itself</em> counts: a temporary one exiting in any
 * way, a transient one exiting {@code normal}, {@code shutdown} or {@code {shutdown, _}}. A child
 * the supervisor stops ({@code terminateChild}, or a sibling's restart under one-for-all or
 * rest-for-one) never triggers it. The supervisor then stops its other children, in reverse
 * start order, and exits with {@code shutdown} — so its own supervisor should hold it as a
 * transient or temporary child, or it will be restarted.
 *
 * {@snippet :
 * // a job and its helper, gone together once the job is done
 * ChildSpec jobSup = ChildSpec.supervisor("job_sup", (s, args) -> Supervisor.startLink(s,
 *         SupFlags.DEFAULT.withAutoShutdown(AutoShutdown.ANY_SIGNIFICANT), List.of(
 *                 ChildSpec.worker("job", job).withRestart(Restart.TRANSIENT).withSignificant(true),
 *                 ChildSpec.worker("progress", progress))))
 *         .withRestart(Restart.TRANSIENT);
 * }
 */
public enum AutoShutdown {
    /** Never (the default); a supervisor with this flag refuses significant children. */
    NEVER,
    /** When any significant child ends by itself. */
    ANY_SIGNIFICANT,
    /**
     * When a significant child ends by itself and no other significant child is still running
     * (or waiting to be restarted); ones the supervisor stopped count as ended.
     */
    ALL_SIGNIFICANT
}
