/**
 * The traffic that enters the switch: an area's subscribers
 * ({@link io.agner.switchdemo.ingest.Directory}), a seeded Erlang traffic model
 * ({@link io.agner.switchdemo.ingest.TrafficConfig}, {@link io.agner.switchdemo.ingest.TrafficGenerator})
 * and the source that appends its subscriber events to the {@code events} topic
 * ({@link io.agner.switchdemo.ingest.TrafficSource}), with bad events for the demo
 * ({@link io.agner.switchdemo.ingest.BadEvents}). The events themselves are in
 * {@link io.agner.switchdemo.topic}.
 */
package io.agner.switchdemo.ingest;
