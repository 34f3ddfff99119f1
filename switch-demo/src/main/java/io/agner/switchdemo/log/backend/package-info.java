/**
 * Opening an event log: {@link io.agner.switchdemo.log.backend.EventLogs} picks the backend (the
 * embedded log of {@code log.internal}, or Kafka through {@code log.kafka}) so that the
 * {@link io.agner.switchdemo.log} API depends on no implementation.
 */
package io.agner.switchdemo.log.backend;
