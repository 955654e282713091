package dev.deploydiagnostics.sinks;

import dev.deploydiagnostics.api.Experimental;

import java.time.Duration;
import java.util.Objects;

/**
 * How a sink is retried: up to {@code maxAttempts} calls, waiting an exponentially growing delay from
 * {@code initialBackoff} up to {@code maxBackoff}, each with random jitter between half and all of it. A service's
 * {@code Retry-After} replaces the computed delay; one longer than {@code maxRetryAfter} ends the retries.
 *
 * @param maxAttempts    calls per sink, at least 1
 * @param initialBackoff the wait before the second call
 * @param maxBackoff     the longest computed wait
 * @param maxRetryAfter  the longest {@code Retry-After} honoured
 */
@Experimental("sinks are new")
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {
    /** Four calls, from one second up to thirty, honouring a Retry-After of up to two minutes. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofSeconds(30),
            Duration.ofMinutes(2));

    /** Validates. */
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
    }

    /** The computed delay before call {@code attempt + 1} (attempt counts from 1), before jitter. */
    public Duration backoff(int attempt) {
        long millis = initialBackoff.toMillis();
        for (int i = 1; i < attempt && millis < maxBackoff.toMillis(); i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }
}
