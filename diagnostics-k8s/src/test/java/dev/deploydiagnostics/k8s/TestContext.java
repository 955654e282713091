package dev.deploydiagnostics.k8s;

import dev.deploydiagnostics.api.CollectionContext;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A collection context with a fixed clock, for tests. */
final class TestContext implements CollectionContext {
    /** "Now" in every scenario: the fixtures' timestamps lead up to it. */
    static final Instant NOW = Instant.parse("2026-11-25T10:30:00Z");

    private final Clock clock;
    private final Instant deadline;
    private final int logLineLimit;
    private final Map<String, String> settings;
    private final Map<Class<?>, Object> components = new HashMap<>();

    private TestContext(Clock clock, Instant deadline, int logLineLimit, Map<String, String> settings) {
        this.clock = clock;
        this.deadline = deadline;
        this.logLineLimit = logLineLimit;
        this.settings = settings;
    }

    static TestContext standard() {
        return new TestContext(Clock.fixed(NOW, ZoneOffset.UTC), NOW.plusSeconds(60), 200, Map.of());
    }

    TestContext withLogLineLimit(int limit) {
        return new TestContext(clock, deadline, limit, settings);
    }

    TestContext withDeadline(Instant value) {
        return new TestContext(clock, value, logLineLimit, settings);
    }

    TestContext withClock(Clock value) {
        return new TestContext(value, value.instant().plusSeconds(60), logLineLimit, settings);
    }

    <T> TestContext withComponent(Class<T> type, T value) {
        TestContext c = new TestContext(clock, deadline, logLineLimit, settings);
        c.components.putAll(components);
        c.components.put(type, value);
        return c;
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
        return settings;
    }

    @Override
    public <T> Optional<T> component(Class<T> type) {
        return Optional.ofNullable(components.get(type)).map(type::cast);
    }
}
