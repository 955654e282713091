package dev.deploydiagnostics;

import dev.deploydiagnostics.api.DiagnosticListener;
import dev.deploydiagnostics.api.DiagnosticProvider;
import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.DiagnosticsException;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.FailurePattern;
import dev.deploydiagnostics.api.Finding;
import dev.deploydiagnostics.api.MatchContext;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.api.RenderOptions;
import dev.deploydiagnostics.api.ReportRenderer;
import dev.deploydiagnostics.api.Stable;
import dev.deploydiagnostics.api.TimelineEntry;
import dev.deploydiagnostics.core.collect.CollectionResult;
import dev.deploydiagnostics.core.collect.Orchestrator;
import dev.deploydiagnostics.core.config.DiagnosticsConfig;
import dev.deploydiagnostics.core.pattern.PatternEngine;
import dev.deploydiagnostics.core.similarity.FindingRefiner;
import dev.deploydiagnostics.core.redact.Redactor;
import dev.deploydiagnostics.core.report.ReportAssembler;
import dev.deploydiagnostics.core.timeline.TimelineBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A configured analysis engine: providers, patterns, renderers and settings, built once with
 * {@link Diagnostics#builder()} and shared between threads, like an HTTP client.
 *
 * <p>Every analysis collects evidence in parallel under its deadline, redacts it, runs the patterns, builds
 * the timeline and returns a report; it never throws for a failed collection. Close the engine to release its
 * threads.
 */
@Stable
public final class DiagnosticEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DiagnosticEngine.class);

    private final DiagnosticsConfig config;
    private final Orchestrator orchestrator;
    private final PatternEngine patterns;
    private final FindingRefiner refiner;
    private final Map<String, ReportRenderer> renderers;
    private final DiagnosticListener listener;
    private final Clock clock;
    private final Redactor redactor = new Redactor();
    private final ExecutorService analyses;

    DiagnosticEngine(DiagnosticsConfig config, List<DiagnosticProvider> providers, List<FailurePattern> patternList,
                     Map<String, ReportRenderer> renderers, DiagnosticListener listener, Clock clock,
                     Map<Class<?>, Object> components, FindingRefiner refiner) {
        this.config = config;
        this.refiner = refiner;
        this.clock = clock;
        this.listener = listener;
        this.renderers = Map.copyOf(renderers);
        this.patterns = new PatternEngine(patternList, 0.05, config.maxFindings());
        int threads = Math.max(4, Math.min(16, providers.size() * 2));
        this.orchestrator = new Orchestrator(providers, config, clock, listener, components, threads);
        AtomicInteger n = new AtomicInteger();
        this.analyses = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "deploy-diagnostics-analysis-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Analyses a failed deployment and returns the report. Never throws for a failed collection: what could
     * not be collected is in {@link DiagnosticReport#gaps()}.
     *
     * @throws CancellationException when the calling thread is interrupted
     */
    public DiagnosticReport analyze(DiagnosticRequest request) {
        Instant start = clock.instant();
        long startNanos = System.nanoTime();
        Duration timeout = request.timeout().equals(DiagnosticRequest.DEFAULT_TIMEOUT) ? config.analysisTimeout() : request.timeout();
        Instant deadline = start.plus(timeout);
        listener.analysisStarted(request);
        CollectionResult collected = orchestrator.collect(request, deadline);
        EvidenceBundle evidence = redactor.redact(collected.evidence());
        Optional<Platform> platform = request.platform().or(() -> evidence.platforms().stream().findFirst());
        MatchContext context = new MatchContext(request, platform, start);
        List<Finding> ranked = refiner.refine(patterns.analyze(evidence, context, listener), evidence);
        List<Finding> findings = ranked.size() > config.maxFindings() ? ranked.subList(0, config.maxFindings()) : ranked;
        List<TimelineEntry> timeline = new TimelineBuilder(200).build(evidence, findings);
        Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
        DiagnosticReport report = new ReportAssembler(config.confidenceThreshold())
                .assemble(request, platform, evidence, findings, timeline, collected.runs(), clock.instant(), took);
        LOG.debug("analysis of {} finished in {} ms: {}", request, took.toMillis(), report.verdict());
        listener.analysisFinished(report, took);
        return report;
    }

    /**
     * Analyses asynchronously. Cancelling the returned future interrupts the providers still running.
     */
    public CompletableFuture<DiagnosticReport> analyzeAsync(DiagnosticRequest request) {
        CompletableFuture<DiagnosticReport> result = new CompletableFuture<>();
        Future<?> task = analyses.submit(() -> {
            try {
                result.complete(analyze(request));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        result.whenComplete((r, t) -> {
            if (result.isCancelled()) {
                task.cancel(true);
            }
        });
        return result;
    }

    /** The patterns in use, in the order they run. */
    public List<FailurePattern> patterns() {
        return patterns.patterns();
    }

    /** The providers this engine may ask. */
    public List<DiagnosticProvider> providers() {
        return orchestrator.providers();
    }

    /** The renderers by format name. */
    public Map<String, ReportRenderer> renderers() {
        return renderers;
    }

    /** The renderer for a format name or file extension. */
    public Optional<ReportRenderer> renderer(String formatOrExtension) {
        String key = formatOrExtension.toLowerCase(java.util.Locale.ROOT);
        ReportRenderer r = renderers.get(key);
        if (r != null) {
            return Optional.of(r);
        }
        return renderers.values().stream().filter(x -> x.fileExtension().equalsIgnoreCase(key)).findFirst();
    }

    /**
     * Renders a report in a format.
     *
     * @throws DiagnosticsException when no renderer knows the format
     */
    public void render(DiagnosticReport report, String format, OutputStream out, RenderOptions options) throws IOException {
        ReportRenderer r = renderer(format).orElseThrow(() -> new DiagnosticsException("unknown format '" + format
                + "'; available: " + new java.util.TreeSet<>(renderers.keySet())));
        r.render(report, out, options);
    }

    /**
     * Forgets the evidence cached for a deployment, named by its deployment id or service, so the next analysis
     * asks the providers again.
     *
     * @return how many cached results were dropped
     */
    public int invalidate(String deployment) {
        return orchestrator.cache().invalidate(deployment);
    }

    /** Hit and miss counts of the evidence cache. */
    public dev.deploydiagnostics.core.collect.EvidenceCache.Stats cacheStats() {
        return orchestrator.cache().stats();
    }

    /** The state of a provider's circuit breaker: {@code CLOSED}, {@code OPEN} or {@code HALF_OPEN}. */
    public String circuitState(String providerId) {
        return orchestrator.circuitState(providerId);
    }

    /** The configuration in use. */
    public DiagnosticsConfig config() {
        return config;
    }

    /** Stops the engine's threads and closes its providers. */
    @Override
    public void close() {
        orchestrator.close();
        analyses.shutdownNow();
        for (DiagnosticProvider p : orchestrator.providers()) {
            try {
                p.close();
            } catch (RuntimeException e) {
                LOG.debug("provider {} failed to close", p.id(), e);
            }
        }
    }
}
