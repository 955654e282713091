package dev.deploydiagnostics.core.collect;

import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.DiagnosticListener;
import dev.deploydiagnostics.api.DiagnosticProvider;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.ProviderRun;
import dev.deploydiagnostics.core.config.DiagnosticsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the providers that support a request in parallel on a bounded pool, each under its own deadline and
 * all under the request's, and merges what they return.
 *
 * <p>A provider that throws, hangs or returns nothing costs only itself: it becomes a {@link CollectionGap}
 * and a {@link ProviderRun} saying what happened. Listeners see exactly one finish or failure per start.
 *
 * <p>A provider may have another registered provider collect part of its evidence through
 * {@link dev.deploydiagnostics.api.CollectionContext#delegate}; each delegated run is reported right after the
 * run of the provider that asked for it, with the statistic {@code delegatedBy}.
 */
public final class Orchestrator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Orchestrator.class);

    private final List<DiagnosticProvider> providers;
    private final DiagnosticsConfig config;
    private final Clock clock;
    private final DiagnosticListener listener;
    private final Map<Class<?>, Object> components;
    private final ThreadPoolExecutor executor;
    private final ProviderGuard guard;
    /** Quotas of single platform APIs, shared by every provider and analysis of this engine. */
    private final ApiQuotas quotas;
    private final EvidenceCache cache;
    /** What the cache keeps outlives the analysis: it is redacted first, as the report is. */
    private final dev.deploydiagnostics.core.redact.Redactor redactor = new dev.deploydiagnostics.core.redact.Redactor();
    private final ExecutorService delegated;
    private final ProviderDelegation delegation;

    /**
     * Creates an orchestrator.
     *
     * @param providers  the providers to choose from
     * @param config     settings: which providers, their timeouts and settings, limits
     * @param clock      the clock deadlines are measured on
     * @param listener   progress callbacks (already guarded against throwing)
     * @param components collaborators shared with providers, by type
     * @param maxThreads the most provider calls at once
     */
    public Orchestrator(List<DiagnosticProvider> providers, DiagnosticsConfig config, Clock clock,
                        DiagnosticListener listener, Map<Class<?>, Object> components, int maxThreads) {
        this.providers = List.copyOf(providers);
        this.config = config;
        this.clock = clock;
        this.listener = listener;
        this.components = Map.copyOf(components);
        this.executor = new ThreadPoolExecutor(maxThreads, maxThreads, 10, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemonThreads("deploy-diagnostics-provider-"));
        this.executor.allowCoreThreadTimeOut(true);
        this.guard = new ProviderGuard(config.resilience(), config.providerTimeout(), listener);
        this.quotas = new ApiQuotas(config.resilience().apiQuotas());
        this.cache = new EvidenceCache(config.cache(), clock);
        this.delegated = Executors.newCachedThreadPool(
                daemonThreads("deploy-diagnostics-delegated-"));
        this.delegation = new ProviderDelegation(this.providers, config, clock, listener, guard, delegated);
    }

    /** The evidence cache shared by this orchestrator's analyses. */
    public EvidenceCache cache() {
        return cache;
    }

    /** The state of a provider's circuit breaker: {@code CLOSED}, {@code OPEN}, {@code HALF_OPEN}, ... */
    public String circuitState(String providerId) {
        return guard.breaker(providerId).getState().name();
    }

    /** The providers this orchestrator chooses from. */
    public List<DiagnosticProvider> providers() {
        return providers;
    }

    /**
     * Collects evidence for the request before the deadline.
     *
     * @throws CancellationException when the calling thread is interrupted (the analysis was cancelled)
     */
    public CollectionResult collect(DiagnosticRequest request, Instant deadline) {
        List<DiagnosticProvider> chosen = new ArrayList<>();
        EvidenceBundle.Builder merged = EvidenceBundle.builder();
        List<ProviderRun> runs = new ArrayList<>();
        for (DiagnosticProvider p : providers) {
            if (!config.providerAllowed(p.id())) {
                continue;
            }
            try {
                if (p.supports(request)) {
                    chosen.add(p);
                }
            } catch (RuntimeException e) {
                CollectionGap gap = CollectionGap.of(p.id(), "evidence from " + p.id(),
                        "the provider failed to say whether it supports the request: " + describe(e),
                        CollectionGap.Kind.ERROR);
                merged.add(gap);
                runs.add(new ProviderRun(p.id(), ProviderRun.Outcome.FAILED, Duration.ZERO, 0, 1, Map.of()));
            }
        }
        if (chosen.isEmpty() && runs.isEmpty()) {
            merged.add(CollectionGap.of("engine", "any evidence",
                    "no provider supports this request: give offline evidence (a file, a directory or standard "
                            + "input), or name a platform whose module is on the class path and the service to look at",
                    CollectionGap.Kind.UNSUPPORTED));
            return new CollectionResult(merged.build(), runs);
        }
        record Task(DiagnosticProvider provider, Future<EvidenceBundle> future, DefaultCollectionContext context,
                    Instant started, Instant deadline) {
        }
        List<Task> tasks = new ArrayList<>();
        for (DiagnosticProvider p : chosen) {
            Instant started = clock.instant();
            Instant own = started.plus(config.providerTimeout());
            Instant providerDeadline = own.isBefore(deadline) ? own : deadline;
            DefaultCollectionContext ctx = new DefaultCollectionContext(p.id(), providerDeadline, clock,
                    config.logLineLimit(), config.eventLookback(), config.settingsFor(p.id()), components, delegation,
                    quotas);
            listener.providerStarted(p.id(), request);
            LOG.debug("provider '{}' started, deadline {}", p.id(), providerDeadline);
            if (cache.cacheable(request)) {
                java.util.Optional<EvidenceBundle> hit = cache.get(p.id(), request);
                ctx.statistic("cache", hit.isPresent() ? "hit" : "miss");
                if (hit.isPresent()) {
                    tasks.add(new Task(p, java.util.concurrent.CompletableFuture.completedFuture(hit.get()), ctx, started, providerDeadline));
                    continue;
                }
            }
            Future<EvidenceBundle> f = executor.submit(() -> guard.call(p, request, ctx));
            tasks.add(new Task(p, f, ctx, started, providerDeadline));
        }
        try {
            for (Task t : tasks) {
                String id = t.provider().id();
                SettledRun settled = SettledRun.await(id, t.future(), t.started(), t.deadline(), t.context(), clock,
                        guard);
                ProviderRun run = settled.run();
                settled.bundle().ifPresent(bundle -> {
                    if (!"hit".equals(t.context().statistics().get("cache")) && cache.cacheable(request)) {
                        cache.put(id, request, redactor.redact(bundle));
                    }
                    merged.addAll(bundle.items());
                    bundle.platforms().forEach(merged::platform);
                    merged.droppedLogLines(bundle.droppedLogLines());
                });
                settled.failure().ifPresentOrElse(failure -> {
                    merged.add(failure);
                    listener.providerFailed(run, failure);
                }, () -> listener.providerFinished(run));
                LOG.debug("provider '{}' {} in {} ms", id, run.outcome(), run.duration().toMillis());
                runs.add(run);
                // What it delegated is already in its bundle; the runs show who did the work.
                runs.addAll(t.context().delegatedRuns());
            }
        } catch (InterruptedException e) {
            tasks.forEach(t -> t.future().cancel(true));
            Thread.currentThread().interrupt();
            throw new CancellationException("analysis cancelled");
        }
        return new CollectionResult(merged.build(), runs);
    }

    /** Stops the provider threads, those of delegated calls too; running calls are interrupted. */
    @Override
    public void close() {
        executor.shutdownNow();
        delegated.shutdownNow();
    }

    static String describe(Throwable t) {
        if (t == null) {
            return "unknown error";
        }
        String msg = t.getMessage();
        return t.getClass().getSimpleName() + (msg == null || msg.isBlank() ? "" : ": " + msg.split("\n")[0]);
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }

    static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
