package dev.deploydiagnostics.test;

import dev.deploydiagnostics.api.CollectionContext;
import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.DiagnosticProvider;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.Experimental;
import dev.deploydiagnostics.api.Stable;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link CollectionContext} for testing a provider without the engine: a deadline, a clock, limits, settings,
 * components and delegates you choose, and the statistics the provider recorded.
 *
 * <p>Each {@code with...} method returns a copy, so a test can start from one shared context and vary it:
 * <pre>{@code
 * TestCollectionContext context = TestCollectionContext.withTimeout(Duration.ofSeconds(30))
 *         .withClock(Clock.fixed(Instant.parse("2026-11-25T10:30:00Z"), ZoneOffset.UTC))
 *         .withSetting("maxAttempts", "1");
 * }</pre>
 */
@Stable
public final class TestCollectionContext implements CollectionContext {
    private final Instant deadline;
    private final Clock clock;
    // "now" on the clock when it was set: withClock moves the deadline by what was left from here, so a fixed
    // clock gets the exact timeout rather than one a few microseconds short
    private final Instant origin;
    private final int logLineLimit;
    private final Duration eventLookback;
    private final Map<String, String> settings;
    private final Map<Class<?>, Object> components;
    private final Map<String, String> statistics = new ConcurrentHashMap<>();

    private TestCollectionContext(Instant deadline, Clock clock, Instant origin, int logLineLimit,
                                  Duration eventLookback, Map<String, String> settings,
                                  Map<Class<?>, Object> components) {
        this.deadline = deadline;
        this.clock = clock;
        this.origin = origin;
        this.logLineLimit = logLineLimit;
        this.eventLookback = eventLookback;
        this.settings = Map.copyOf(settings);
        this.components = Map.copyOf(components);
    }

    /** A context with a deadline this far from now, 2,000 log lines, one hour of events, no settings. */
    public static TestCollectionContext withTimeout(Duration timeout) {
        Clock clock = Clock.systemUTC();
        Instant now = clock.instant();
        return new TestCollectionContext(now.plus(timeout), clock, now, 2000, Duration.ofHours(1), Map.of(), Map.of());
    }

    /**
     * A copy that reads "now" from this clock, for example {@link Clock#fixed} so that the time a provider
     * computes its window from is the one the fixtures were written for. The deadline moves with the clock: it
     * stays as far from the new clock's now as it was from the old clock's when that clock was set, so
     * {@code withTimeout(Duration.ofSeconds(30)).withClock(fixed)} has exactly 30 seconds left. Set an
     * absolute deadline with {@link #withDeadline(Instant)} after the clock.
     */
    public TestCollectionContext withClock(Clock value) {
        Objects.requireNonNull(value, "clock");
        Instant now = value.instant();
        return new TestCollectionContext(now.plus(Duration.between(origin, deadline)), value, now, logLineLimit,
                eventLookback, settings, components);
    }

    /**
     * A copy with this deadline, read against the context's clock; one at or before the clock's now makes the
     * context expired from the start.
     */
    public TestCollectionContext withDeadline(Instant value) {
        Objects.requireNonNull(value, "deadline");
        return new TestCollectionContext(value, clock, origin, logLineLimit, eventLookback, settings, components);
    }

    /** A copy with settings. */
    public TestCollectionContext withSettings(Map<String, String> values) {
        return new TestCollectionContext(deadline, clock, origin, logLineLimit, eventLookback, values, components);
    }

    /** A copy with one more setting, replacing a setting of the same key. */
    public TestCollectionContext withSetting(String key, String value) {
        Map<String, String> s = new LinkedHashMap<>(settings);
        s.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return new TestCollectionContext(deadline, clock, origin, logLineLimit, eventLookback, s, components);
    }

    /** A copy with a log line limit. */
    public TestCollectionContext withLogLineLimit(int value) {
        return new TestCollectionContext(deadline, clock, origin, value, eventLookback, settings, components);
    }

    /** A copy with a shared component. */
    public <T> TestCollectionContext withComponent(Class<T> type, T value) {
        Map<Class<?>, Object> c = new LinkedHashMap<>(components);
        c.put(type, Objects.requireNonNull(value));
        return new TestCollectionContext(deadline, clock, origin, logLineLimit, eventLookback, settings, c);
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

    /**
     * A copy in which {@link #delegate} runs this provider when asked for its id, as an engine runs a
     * registered provider: only for a request it supports, with a gap instead of an exception when it throws.
     * It runs on the calling thread with a copy of this context that cannot delegate to it again, so a provider
     * delegating to itself or in a cycle gets a gap rather than recursing.
     */
    @Experimental("delegation between providers is new and may change")
    public TestCollectionContext withDelegate(DiagnosticProvider provider) {
        Map<String, DiagnosticProvider> byId = new LinkedHashMap<>(delegates());
        byId.put(provider.id(), provider);
        return withComponent(Delegates.class, new Delegates(byId));
    }

    @Override
    public boolean canDelegate(String providerId) {
        Objects.requireNonNull(providerId, "providerId");
        return delegates().containsKey(providerId);
    }

    @Override
    public EvidenceBundle delegate(String providerId, DiagnosticRequest derivedRequest) {
        Objects.requireNonNull(derivedRequest, "derivedRequest");
        if (!canDelegate(providerId)) {
            return CollectionContext.super.delegate(providerId, derivedRequest);
        }
        DiagnosticProvider provider = delegates().get(providerId);
        try {
            if (!provider.supports(derivedRequest)) {
                return gap(providerId, "the provider '" + providerId + "' does not support the delegated request",
                        CollectionGap.Kind.UNSUPPORTED);
            }
            Map<String, DiagnosticProvider> rest = new LinkedHashMap<>(delegates());
            rest.remove(providerId);
            return provider.collect(derivedRequest, withComponent(Delegates.class, new Delegates(rest)));
        } catch (RuntimeException e) {
            return gap(providerId, "the provider failed: " + e, CollectionGap.Kind.ERROR);
        }
    }

    private Map<String, DiagnosticProvider> delegates() {
        return component(Delegates.class).map(Delegates::byId).orElse(Map.of());
    }

    private static EvidenceBundle gap(String providerId, String reason, CollectionGap.Kind kind) {
        return EvidenceBundle.of(List.of(CollectionGap.of(providerId, "evidence from " + providerId, reason, kind)));
    }

    /** The delegates by id; kept among the components so that every copy of the context carries them. */
    private record Delegates(Map<String, DiagnosticProvider> byId) {
        Delegates {
            byId = Map.copyOf(byId);
        }
    }
}
