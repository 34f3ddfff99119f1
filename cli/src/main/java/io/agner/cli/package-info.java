/**
 * The {@code agner} command ({@link io.agner.cli.Agner}, run by {@code bin/agner}): inspects and
 * changes running nodes through their control sockets ({@code io.agner.hotswap.ControlServer}).
 * Its own artifact, {@code agner-cli}, with picocli: a node needs only {@code agner-hotswap}'s
 * control server to be reachable, not this.
 */
package io.agner.cli;
