package io.agner.switchdemo;

import io.agner.switchdemo.ingest.TrafficConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The demos' command-line options, as {@code --key value} or {@code --key=value}, and the traffic they describe. */
public final class Options {

    private Options() {}

    public static Map<String, String> parse(String[] args) {
        Map<String, String> opt = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + a + "'; options look like --areas=4");
            }
            String key = a.substring(2);
            int eq = key.indexOf('=');
            if (eq >= 0) {
                opt.put(key.substring(0, eq), key.substring(eq + 1));
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                opt.put(key, args[++i]);
            } else {
                opt.put(key, "");
            }
        }
        return opt;
    }

    public static String required(Map<String, String> opt, String key) {
        String v = opt.get(key);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("--" + key + " is required");
        }
        return v;
    }

    /**
     * The event log the options name, as {@link io.agner.switchdemo.log.backend.EventLogs#connect} reads it:
     * {@code --log <spec>} ({@code embedded:<dir>} or {@code kafka:<host:port>[,...]}); without it,
     * the embedded log (the default backend) in {@code --data <dir>}, or else in a fresh temporary folder.
     *
     * @throws IllegalArgumentException when both {@code --log} and {@code --data} are given
     */
    public static String logSpec(Map<String, String> opt) throws IOException {
        String log = opt.get("log");
        if (log != null && opt.containsKey("data")) {
            throw new IllegalArgumentException("give either --log or --data (the same as --log embedded:<dir>), not both");
        }
        if (log != null) {
            if (log.isEmpty()) {
                throw new IllegalArgumentException("--log needs a spec: embedded:<dir> or kafka:<host:port>");
            }
            return log;
        }
        String data = opt.get("data");
        return "embedded:" + (data != null && !data.isEmpty() ? data : Files.createTempDirectory("agner-switch-").toString());
    }

    /** The traffic of area 0 (each area takes {@code withArea}); the same options as the single-node demo. */
    public static TrafficConfig traffic(Map<String, String> opt) {
        return TrafficConfig.DEFAULT
                .withSeed(Long.parseLong(opt.getOrDefault("seed", "42")))
                .withSubscribers(Integer.parseInt(opt.getOrDefault("subscribers", "5000")))
                .withTrunks(Integer.parseInt(opt.getOrDefault("trunks", "60")))
                .withOfferedErlangs(Double.parseDouble(opt.getOrDefault("erlangs", "52")))
                .withMeanHolding(Duration.ofSeconds(Long.parseLong(opt.getOrDefault("holding", "120"))))
                .withDuration(Duration.ofMinutes((long) (60 * Double.parseDouble(opt.getOrDefault("hours", "24")))));
    }
}
