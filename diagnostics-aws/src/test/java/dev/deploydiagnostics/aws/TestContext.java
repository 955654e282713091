package dev.deploydiagnostics.aws;

import dev.deploydiagnostics.api.CollectionContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A collection context with a fixed clock, for tests. */
final class TestContext implements CollectionContext {
    static final Instant NOW = Instant.parse("2026-11-25T13:30:00Z");
    static final Instant WINDOW_START = Instant.parse("2026-11-25T13:00:00Z");

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final Instant deadline;
    private final int logLineLimit;
    private final Map<String, String> settings = new HashMap<>();
    private final Map<Class<?>, Object> components = new HashMap<>();
    final Map<String, String> statistics = new ConcurrentHashMap<>();

    TestContext(Duration timeLeft, int logLineLimit) {
        this.deadline = NOW.plus(timeLeft);
        this.logLineLimit = logLineLimit;
    }

    static TestContext standard() {
        return new TestContext(Duration.ofSeconds(30), 100);
    }

    TestContext setting(String key, String value) {
        settings.put(key, value);
        return this;
    }

    <T> TestContext component(Class<T> type, T value) {
        components.put(type, value);
        return this;
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
        return Duration.ofHours(1);
    }

    @Override
    public Map<String, String> settings() {
        return Map.copyOf(settings);
    }

    @Override
    public void statistic(String key, String value) {
        statistics.put(key, value);
    }

    @Override
    public <T> Optional<T> component(Class<T> type) {
        return Optional.ofNullable(components.get(type)).map(type::cast);
    }
}
