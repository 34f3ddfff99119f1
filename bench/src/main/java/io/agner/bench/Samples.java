package io.agner.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Measured values per system and metric, in run order. Single-threaded. */
final class Samples {

    private final Map<String, Map<String, List<Double>>> bySystem = new LinkedHashMap<>();

    void add(String system, String metric, double value) {
        bySystem.computeIfAbsent(system, s -> new LinkedHashMap<>())
                .computeIfAbsent(metric, m -> new ArrayList<>())
                .add(value);
    }

    void addAll(String system, Map<String, Double> values) {
        values.forEach((metric, value) -> add(system, metric, value));
    }

    /** The values, or an empty list if that system did not report the metric. */
    List<Double> get(String system, String metric) {
        return bySystem.getOrDefault(system, Map.of()).getOrDefault(metric, List.of());
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
}
