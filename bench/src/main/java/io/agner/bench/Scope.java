package io.agner.bench;

/**
 * Which systems have a version of a benchmark (the others' columns read n/a): every one; agner and
 * Erlang (Pekko and the bare baseline have no code upgrade); agner alone (the switch).
 */
enum Scope {
    EVERY_SYSTEM,
    AGNER_AND_ERLANG,
    AGNER_ONLY;

    /** Erlang runs it ({@code bench/erlang/agner_bench.erl} has it, under the same name). */
    boolean erlang() {
        return this != AGNER_ONLY;
    }

    /** Pekko and the baseline run it, besides agner's suites. */
    boolean pekkoAndBaseline() {
        return this == EVERY_SYSTEM;
    }
}
