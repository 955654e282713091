package dev.deploydiagnostics.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One sample of a platform metric, such as memory utilisation in percent.
 *
 * @param at         when the sample was taken
 * @param source     which metric store it came from
 * @param name       the metric name, e.g. {@code MemoryUtilization}
 * @param value      the value
 * @param unit       the unit, e.g. {@code Percent}, {@code Bytes}; empty when unknown
 * @param attributes dimensions and the statistic, e.g. {@code statistic=Maximum}
 */
@Stable
public record MetricSample(Instant at, String source, String name, double value, String unit,
                           Map<String, String> attributes) implements Evidence {

    /** Validates and copies. */
    public MetricSample {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unit, "unit");
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException("metric " + name + " value must be a number");
        }
        attributes = Map.copyOf(attributes);
    }

    @Override
    public Optional<Instant> timestamp() {
        return Optional.of(at);
    }

    @Override
    public Severity severity() {
        return Severity.INFO;
    }

    @Override
    public String text() {
        String stat = attributes.getOrDefault("statistic", "");
        return name + (stat.isEmpty() ? "" : " (" + stat + ")") + " = " + formatValue() + (unit.isEmpty() ? "" : " " + unit);
    }

    private String formatValue() {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : String.format(java.util.Locale.ROOT, "%.2f", value);
    }
}
