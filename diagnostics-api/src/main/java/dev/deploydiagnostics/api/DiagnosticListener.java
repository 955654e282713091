package dev.deploydiagnostics.api;

import java.time.Duration;

/**
 * Progress callbacks for one engine, in the manner of an event listener: every method has a no-op default.
 *
 * <p>Listeners must be fast and must not throw; one that throws is logged once and skipped. Every
 * {@link #providerStarted} is followed by exactly one {@link #providerFinished} or {@link #providerFailed}.
 */
@Stable
public interface DiagnosticListener {

    /** An analysis began. */
    default void analysisStarted(DiagnosticRequest request) {
    }

    /** A provider began collecting. */
    default void providerStarted(String providerId, DiagnosticRequest request) {
    }

    /** A provider returned, possibly with gaps. */
    default void providerFinished(ProviderRun run) {
    }

    /** A provider threw, timed out or was skipped; its gap is in the report. */
    default void providerFailed(ProviderRun run, CollectionGap gap) {
    }

    /** A pattern threw or returned an invalid finding and was skipped. */
    default void patternFailed(String patternId, String problem) {
    }

    /** A resilience component changed state, e.g. a circuit breaker went from CLOSED to OPEN. */
    @Experimental("the event vocabulary may grow")
    default void resilienceEvent(String providerId, String component, String event) {
    }

    /** An analysis finished with this report. */
    default void analysisFinished(DiagnosticReport report, Duration duration) {
    }
}
