package com.example.gettingstarted;

import io.agner.behaviour.From;
import io.agner.behaviour.GenServer;
import io.agner.runtime.ProcessContext;
import java.util.HashMap;
import java.util.Map;

/**
 * A gen_server keeping stock per item: {@link Restock} is a cast (no answer), {@link Reserve} and
 * {@link Count} are calls. The state is an immutable map, replaced on each change; callbacks run
 * one at a time on the server's own process, so nothing needs a lock.
 */
public final class Inventory implements GenServer<Map<String, Integer>> {

    /** Adds {@code quantity} of {@code item}. */
    public record Restock(String item, int quantity) {}

    /** Takes one {@code item} if there is one; answers whether it did. */
    public record Reserve(String item) {}

    /** Answers how many {@code item} are left. */
    public record Count(String item) {}

    @Override
    public Map<String, Integer> init(ProcessContext ctx) {
        return Map.of();
    }

    @Override
    public Result<Map<String, Integer>> handleCast(ProcessContext ctx, Object request, Map<String, Integer> stock) {
        if (request instanceof Restock(String item, int quantity)) {
            return GenServer.noReply(with(stock, item, stock.getOrDefault(item, 0) + quantity));
        }
        return GenServer.noReply(stock);
    }

    @Override
    public Result<Map<String, Integer>> handleCall(ProcessContext ctx, Object request, From from, Map<String, Integer> stock) {
        return switch (request) {
            case Reserve(String item) when stock.getOrDefault(item, 0) > 0 -> GenServer.reply(true, with(stock, item, stock.get(item) - 1));
            case Reserve r -> GenServer.reply(false, stock);
            case Count(String item) -> GenServer.reply(stock.getOrDefault(item, 0), stock);
            default -> throw new IllegalArgumentException("unknown request " + request); // let it crash
        };
    }

    private static Map<String, Integer> with(Map<String, Integer> stock, String item, int quantity) {
        Map<String, Integer> next = new HashMap<>(stock);
        next.put(item, quantity);
        return Map.copyOf(next);
    }
}
