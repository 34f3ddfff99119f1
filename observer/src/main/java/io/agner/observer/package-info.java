/**
 * A node's web observer (Erlang's {@code observer}, served to a browser by the node itself):
 * {@link io.agner.observer.Observer#start} serves Overview, Processes, Process (stack, state,
 * queued messages, Kill, Trace), Supervision tree, Modules (load, purge) and the application's
 * {@link io.agner.observer.Dashboard}s on 127.0.0.1, live through Server-Sent Events.
 *
 * {@snippet :
 * Observer observer = Observer.start(node, ObserverOptions.DEFAULT.withNodeName("switch"));
 * observer.uri();   // http://127.0.0.1:<port>/?token=...; bin/agner --node switch observer prints it too
 * }
 *
 * <p>Only the node's owner may use it ({@code AccessGuard}): a random token on every request,
 * Host checked against DNS rebinding, changes by same-origin POST with the token in a header. It
 * reads the node through the public API only ({@code Node}, {@code Supervisor}, {@code Sys},
 * {@code CodeServer}, and the node's JFR events for recent reports) and adds no cost to a node
 * whose observer is not open: it samples while a page listens, once a second.
 */
package io.agner.observer;
