package dev.deploydiagnostics.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the engine gives a provider for one collection: the deadline, the limits, the provider's own
 * settings from {@code diagnostics.yaml}, a clock, and a way to have another provider collect part of the
 * evidence ({@link #delegate}).
 *
 * <p>New methods arrive as {@code default} methods, so providers keep compiling.
 */
@Stable
public interface CollectionContext {

    /** The instant by which the provider must return; work past it is thrown away. */
    Instant deadline();

    /** The clock to read "now" from; tests control it. */
    Clock clock();

    /** The most log lines to keep per source (tail first). */
    int logLineLimit();

    /** How far back to look for events when the request has no window. */
    Duration eventLookback();

    /** This provider's settings from the configuration file, keys as written under its id. */
    Map<String, String> settings();

    /** Time left before the deadline, never negative. */
    default Duration remaining() {
        Duration d = Duration.between(clock().instant(), deadline());
        return d.isNegative() ? Duration.ZERO : d;
    }

    /** True once the deadline has passed or the analysis was cancelled. */
    default boolean isExpired() {
        return Thread.currentThread().isInterrupted() || !clock().instant().isBefore(deadline());
    }

    /** One setting, if present. */
    default Optional<String> setting(String key) {
        return Optional.ofNullable(settings().get(key));
    }

    /** Records a resilience or cache statistic for the report, e.g. {@code retries=2}. */
    default void statistic(String key, String value) {
    }

    /**
     * Makes one call to a platform API within that API's quota, which every provider and analysis of the engine
     * share: when the quota has no room the call waits for it, and when room would not come before the
     * deadline the call is not made. {@code api} names the operation as the platform's permissions do, such as
     * {@code logs:FilterLogEvents} or {@code logging.logEntries.list}; an API without a quota is called at once.
     * Quotas are set under {@code resilience.apiQuotas} in {@code diagnostics.yaml}, with the documented ones of
     * the APIs the built-in providers call as defaults. Outside an engine (this default) the call is simply made.
     *
     * @throws ApiQuotaExceededException when the call was not made because the quota had no room in time
     */
    @Experimental("per-API quotas are new")
    default <T> T callApi(String api, Supplier<T> call) {
        Objects.requireNonNull(api, "api");
        return call.get();
    }

    /**
     * A collaborator the embedding application registered for providers, such as an SDK credentials
     * provider or a preconfigured client, looked up by type.
     */
    @Experimental("the set of shared collaborators may grow")
    default <T> Optional<T> component(Class<T> type) {
        return Optional.empty();
    }

    /**
     * True when {@link #delegate} would run a provider with this id: the engine has one registered, the
     * configuration lets it run, and it is not already running further up this delegation. A provider asks
     * before it prepares a derived request that costs something, such as minting a cluster token.
     *
     * <p>The default, for contexts outside an engine, has no provider to delegate to.
     */
    @Experimental("delegation between providers is new and may change")
    default boolean canDelegate(String providerId) {
        Objects.requireNonNull(providerId, "providerId");
        return false;
    }

    /**
     * Has the provider with this id collect evidence for a request derived from the caller's, e.g. a managed
     * Kubernetes provider handing the {@code kubernetes} provider the cluster's API server and a token, and
     * returns the evidence that provider collected; the caller merges it into its own bundle.
     *
     * <p>The engine runs the provider it has registered under that id, not a new instance: under the same
     * guards as any provider run (circuit breaker, retry, bulkhead, rate limiter), with that provider's own
     * settings from the configuration, and before the calling provider's deadline (less a small reserve, so
     * the caller still has time to return). The run appears among the report's provider runs with the
     * statistic {@code delegatedBy} naming the caller.
     *
     * <p>Never throws for a failed collection: a provider that is absent, disabled in the configuration,
     * already running further up this delegation (a provider delegating to itself or in a cycle), that does
     * not support the derived request, fails or runs out of time gives a bundle with a {@link CollectionGap}
     * saying so.
     *
     * <p>The default, for contexts outside an engine, returns one {@link CollectionGap.Kind#UNSUPPORTED} gap
     * saying no provider with that id is available.
     *
     * @param providerId     the id of the provider to run, e.g. {@code kubernetes}
     * @param derivedRequest the request to run it for, usually the caller's with attributes added
     * @return the evidence the provider collected, or a gap saying why there is none
     */
    @Experimental("delegation between providers is new and may change")
    default EvidenceBundle delegate(String providerId, DiagnosticRequest derivedRequest) {
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(derivedRequest, "derivedRequest");
        return EvidenceBundle.of(List.of(CollectionGap.of(providerId, "evidence from " + providerId,
                "no provider with id '" + providerId + "' is available to delegate to", CollectionGap.Kind.UNSUPPORTED)));
    }
}
