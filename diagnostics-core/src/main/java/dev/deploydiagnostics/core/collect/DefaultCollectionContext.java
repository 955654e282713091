package dev.deploydiagnostics.core.collect;

import dev.deploydiagnostics.api.ApiQuotaExceededException;
import dev.deploydiagnostics.api.CollectionContext;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.ProviderRun;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The collection context the engine hands each provider run, including runs another provider delegated.
 *
 * <p>It knows which providers are running up its delegation chain, so {@link #delegate} can refuse a cycle,
 * and it shares one list of delegated runs with every context down that chain, so the orchestrator can
 * report them after the run that started them.
 */
final class DefaultCollectionContext implements CollectionContext {
    private final String providerId;
    private final Instant deadline;
    private final Clock clock;
    private final int logLineLimit;
    private final Duration eventLookback;
    private final Map<String, String> settings;
    private final Map<Class<?>, Object> components;
    private final Map<String, String> statistics = new ConcurrentHashMap<>();
    private final List<String> chain;
    private final ProviderDelegation delegation;
    private final Queue<ProviderRun> delegatedRuns;
    private final ApiQuotas quotas;

    /** The context of a provider run the orchestrator started. */
    DefaultCollectionContext(String providerId, Instant deadline, Clock clock, int logLineLimit, Duration eventLookback,
                             Map<String, String> settings, Map<Class<?>, Object> components,
                             ProviderDelegation delegation, ApiQuotas quotas) {
        this(providerId, deadline, clock, logLineLimit, eventLookback, settings, components, List.of(providerId),
                delegation, new ConcurrentLinkedQueue<>(), quotas);
    }

    private DefaultCollectionContext(String providerId, Instant deadline, Clock clock, int logLineLimit,
                                     Duration eventLookback, Map<String, String> settings,
                                     Map<Class<?>, Object> components, List<String> chain,
                                     ProviderDelegation delegation, Queue<ProviderRun> delegatedRuns,
                                     ApiQuotas quotas) {
        this.providerId = providerId;
        this.deadline = deadline;
        this.clock = clock;
        this.logLineLimit = logLineLimit;
        this.eventLookback = eventLookback;
        this.settings = Map.copyOf(settings);
        this.components = Map.copyOf(components);
        this.chain = List.copyOf(chain);
        this.delegation = delegation;
        this.delegatedRuns = delegatedRuns;
        this.quotas = quotas;
    }

    /** The context for a run of {@code id} that this context's provider delegated. */
    DefaultCollectionContext delegatedTo(String id, Instant runDeadline, Map<String, String> runSettings) {
        List<String> longer = new ArrayList<>(chain);
        longer.add(id);
        return new DefaultCollectionContext(id, runDeadline, clock, logLineLimit, eventLookback, runSettings,
                components, longer, delegation, delegatedRuns, quotas);
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
    public <T> T callApi(String api, Supplier<T> call) {
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(call, "call");
        long now = System.nanoTime();
        long wait = quotas.reserve(api, now, now + remaining().toNanos());
        if (wait < 0) {
            add("apiQuota.refused", 1);
            throw new ApiQuotaExceededException(api, "the quota of " + api + " (" + quotas.quota(api).orElseThrow()
                    + ") had no room before the deadline; the call was not made");
        }
        if (wait > 0) {
            add("apiQuota.waitMs", TimeUnit.NANOSECONDS.toMillis(wait));
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiQuotaExceededException(api, "the analysis was cancelled while waiting for the quota of "
                        + api + "; the call was not made");
            }
        }
        return call.get();
    }

    private void add(String key, long amount) {
        statistics.merge(key, Long.toString(amount), (a, b) -> Long.toString(Long.parseLong(a) + Long.parseLong(b)));
    }

    @Override
    public <T> Optional<T> component(Class<T> type) {
        Object o = components.get(type);
        if (o != null) {
            return Optional.of(type.cast(o));
        }
        return components.values().stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    @Override
    public boolean canDelegate(String id) {
        return delegation.canRun(this, id);
    }

    @Override
    public EvidenceBundle delegate(String id, DiagnosticRequest derivedRequest) {
        return delegation.run(this, id, derivedRequest);
    }

    /** The provider this context is for. */
    String providerId() {
        return providerId;
    }

    /** The providers running up this delegation, the one that started it first and this context's last. */
    List<String> chain() {
        return chain;
    }

    Map<String, String> statistics() {
        return Map.copyOf(statistics);
    }

    /** Records a finished delegated run for the orchestrator to report. */
    void recordDelegatedRun(ProviderRun run) {
        delegatedRuns.add(run);
    }

    /** The delegated runs down this chain that have finished, in the order they finished. */
    List<ProviderRun> delegatedRuns() {
        return List.copyOf(delegatedRuns);
    }
}
