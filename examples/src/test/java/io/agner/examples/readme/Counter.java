package io.agner.examples.readme;

import io.agner.behaviour.From;
import io.agner.behaviour.GenServer;
import io.agner.runtime.ProcessContext;

/** README "Behaviours", first part (ReadmeSnippetsTest compares them); the second is in {@link BehavioursSnippet}. */
// README[behaviours 1]
public final class Counter implements GenServer<Long> {
    public record Add(long n) {}
    public record Get() {}

    public Long init(ProcessContext ctx) { return 0L; }

    public Result<Long> handleCast(ProcessContext ctx, Object request, Long count) {
        return request instanceof Add(long n) ? GenServer.noReply(count + n) : GenServer.noReply(count);
    }

    public Result<Long> handleCall(ProcessContext ctx, Object request, From from, Long count) {
        return switch (request) {
            case Get g -> GenServer.reply(count, count);
            default -> throw new IllegalArgumentException("unknown request " + request); // let it crash
        };
    }
}
// README[end]
