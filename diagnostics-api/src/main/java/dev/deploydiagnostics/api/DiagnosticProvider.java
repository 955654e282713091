package dev.deploydiagnostics.api;

/**
 * Collects evidence from one platform or source. Service provider interface, discovered with
 * {@link java.util.ServiceLoader} under {@code META-INF/services/dev.deploydiagnostics.api.DiagnosticProvider}.
 *
 * <p>A provider never throws for a partial failure: what it could not collect becomes a
 * {@link CollectionGap} in the returned bundle. If it throws anyway, or hangs past its deadline, the engine
 * records a gap for it and carries on. Implementations must be thread-safe; one instance serves many
 * analyses.
 */
@Stable
public interface DiagnosticProvider extends AutoCloseable {

    /** A stable id, e.g. {@code kubernetes}, {@code aws-ecs}, {@code offline}. */
    String id();

    /** True when this provider can collect anything for the request. */
    boolean supports(DiagnosticRequest request);

    /**
     * Collects evidence for the request before {@link CollectionContext#deadline()}.
     *
     * @return the evidence, with a gap for each part that could not be collected
     */
    EvidenceBundle collect(DiagnosticRequest request, CollectionContext context);

    /**
     * True when the provider only reads local input (files, standard input, pasted text) and calls no remote
     * API. Local providers are not rate limited: the call-rate limit protects platforms' APIs, and a tool
     * analysing many pastes a second must not wait on it.
     */
    default boolean local() {
        return false;
    }

    /** Releases clients and threads; called when the engine closes. */
    @Override
    default void close() {
    }
}
