/**
 * The switch on several nodes: {@link io.agner.switchdemo.cluster.SwitchNode} is one node (a JVM)
 * serving the exchange areas Kafka assigns it, {@link io.agner.switchdemo.cluster.Cluster} starts a
 * broker and several nodes, and {@link io.agner.switchdemo.cluster.ClusterDemo} runs them with
 * traffic and a node killed mid-run.
 */
package io.agner.switchdemo.cluster;
