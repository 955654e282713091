package dev.deploydiagnostics.core.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A platform API's quota: at most {@code calls} calls per {@code period}, shared by every provider and analysis
 * of one engine, so collection stays under what the platform documents rather than being throttled by it.
 *
 * @param calls  calls allowed per period, at least 1
 * @param period the period, positive
 */
public record ApiQuota(int calls, Duration period) {

    /**
     * The documented quotas of the APIs the built-in providers call that a burst of analyses can reach, by the
     * name providers give them (the IAM action or permission): CloudWatch Logs {@code FilterLogEvents}, 5 a
     * second per account and Region; CloudWatch {@code GetMetricData}, 50 a second; Cloud Logging
     * {@code entries.list}, one a second (60 a minute) per project.
     */
    public static final Map<String, ApiQuota> DEFAULTS = defaults();

    private static Map<String, ApiQuota> defaults() {
        Map<String, ApiQuota> m = new LinkedHashMap<>();
        m.put("logs:FilterLogEvents", new ApiQuota(5, Duration.ofSeconds(1)));
        m.put("cloudwatch:GetMetricData", new ApiQuota(50, Duration.ofSeconds(1)));
        m.put("logging.logEntries.list", new ApiQuota(60, Duration.ofMinutes(1)));
        return Map.copyOf(m);
    }

    /** Validates. */
    public ApiQuota {
        Objects.requireNonNull(period, "period");
        if (calls < 1) {
            throw new IllegalArgumentException("calls must be at least 1");
        }
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("period must be positive");
        }
    }

    @Override
    public String toString() {
        return calls + " calls per " + period.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }
}
