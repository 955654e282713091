package dev.deploydiagnostics.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What the engine gives a provider for one collection: the deadline, the limits, the provider's own
 * settings from {@code diagnostics.yaml}, and a clock.
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
     * A collaborator the embedding application registered for providers, such as an SDK credentials
     * provider or a preconfigured client, looked up by type.
     */
    @Experimental("the set of shared collaborators may grow")
    default <T> Optional<T> component(Class<T> type) {
        return Optional.empty();
    }
}
