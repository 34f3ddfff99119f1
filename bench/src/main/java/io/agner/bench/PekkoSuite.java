package io.agner.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.LoggerFactory;

/**
 * The benchmarks on Apache Pekko typed actors (Java API, {@code pekko-actor-typed_2.13}): every
 * participant is an actor, with the definitions of {@link AgnerSuite} and
 * {@code bench/erlang/agner_bench.erl} (see {@link Suite}); the {@code Pekko} column of
 * {@code make bench}.
 *
 * <p>Run: {@code make bench} runs it beside agner, Erlang and the baseline; alone, after
 * {@code make build}: {@code java -Xms4g -Xmx4g -XX:+UseParallelGC -cp
 * bench/target/classes:$(cat bench/target/classpath.txt) io.agner.bench.Main --suites pekko
 * --no-erlang --no-jmh} (add {@code --only ring,ping-pong} for some benchmarks, {@code BENCH_QUICK=1}
 * for a one-run smoke test at a tenth of the size).
 *
 * <p>Compares: agner's processes against the actor library a JVM user would otherwise pick, as it
 * comes: one {@link ActorSystem} for the whole suite (closed in {@link #close()}), its default
 * dispatcher with the default settings (a fork-join pool of at least 8 threads, throughput 5) and
 * the default mailbox; only the logging is configured ({@link #CONFIG}: WARNING, no dead-letter
 * logging), through the config given to {@code ActorSystem.create}, not a file on the class path.
 *
 * <p>How the definitions map:
 * <ul>
 *   <li>Messages are plain objects (the same strings, boxed numbers and actor references agner
 *       sends); every actor is a {@code Behavior<Object>}.</li>
 *   <li>Where agner's driver thread calls {@code node.spawn}, the driver here spawns through the
 *       guardian, Pekko's {@link SpawnProtocol} (ask, then use the reference; or a plain tell where
 *       the reference is not needed, as for skynet's root, which is timed); where an agner process
 *       spawns, an actor spawns its child with {@code ActorContext.spawnAnonymous}.</li>
 *   <li>agner's blocking {@code receive} loops are actors that count in their state; the driver
 *       takes the same {@link System#nanoTime} readings at the same points, and the results come
 *       back through a {@link CompletableFuture}.</li>
 *   <li>{@code call_ns}: the equivalent of {@code gen_server:call} is Pekko's request-response with
 *       a timeout from inside an actor, {@link ActorContext#ask} (30 s timeout, as agner's call);
 *       a caller actor sends the next ask only when the previous reply has arrived, 100,000 times,
 *       to an echo actor.</li>
 *   <li>{@code restart_us}: the worker is an echo actor under
 *       {@code Behaviors.supervise(...).onFailure(SupervisorStrategy.restart())} (with its failure
 *       log turned off, as agner's bench turns off the supervisor's reports and Erlang's sets
 *       Logger to critical). Typed actors have no external kill, so a driver actor sends the
 *       worker a message that makes it throw, then asks it; Pekko restarts the worker in place
 *       (same reference, same mailbox), so the reply to that ask is the restarted worker's, and the
 *       run checks that the worker was started exactly {@code restarts + 1} times.</li>
 * </ul>
 * Called from the harness's main thread only.
 */
final class PekkoSuite implements Suite {

    private static final String READY = "ready";
    private static final String GO = "go";
    private static final String DONE = "done";
    private static final String CRASH = "crash";
    private static final String STOP = "stop";

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration SPAWN_TIMEOUT = Duration.ofSeconds(30);

    /** Pekko's defaults, but quiet: no INFO lines (start-up, shutdown) and no dead-letter reports during the runs. */
    static final String CONFIG = """
            pekko {
              loglevel = "WARNING"
              stdout-loglevel = "WARNING"
              log-dead-letters = off
              log-dead-letters-during-shutdown = off
            }
            """;

    private final ActorSystem<SpawnProtocol.Command> system;

    PekkoSuite() {
        // Initialise SLF4J here, on one thread: otherwise the actor system's threads race to do it
        // and SLF4J replays their early calls with a warning.
        LoggerFactory.getILoggerFactory();
        Config config = ConfigFactory.parseString(CONFIG).withFallback(ConfigFactory.load());
        system = ActorSystem.create(SpawnProtocol.create(), "agner-bench", config);
    }

    @Override
    public String name() {
        return "pekko";
    }

    /** Spawns an actor from the driver thread through the guardian and returns its reference. */
    private <T> ActorRef<T> spawn(Behavior<T> behavior) throws Exception {
        return AskPattern.<SpawnProtocol.Command, ActorRef<T>>ask(system,
                        replyTo -> new SpawnProtocol.Spawn<>(behavior, "", Props.empty(), replyTo), SPAWN_TIMEOUT, system.scheduler())
                .toCompletableFuture().get(SPAWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Spawns an actor from the driver thread through the guardian without waiting for it, as {@code node.spawn} does. */
    private void start(Behavior<Object> behavior) {
        system.tell(new SpawnProtocol.Spawn<>(behavior, "", Props.empty(), system.ignoreRef()));
    }

    @SuppressWarnings("unchecked")
    private static ActorRef<Object> ref(Object message) {
        return (ActorRef<Object>) message;
    }

    // ---------------------------------------------------------------- spawn

    @Override
    public Map<String, Double> spawn(int n) throws Exception {
        CompletableFuture<Map<String, Double>> result = new CompletableFuture<>();
        long before = Heap.usedAfterGc();
        start(Behaviors.setup(ctx -> new SpawnDriver(ctx, n, before, result).behavior()));
        return result.get();
    }

    /** Spawns the n waiters in its setup, collects their readies, measures the heap, releases them, collects their dones. */
    private static final class SpawnDriver {
        private final int n;
        private final long before;
        private final CompletableFuture<Map<String, Double>> result;
        private final List<ActorRef<Object>> refs;
        private final long t0;
        private final long spawned;
        private int readies;
        private int dones;
        private long bytes;
        private long measuring;

        SpawnDriver(ActorContext<Object> ctx, int n, long before, CompletableFuture<Map<String, Double>> result) {
            this.n = n;
            this.before = before;
            this.result = result;
            ActorRef<Object> self = ctx.getSelf();
            t0 = System.nanoTime();
            refs = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                refs.add(ctx.spawnAnonymous(waiter(self)));
            }
            spawned = System.nanoTime();
        }

        Behavior<Object> behavior() {
            return Behaviors.receiveMessage(this::onMessage);
        }

        private Behavior<Object> onMessage(Object m) {
            if (m == READY) {
                if (++readies == n) {
                    long m0 = System.nanoTime();
                    bytes = (Heap.usedAfterGc() - before) / n;
                    long m1 = System.nanoTime();
                    measuring = m1 - m0;
                    for (ActorRef<Object> r : refs) {
                        r.tell(GO);
                    }
                }
                return Behaviors.same();
            }
            if (++dones < n) {
                return Behaviors.same();
            }
            long end = System.nanoTime();
            result.complete(Map.of(
                    "spawn_ms", (spawned - t0) / 1e6,
                    "bytes_per_process", (double) bytes,
                    "total_ms", (end - t0 - measuring) / 1e6));
            return Behaviors.stopped();
        }
    }

    /** Reports ready, waits for one message, reports done and stops. */
    private static Behavior<Object> waiter(ActorRef<Object> driver) {
        return Behaviors.setup(c -> {
            driver.tell(READY);
            return Behaviors.receiveMessage(m -> {
                driver.tell(DONE);
                return Behaviors.stopped();
            });
        });
    }

    // ---------------------------------------------------------------- ring

    @Override
    public double ring(int size, int rounds) throws Exception {
        CompletableFuture<Long> elapsed = new CompletableFuture<>();
        ActorRef<Object> first = spawn(Behaviors.setup(ctx -> new RingFirst(rounds, elapsed).behavior()));
        ActorRef<Object> next = first;
        for (int i = 1; i < size; i++) {
            next = spawn(ringNode(next));
        }
        first.tell(next);
        return (double) size * rounds / (elapsed.get() / 1e9);
    }

    /** Gets its successor, then sends the token round {@code rounds} times, timing the laps; then sends done round. */
    private static final class RingFirst {
        private final int rounds;
        private final CompletableFuture<Long> elapsed;
        private ActorRef<Object> next;
        private long t0;
        private int lap;

        RingFirst(int rounds, CompletableFuture<Long> elapsed) {
            this.rounds = rounds;
            this.elapsed = elapsed;
        }

        Behavior<Object> behavior() {
            return Behaviors.receiveMessage(this::onMessage);
        }

        private Behavior<Object> onMessage(Object m) {
            if (next == null) {
                next = ref(m);
                t0 = System.nanoTime();
                next.tell(lap);
                return Behaviors.same();
            }
            if (m == DONE) {
                return Behaviors.stopped();
            }
            if (++lap < rounds) {
                next.tell(lap);
            } else {
                elapsed.complete(System.nanoTime() - t0);
                next.tell(DONE);
            }
            return Behaviors.same();
        }
    }

    /** Forwards every message to {@code to}; stops after forwarding done. */
    private static Behavior<Object> ringNode(ActorRef<Object> to) {
        return Behaviors.receiveMessage(m -> {
            to.tell(m);
            return m == DONE ? Behaviors.stopped() : Behaviors.same();
        });
    }

    // ---------------------------------------------------------------- ping-pong

    @Override
    public double pingPong(int roundTrips) throws Exception {
        CompletableFuture<Long> elapsed = new CompletableFuture<>();
        ActorRef<Object> ponger = spawn(Behaviors.receiveMessage(m -> {
            if (m instanceof ActorRef<?>) {
                ref(m).tell(DONE);
                return Behaviors.same();
            }
            return Behaviors.stopped();
        }));
        start(Behaviors.setup(ctx -> {
            ActorRef<Object> self = ctx.getSelf();
            long t0 = System.nanoTime();
            ponger.tell(self);
            int[] done = {0};
            return Behaviors.receiveMessage(m -> {
                if (++done[0] < roundTrips) {
                    ponger.tell(self);
                    return Behaviors.same();
                }
                elapsed.complete(System.nanoTime() - t0);
                ponger.tell(GO);
                return Behaviors.stopped();
            });
        }));
        return (double) elapsed.get() / roundTrips;
    }

    // ---------------------------------------------------------------- fan-in

    @Override
    public double fanIn(int producers, int perProducer) throws Exception {
        CompletableFuture<Long> elapsed = new CompletableFuture<>();
        long total = (long) producers * perProducer;
        ActorRef<Object> consumer = spawn(Behaviors.setup(ctx -> new Consumer(total, elapsed).behavior()));
        Integer one = 1;
        List<ActorRef<Object>> ps = new ArrayList<>(producers);
        for (int p = 0; p < producers; p++) {
            ps.add(spawn(Behaviors.receiveMessage(go -> {
                for (int i = 0; i < perProducer; i++) {
                    consumer.tell(one);
                }
                return Behaviors.stopped();
            })));
        }
        consumer.tell(System.nanoTime());
        for (ActorRef<Object> p : ps) {
            p.tell(GO);
        }
        return total / (elapsed.get() / 1e9);
    }

    /** Takes the start time (its first message), then counts {@code total} messages. */
    private static final class Consumer {
        private final long total;
        private final CompletableFuture<Long> elapsed;
        private long t0 = -1;
        private long count;

        Consumer(long total, CompletableFuture<Long> elapsed) {
            this.total = total;
            this.elapsed = elapsed;
        }

        Behavior<Object> behavior() {
            return Behaviors.receiveMessage(this::onMessage);
        }

        private Behavior<Object> onMessage(Object m) {
            if (t0 == -1) {
                t0 = (Long) m; // the start time, sent just before the producers are released
                return Behaviors.same();
            }
            if (++count < total) {
                return Behaviors.same();
            }
            elapsed.complete(System.nanoTime() - t0);
            return Behaviors.stopped();
        }
    }

    // ---------------------------------------------------------------- skynet

    @Override
    public double skynet(int leaves) throws Exception {
        CompletableFuture<Long> sum = new CompletableFuture<>();
        long t0 = System.nanoTime();
        start(Behaviors.setup(ctx -> {
            ctx.spawnAnonymous(skynetNode(ctx.getSelf(), 0, leaves));
            return Behaviors.receiveMessage(m -> {
                sum.complete((Long) m);
                return Behaviors.stopped();
            });
        }));
        long got = sum.get();
        long elapsed = System.nanoTime() - t0;
        if (got != Heap.skynetSum(leaves)) {
            throw new IllegalStateException("skynet summed " + got + ", expected " + Heap.skynetSum(leaves));
        }
        return elapsed / 1e6;
    }

    /** A leaf sends its number; an inner node spawns its 10 children, sums their 10 replies and sends the sum up. */
    private static Behavior<Object> skynetNode(ActorRef<Object> parent, long num, long size) {
        return Behaviors.setup(ctx -> {
            if (size == 1) {
                parent.tell(num);
                return Behaviors.stopped();
            }
            long sub = size / 10;
            ActorRef<Object> self = ctx.getSelf();
            for (int i = 0; i < 10; i++) {
                ctx.spawnAnonymous(skynetNode(self, num + i * sub, sub));
            }
            long[] total = {0};
            int[] replies = {0};
            return Behaviors.receiveMessage(m -> {
                total[0] += (Long) m;
                if (++replies[0] < 10) {
                    return Behaviors.same();
                }
                parent.tell(total[0]);
                return Behaviors.stopped();
            });
        });
    }

    // ---------------------------------------------------------------- behaviours

    /** A request and where to send the answer: what {@code ActorContext.ask} sends. */
    private record Call(Object request, ActorRef<Object> replyTo) {}

    /** An ask's outcome, adapted into the asking actor's own messages by {@code ActorContext.ask}. */
    private record Answer(Object reply, Throwable failure) {}

    /** The worker's failure: no stack trace, so that the restart benchmark does not time filling one in. */
    private static final class Crash extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Crash() {
            super("crash requested by the restart benchmark", null, false, false);
        }
    }

    private static final Crash CRASH_FAILURE = new Crash();

    /** Answers every call with its request; throws on crash; stops on stop. */
    private static Behavior<Object> echo() {
        return Behaviors.receiveMessage(m -> {
            if (m instanceof Call c) {
                c.replyTo().tell(c.request());
                return Behaviors.same();
            }
            if (m == CRASH) {
                throw CRASH_FAILURE;
            }
            return m == STOP ? Behaviors.stopped() : Behaviors.same();
        });
    }

    /** gen_server:call's equivalent from inside an actor: a request-response with a timeout. */
    private static void call(ActorContext<Object> ctx, ActorRef<Object> server) {
        ctx.ask(Object.class, server, CALL_TIMEOUT, replyTo -> new Call(GO, replyTo), Answer::new);
    }

    @Override
    public Map<String, Double> behaviours(int calls, int restarts) throws Exception {
        ActorRef<Object> server = spawn(echo());
        CompletableFuture<Long> callNanos = new CompletableFuture<>();
        start(Behaviors.setup(ctx -> {
            long t0 = System.nanoTime();
            int[] done = {0};
            call(ctx, server);
            return Behaviors.receiveMessage(m -> {
                Answer a = (Answer) m;
                if (a.failure() != null) {
                    callNanos.completeExceptionally(a.failure());
                    return Behaviors.stopped();
                }
                if (++done[0] < calls) {
                    call(ctx, server);
                    return Behaviors.same();
                }
                callNanos.complete(System.nanoTime() - t0);
                return Behaviors.stopped();
            });
        }));
        double callNs = (double) callNanos.get() / calls;
        server.tell(STOP);

        AtomicInteger starts = new AtomicInteger();
        ActorRef<Object> worker = spawn(Behaviors.supervise(Behaviors.<Object>setup(ctx -> {
            starts.incrementAndGet();
            return echo();
        })).onFailure(SupervisorStrategy.restart().withLoggingEnabled(false)));
        CompletableFuture<Long> restartNanos = new CompletableFuture<>();
        start(Behaviors.setup(ctx -> {
            long t0 = System.nanoTime();
            int[] done = {0};
            worker.tell(CRASH);
            call(ctx, worker);
            return Behaviors.receiveMessage(m -> {
                Answer a = (Answer) m;
                if (a.failure() != null) {
                    restartNanos.completeExceptionally(a.failure());
                    return Behaviors.stopped();
                }
                if (++done[0] < restarts) {
                    worker.tell(CRASH);
                    call(ctx, worker);
                    return Behaviors.same();
                }
                restartNanos.complete(System.nanoTime() - t0);
                return Behaviors.stopped();
            });
        }));
        double restartUs = restartNanos.get() / 1e3 / restarts;
        worker.tell(STOP);
        if (starts.get() != restarts + 1) {
            throw new IllegalStateException("the supervised worker started " + starts.get() + " times for "
                    + restarts + " restarts; expected " + (restarts + 1));
        }
        return Map.of("call_ns", callNs, "restart_us", restartUs);
    }

    @Override
    public void close() {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the Pekko actor system did not terminate within 30 s", e);
        }
    }
}
