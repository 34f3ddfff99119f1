/**
 * Testing agner code with JUnit 5 (artifact {@code agner-testkit}, test scope):
 * {@link io.agner.testkit.NodeExtension} opens a fresh node for each test and closes it after;
 * {@link io.agner.testkit.Probe} is a process that records what it receives and runs test code in
 * its own process context; {@link io.agner.testkit.ManualClock} makes timeouts fire only when the
 * test advances it; {@link io.agner.testkit.Await#await()} is Awaitility with the kit's timeout;
 * {@link io.agner.testkit.LogCapture} (logback backend only) and
 * {@link io.agner.testkit.JfrCapture} capture logs and JFR events;
 * {@link io.agner.testkit.ModuleJar} builds a code module's jar at test time, for upgrade tests.
 *
 * {@snippet :
 * @RegisterExtension final NodeExtension agner = new NodeExtension();
 *
 * @Test void echo_repliesToTheSender() {
 *     Probe probe = agner.probe();
 *     Pid echo = agner.node().spawn(ctx -> { ... });
 *     agner.node().send(echo, new Ping(probe.pid()));
 *     assertEquals(new Pong(), probe.next());
 * }
 * }
 *
 * <p>Nothing here changes global state (Awaitility's defaults, logging configuration beyond the
 * captured logger during its test).
 */
package io.agner.testkit;
