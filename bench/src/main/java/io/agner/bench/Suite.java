package io.agner.bench;

import java.util.Map;

/**
 * One system under test. Each method performs one measured run of a benchmark whose definition
 * is identical in every system (see {@code bench/erlang/agner_bench.erl}) and returns its metrics.
 * Called from the harness's main thread only.
 */
interface Suite extends AutoCloseable {

    String name();

    /** A driver spawns {@code n} processes that each report ready and wait for one message: spawn_ms, bytes_per_process, total_ms. */
    Map<String, Double> spawn(int n) throws Exception;

    /** Hops per second of a token sent {@code rounds} times around a ring of {@code size} processes. */
    double ring(int size, int rounds) throws Exception;

    /** Nanoseconds per round trip between two processes, over {@code roundTrips}. */
    double pingPong(int roundTrips) throws Exception;

    /** Messages per second from {@code producers} processes, {@code perProducer} each, into one consumer. */
    double fanIn(int producers, int perProducer) throws Exception;

    /** Milliseconds for the 10-ary skynet tree with {@code leaves} leaves (a power of 10); checks the sum. */
    double skynet(int leaves) throws Exception;

    /**
     * GenServer call round trips ({@code call_ns}, per call over {@code calls}) and supervisor
     * restarts ({@code restart_us}: kill the worker, wait until its successor is registered and
     * answers a call; per restart over {@code restarts}). Empty where there are no behaviours.
     */
    default Map<String, Double> behaviours(int calls, int restarts) throws Exception {
        return Map.of();
    }

    @Override
    void close();
}
