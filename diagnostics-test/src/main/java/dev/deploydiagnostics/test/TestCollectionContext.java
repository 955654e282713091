package dev.deploydiagnostics.test;

import dev.deploydiagnostics.api.CollectionContext;
import dev.deploydiagnostics.api.Stable;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link CollectionContext} for testing a provider without the engine: a deadline, limits, settings and
 * components you choose, and the statistics the provider recorded.
 */
@Stable
public final class TestCollectionContext implements CollectionContext {
    private final Instant deadline;
    private final Clock clock;
    private final int logLineLimit;
    private final Duration eventLookback;
    private final Map<String, String> settings;
    private final Map<Class<?>, Object> components;
    private final Map<String, String> statistics = new ConcurrentHashMap<>();

    private TestCollectionContext(Instant deadline, Clock clock, int logLineLimit, Duration eventLookback,
                                  Map<String, String> settings, Map<Class<?>, Object> components) {
        this.deadline = deadline;
        this.clock = clock;
        this.logLineLimit = logLineLimit;
        this.eventLookback = eventLookback;
        this.settings = Map.copyOf(settings);
        this.components = Map.copyOf(components);
    }

    /** A context with a deadline this far from now, 2,000 log lines, one hour of events, no settings. */
    public static TestCollectionContext withTimeout(Duration timeout) {
        Clock clock = Clock.systemUTC();
        return new TestCollectionContext(clock.instant().plus(timeout), clock, 2000, Duration.ofHours(1), Map.of(), Map.of());
    }

    /** A copy with settings. */
    public TestCollectionContext withSettings(Map<String, String> values) {
        return new TestCollectionContext(deadline, clock, logLineLimit, eventLookback, values, components);
    }

    /** A copy with a log line limit. */
    public TestCollectionContext withLogLineLimit(int value) {
        return new TestCollectionContext(deadline, clock, value, eventLookback, settings, components);
    }

    /** A copy with a shared component. */
    public <T> TestCollectionContext withComponent(Class<T> type, T value) {
        Map<Class<?>, Object> c = new LinkedHashMap<>(components);
        c.put(type, Objects.requireNonNull(value));
        return new TestCollectionContext(deadline, clock, logLineLimit, eventLookback, settings, c);
    }

    @Override
    public Instant deadline() {
        return deadline;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public int logLineLimit() {
        return logLineLimit;
    }

    @Override
    public Duration eventLookback() {
        return eventLookback;
    }

    @Override
    public Map<String, String> settings() {
        return settings;
    }

    @Override
    public void statistic(String key, String value) {
        statistics.put(key, value);
    }

    @Override
    public <T> Optional<T> component(Class<T> type) {
        return components.values().stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    /** The statistics the provider recorded. */
    public Map<String, String> statistics() {
        return Map.copyOf(statistics);
    }
}
