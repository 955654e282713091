package dev.deploydiagnostics.core.collect;

import dev.deploydiagnostics.api.CollectionContext;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The collection context the engine hands each provider run.
 */
final class DefaultCollectionContext implements CollectionContext {
    private final Instant deadline;
    private final Clock clock;
    private final int logLineLimit;
    private final Duration eventLookback;
    private final Map<String, String> settings;
    private final Map<Class<?>, Object> components;
    private final Map<String, String> statistics = new ConcurrentHashMap<>();

    DefaultCollectionContext(Instant deadline, Clock clock, int logLineLimit, Duration eventLookback,
                             Map<String, String> settings, Map<Class<?>, Object> components) {
        this.deadline = deadline;
        this.clock = clock;
        this.logLineLimit = logLineLimit;
        this.eventLookback = eventLookback;
        this.settings = Map.copyOf(settings);
        this.components = Map.copyOf(components);
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
        if (key != null && value != null) {
            statistics.put(key, value);
        }
    }

    @Override
    public <T> Optional<T> component(Class<T> type) {
        Object o = components.get(type);
        if (o != null) {
            return Optional.of(type.cast(o));
        }
        return components.values().stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    Map<String, String> statistics() {
        return Map.copyOf(statistics);
    }
}
