/**
 * The telephone switch on agner: its supervision tree on a node
 * ({@link io.agner.switchdemo.SwitchApp}), the area manager that lets the log's group management
 * pick a node's exchange areas ({@link io.agner.switchdemo.AreaManager}), and the single-node demo
 * ({@link io.agner.switchdemo.SwitchDemo}).
 *
 * <p>The packages depend on each other without cycles, each only on those below it:
 * {@snippet lang=text :
 * cluster                      several switch nodes on Kafka
 * (this package)               the application: supervision tree, area manager, demo
 * report                       what a run did, read back from the topics
 * call, billing                the exchange; billing (each on topic and ingest, not on the other)
 * ingest                       subscribers, traffic model, traffic source
 * topic                        topic names and the records on them
 * log.backend                  opens a log: embedded or Kafka
 * log.event, log.internal, log.kafka
 * log                          the event log's API
 * }
 */
package io.agner.switchdemo;
