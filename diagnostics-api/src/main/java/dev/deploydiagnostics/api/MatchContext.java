package dev.deploydiagnostics.api;

import java.time.Instant;
import java.util.Optional;

/**
 * What a pattern may know besides the evidence: the request, the platform the engine settled on, and the
 * time of the analysis.
 *
 * @param request  the request being analysed
 * @param platform the platform from the request, or else the one the evidence shows
 * @param now      the time of the analysis
 */
@Stable
public record MatchContext(DiagnosticRequest request, Optional<Platform> platform, Instant now) {

    /** Validates. */
    public MatchContext {
        java.util.Objects.requireNonNull(request, "request");
        java.util.Objects.requireNonNull(platform, "platform");
        java.util.Objects.requireNonNull(now, "now");
    }

    /** A context for a request with no platform, at the current time; for tests and simple callers. */
    public static MatchContext of(DiagnosticRequest request) {
        return new MatchContext(request, request.platform(), Instant.now());
    }
}
