/**
 * The switch's topics and what they carry, the contract between its parts:
 * {@link io.agner.switchdemo.topic.SwitchTopics} names the topics (one partition per exchange
 * area) and holds the codec of every schema the parts exchange — the subscriber events the traffic
 * source appends to {@code events} ({@link io.agner.switchdemo.topic.SubscriberEvent}), the
 * finished attempts the exchange appends to {@code calls} ({@link io.agner.switchdemo.topic.CallEnded})
 * and the records billing appends to {@code cdr} ({@link io.agner.switchdemo.topic.Cdr}).
 *
 * <p>It depends on the log and on the billing API only, so every part of the switch (ingest, the
 * exchange, billing, the report) depends on it and none on another through it.
 */
package io.agner.switchdemo.topic;
