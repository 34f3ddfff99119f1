/**
 * Traffic reports for the switch: how often calls should be blocked ({@link
 * io.agner.switchdemo.report.ErlangB}) and how often a run actually blocked them, with a
 * confidence interval ({@link io.agner.switchdemo.report.BlockingEstimate}, accumulated by
 * {@link io.agner.switchdemo.report.BatchCounter}). Pure arithmetic: no I/O, no clocks; times
 * are the simulated milliseconds the caller passes in.
 */
package io.agner.switchdemo.report;
