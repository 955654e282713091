package dev.deploydiagnostics.aws;

import dev.deploydiagnostics.api.CollectionContext;
import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.DiagnosticProvider;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.EvidenceBundle;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A collection context with a fixed clock and the delegates a test registers, for tests. */
final class TestContext implements CollectionContext {
    static final Instant NOW = Instant.parse("2026-11-25T13:30:00Z");
    static final Instant WINDOW_START = Instant.parse("2026-11-25T13:00:00Z");

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final Instant deadline;
    private final int logLineLimit;
    private final Map<String, String> settings = new HashMap<>();
    private final Map<Class<?>, Object> components = new HashMap<>();
    private final Map<String, DiagnosticProvider> delegates = new HashMap<>();
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

    /** Has {@link #delegate} run this provider for its id, on the calling thread and with this context. */
    TestContext withDelegate(DiagnosticProvider provider) {
        delegates.put(provider.id(), provider);
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

    @Override
    public boolean canDelegate(String providerId) {
        return delegates.containsKey(providerId);
    }

    @Override
    public EvidenceBundle delegate(String providerId, DiagnosticRequest derivedRequest) {
        DiagnosticProvider provider = delegates.get(providerId);
        if (provider == null) {
            return CollectionContext.super.delegate(providerId, derivedRequest);
        }
        if (!provider.supports(derivedRequest)) {
            return EvidenceBundle.of(List.of(CollectionGap.of(providerId, "evidence from " + providerId,
                    "the provider does not support the delegated request", CollectionGap.Kind.UNSUPPORTED)));
        }
        return provider.collect(derivedRequest, this);
    }
}
