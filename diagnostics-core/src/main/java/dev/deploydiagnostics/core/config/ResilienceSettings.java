package dev.deploydiagnostics.core.config;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How provider calls are protected: a circuit breaker per provider, retries with exponential back-off and
 * jitter, a bulkhead bounding concurrent calls, a rate limiter per provider, and quotas of single platform APIs.
 *
 * @param failureRateThreshold   percentage of failed calls that opens a provider's circuit
 * @param minimumCalls           calls recorded before the failure rate counts
 * @param slidingWindowSize      calls the failure rate is computed over
 * @param waitInOpenState        how long an open circuit stays open before letting trial calls through
 * @param permittedCallsInHalfOpen trial calls allowed while half-open
 * @param maxAttempts            attempts per provider call, the first included
 * @param initialBackoff         wait before the first retry
 * @param backoffMultiplier      growth of the wait per retry
 * @param maxBackoff             longest wait between attempts
 * @param jitter                 randomisation factor of each wait, in [0, 1)
 * @param maxConcurrentCalls     calls to one provider at once, across analyses
 * @param callsPerPeriod         calls to one provider allowed per period
 * @param period                 the rate limiter's period
 * @param apiQuotas              quotas of single platform APIs by name, shared by every provider calling them
 *                               through {@code CollectionContext.callApi}; {@link ApiQuota#DEFAULTS} unless set
 */
public record ResilienceSettings(float failureRateThreshold, int minimumCalls, int slidingWindowSize,
                                 Duration waitInOpenState, int permittedCallsInHalfOpen, int maxAttempts,
                                 Duration initialBackoff, double backoffMultiplier, Duration maxBackoff, double jitter,
                                 int maxConcurrentCalls, int callsPerPeriod, Duration period,
                                 Map<String, ApiQuota> apiQuotas) {

    /** Defaults: open at 50 % of 10 calls (after 4), 30 s open, 3 attempts from 200 ms doubling to 5 s with 50 % jitter, 8 concurrent calls, 20 calls a second. */
    public static final ResilienceSettings DEFAULTS = new ResilienceSettings(50f, 4, 10, Duration.ofSeconds(30), 2, 3,
            Duration.ofMillis(200), 2.0, Duration.ofSeconds(5), 0.5, 8, 20, Duration.ofSeconds(1), ApiQuota.DEFAULTS);

    /** Settings with the default API quotas. */
    public ResilienceSettings(float failureRateThreshold, int minimumCalls, int slidingWindowSize,
                              Duration waitInOpenState, int permittedCallsInHalfOpen, int maxAttempts,
                              Duration initialBackoff, double backoffMultiplier, Duration maxBackoff, double jitter,
                              int maxConcurrentCalls, int callsPerPeriod, Duration period) {
        this(failureRateThreshold, minimumCalls, slidingWindowSize, waitInOpenState, permittedCallsInHalfOpen,
                maxAttempts, initialBackoff, backoffMultiplier, maxBackoff, jitter, maxConcurrentCalls, callsPerPeriod,
                period, ApiQuota.DEFAULTS);
    }

    /** Validates. */
    public ResilienceSettings {
        if (!(failureRateThreshold > 0 && failureRateThreshold <= 100)) {
            throw new IllegalArgumentException("failureRateThreshold must be within (0, 100]");
        }
        if (minimumCalls < 1 || slidingWindowSize < 1 || permittedCallsInHalfOpen < 1 || maxAttempts < 1
                || maxConcurrentCalls < 1 || callsPerPeriod < 1) {
            throw new IllegalArgumentException("call counts must be at least 1");
        }
        Objects.requireNonNull(waitInOpenState, "waitInOpenState");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(period, "period");
        apiQuotas = Map.copyOf(Objects.requireNonNull(apiQuotas, "apiQuotas"));
        if (backoffMultiplier < 1) {
            throw new IllegalArgumentException("backoffMultiplier must be at least 1");
        }
        if (!(jitter >= 0 && jitter < 1)) {
            throw new IllegalArgumentException("jitter must be within [0, 1)");
        }
    }
}
