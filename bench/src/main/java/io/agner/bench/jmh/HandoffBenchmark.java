package io.agner.bench.jmh;

import io.agner.bench.baseline.BareProcess;
import io.agner.runtime.Node;
import io.agner.runtime.Pid;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The send→receive hand-off between two parked processes, as a round trip: a driver process
 * plays {@value #BATCH} ping-pongs with an echo process per invocation; the score is per round
 * trip. Compared with the same on the bare baseline ({@link BareProcess}); Erlang's figure is the
 * ping-pong row of {@code make bench}.
 *
 * <p>Run alone: {@code java -cp bench/target/classes:$(cat bench/target/classpath.txt) org.openjdk.jmh.Main HandoffBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HandoffBenchmark {

    static final int BATCH = 10_000;

    private final SynchronousQueue<Object> done = new SynchronousQueue<>();
    private Node node;
    private Pid agnerDriver;
    private BareProcess bareDriver;

    @Setup
    public void setUp() {
        node = Node.start();
        Pid echo = node.spawn(ctx -> {
            while (true) {
                ctx.send((Pid) ctx.receive(), Boolean.TRUE);
            }
        });
        agnerDriver = node.spawn(ctx -> {
            while (true) {
                ctx.receive(); // a batch request
                for (int i = 0; i < BATCH; i++) {
                    ctx.send(echo, ctx.self());
                    ctx.receive();
                }
                done.put(Boolean.TRUE);
            }
        });
        BareProcess bareEcho = BareProcess.spawn(self -> {
            while (true) {
                ((BareProcess) self.receive()).send(Boolean.TRUE);
            }
        });
        bareDriver = BareProcess.spawn(self -> {
            while (true) {
                self.receive();
                for (int i = 0; i < BATCH; i++) {
                    bareEcho.send(self);
                    self.receive();
                }
                try {
                    done.put(Boolean.TRUE);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    @TearDown
    public void tearDown() {
        node.close(); // bare processes are daemon virtual threads; they end with the fork
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Object agnerRoundTrip() throws InterruptedException {
        node.send(agnerDriver, Boolean.TRUE);
        return done.take();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Object bareRoundTrip() throws InterruptedException {
        bareDriver.send(Boolean.TRUE);
        return done.take();
    }
}
