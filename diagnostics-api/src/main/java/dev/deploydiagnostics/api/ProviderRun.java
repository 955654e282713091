package dev.deploydiagnostics.api;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What one provider did during an analysis: how it ended, how long it took, what it returned.
 *
 * @param providerId    the provider's id
 * @param outcome       how it ended
 * @param duration      wall time spent
 * @param evidenceCount items collected, gaps excluded
 * @param gapCount      gaps reported
 * @param statistics    resilience and cache detail, e.g. {@code retries=2}, {@code circuit=CLOSED}, {@code cache=hit}
 */
@Stable
public record ProviderRun(String providerId, Outcome outcome, Duration duration, int evidenceCount, int gapCount,
                          Map<String, String> statistics) {

    /** How a provider run ended. */
    @Stable
    public enum Outcome {
        /** Collected without gaps. */
        SUCCEEDED,
        /** Collected some evidence and reported gaps. */
        PARTIAL,
        /** Threw or returned nothing usable. */
        FAILED,
        /** Ran past its deadline. */
        TIMED_OUT,
        /** Not run: a circuit breaker was open, or the analysis was cancelled first. */
        SKIPPED
    }

    /** Validates and copies. */
    public ProviderRun {
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(duration, "duration");
        statistics = Map.copyOf(statistics);
    }
}
