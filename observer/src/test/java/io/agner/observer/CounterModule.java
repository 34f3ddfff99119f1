package io.agner.observer;

import io.agner.testkit.ModuleJar;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A "counter" module jar of a given version, compiled at test time: a GenServer whose state is
 * {@code State(long count)}, a cast adds one, a call answers "counter@<version>:<count>".
 * Test-thread only.
 */
final class CounterModule {

    private CounterModule() {}

    static Path jar(Path dir, String version) throws IOException {
        String source = """
                package counter;

                import io.agner.behaviour.From;
                import io.agner.behaviour.GenServer;
                import io.agner.runtime.ProcessContext;

                public class Counter implements GenServer<Counter.State> {
                    public record State(long count) {}

                    public State init(ProcessContext ctx) {
                        return new State(0);
                    }

                    @Override
                    public Result<State> handleCall(ProcessContext ctx, Object request, From from, State s) {
                        return GenServer.reply("counter@%s:" + s.count(), s);
                    }

                    @Override
                    public Result<State> handleCast(ProcessContext ctx, Object request, State s) {
                        return GenServer.noReply(new State(s.count() + 1));
                    }
                }
                """.formatted(version);
        return ModuleJar.build(dir, "counter", version, "counter.Counter", Map.of("counter/Counter.java", source));
    }
}
