package io.agner.runtime;

import java.util.function.Function;

/**
 * Whoever makes a request and waits for its answer: a process (its {@link ProcessContext}), or
 * any other thread through a {@link Node}. The behaviours' client operations
 * ({@code GenServers.call}, {@code Supervisor.startChild}, {@code Sys.getState},
 * {@code CodeServer.load}...) take a {@code Caller}, so each exists once for both.
 *
 * <p>A request needs a process to receive the answer in. A {@link ProcessContext} is one; a
 * {@link Node} lends the calling thread a pid for the length of the request (see
 * {@link Node#asProcess}), so a call from a main thread, a test or a web handler costs no extra
 * thread and no polling.
 */
public interface Caller {

    /** The node requests go through. */
    Node node();

    /**
     * Runs {@code action} as a process on the calling thread and returns its result. A
     * {@link ProcessContext} runs it as itself; a {@link Node}, as a short-lived process (see
     * {@link Node#asProcess}).
     */
    <T> T asProcess(Function<ProcessContext, ? extends T> action);
}
