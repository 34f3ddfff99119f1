/**
 * What the switch and its line module share: the signals the exchange sends a line, the line's
 * states, and its registered name. Every version of the line module sees these classes through the
 * parent class loader, so a {@link io.agner.switchdemo.line.api.LineSignal} queued before an upgrade
 * is understood after it, and a state carried across it is the same enum.
 */
package io.agner.switchdemo.line.api;
