package io.agner.observer;

import java.util.Map;
import java.util.function.Supplier;

/**
 * A page of an application's own numbers, added with {@link Observer#addDashboard}: the observer
 * asks {@code values} once a second while the page is open and shows each as a number and as a
 * line on a chart of the last minutes. {@code values} runs on a server thread, not a process:
 * it must be quick and thread-safe (read counters; do not call processes that may be slow).
 *
 * @param name   the page's title, e.g. "switch"
 * @param values the current numbers by label, in the order to show them
 */
public record Dashboard(String name, Supplier<? extends Map<String, ? extends Number>> values) {}
