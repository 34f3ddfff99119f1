/**
 * Optional Micrometer metrics for an agner node: {@link io.agner.micrometer.AgnerMetrics} binds a
 * node's process counts, supervisor restarts and longest registered mailbox to a
 * {@code MeterRegistry}. The rest of agner does not depend on Micrometer; JFR events and JMX
 * MBeans ({@code io.agner.hotswap.AgnerMBeans}) need no dependency at all.
 */
package io.agner.micrometer;
