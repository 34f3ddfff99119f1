package io.agner.bench;

import io.agner.bench.baseline.BareProcess;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The same benchmarks on {@link BareProcess}: virtual threads and JCTools queues, no agner. */
final class BaselineSuite implements Suite {

    private static final String READY = "ready";
    private static final String GO = "go";
    private static final String DONE = "done";

    @Override
    public String name() {
        return "baseline";
    }

    @Override
    public Map<String, Double> spawn(int n) throws Exception {
        CompletableFuture<Map<String, Double>> result = new CompletableFuture<>();
        long before = Heap.usedAfterGc();
        BareProcess.spawn(self -> {
            long t0 = System.nanoTime();
            BareProcess[] ps = new BareProcess[n];
            for (int i = 0; i < n; i++) {
                ps[i] = BareProcess.spawn(c -> {
                    self.send(READY);
                    c.receive();
                    self.send(DONE);
                });
            }
            long spawned = System.nanoTime();
            for (int i = 0; i < n; i++) {
                self.receive();
            }
            long m0 = System.nanoTime();
            long bytes = (Heap.usedAfterGc() - before) / n;
            long m1 = System.nanoTime();
            for (BareProcess p : ps) {
                p.send(GO);
            }
            for (int i = 0; i < n; i++) {
                self.receive();
            }
            long end = System.nanoTime();
            result.complete(Map.of(
                    "spawn_ms", (spawned - t0) / 1e6,
                    "bytes_per_process", (double) bytes,
                    "total_ms", (end - t0 - (m1 - m0)) / 1e6));
        });
        return result.get();
    }

    @Override
    public double ring(int size, int rounds) throws Exception {
        CompletableFuture<Long> elapsed = new CompletableFuture<>();
        CompletableFuture<BareProcess> closer = new CompletableFuture<>();
        BareProcess first = BareProcess.spawn(self -> {
            BareProcess next = closer.join();
            long t0 = System.nanoTime();
            for (int lap = 0; lap < rounds; lap++) {
                next.send(lap);
                self.receive();
            }
            elapsed.complete(System.nanoTime() - t0);
            next.send(DONE);
            self.receive();
        });
        BareProcess next = first;
        for (int i = 1; i < size; i++) {
            BareProcess to = next;
            next = BareProcess.spawn(self -> {
                Object m;
                do {
                    m = self.receive();
                    to.send(m);
                } while (m != DONE);
            });
        }
        closer.complete(next);
        return (double) size * rounds / (elapsed.get() / 1e9);
    }

    @Override
    public double pingPong(int roundTrips) throws Exception {
        CompletableFuture<Long> elapsed = new CompletableFuture<>();
        BareProcess ponger = BareProcess.spawn(self -> {
            while (self.receive() instanceof BareProcess from) {
                from.send(DONE);
            }
        });
        BareProcess.spawn(self -> {
            long t0 = System.nanoTime();
            for (int i = 0; i < roundTrips; i++) {
                ponger.send(self);
                self.receive();
            }
            elapsed.complete(System.nanoTime() - t0);
            ponger.send(GO);
        });
        return (double) elapsed.get() / roundTrips;
    }

    @Override
    public double fanIn(int producers, int perProducer) throws Exception {
        CompletableFuture<Long> elapsed = new CompletableFuture<>();
        long total = (long) producers * perProducer;
        BareProcess consumer = BareProcess.spawn(self -> {
            long t0 = (Long) self.receive();
            for (long i = 0; i < total; i++) {
                self.receive();
            }
            elapsed.complete(System.nanoTime() - t0);
        });
        Integer one = 1;
        BareProcess[] ps = new BareProcess[producers];
        for (int p = 0; p < producers; p++) {
            ps[p] = BareProcess.spawn(self -> {
                self.receive(); // go
                for (int i = 0; i < perProducer; i++) {
                    consumer.send(one);
                }
            });
        }
        consumer.send(System.nanoTime());
        for (BareProcess p : ps) {
            p.send(GO);
        }
        return total / (elapsed.get() / 1e9);
    }

    @Override
    public double skynet(int leaves) throws Exception {
        CompletableFuture<Long> sum = new CompletableFuture<>();
        long t0 = System.nanoTime();
        BareProcess.spawn(self -> {
            BareProcess.spawn(skynetNode(self, 0, leaves));
            sum.complete((Long) self.receive());
        });
        long got = sum.get();
        long elapsed = System.nanoTime() - t0;
        if (got != Heap.skynetSum(leaves)) {
            throw new IllegalStateException("skynet summed " + got + ", expected " + Heap.skynetSum(leaves));
        }
        return elapsed / 1e6;
    }

    private static java.util.function.Consumer<BareProcess> skynetNode(BareProcess parent, long num, long size) {
        return self -> {
            if (size == 1) {
                parent.send(num);
                return;
            }
            long sub = size / 10;
            for (int i = 0; i < 10; i++) {
                BareProcess.spawn(skynetNode(self, num + i * sub, sub));
            }
            long total = 0;
            for (int i = 0; i < 10; i++) {
                total += (Long) self.receive();
            }
            parent.send(total);
        };
    }

    @Override
    public void close() {}
}
