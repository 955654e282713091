package dev.deploydiagnostics.core.collect;

import dev.deploydiagnostics.api.CollectionContext;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs a registered provider for a request another provider derived, as {@link CollectionContext#delegate}
 * promises: the engine's own instance, under its guard and its own settings, before the caller's deadline less
 * a reserve, and never throwing at the caller.
 *
 * <p>Delegated calls run on a pool of their own: the provider pool's threads may all be taken by callers
 * waiting for exactly these calls. The guards' bulkheads bound how many run at once.
 */
final class ProviderDelegation {
    private static final Logger LOG = LoggerFactory.getLogger(ProviderDelegation.class);
    /** The most time kept back from a delegated call for the caller to merge and return. */
    static final Duration MAX_RESERVE = Duration.ofSeconds(1);

    private final Map<String, DiagnosticProvider> providers;
    private final DiagnosticsConfig config;
    private final Clock clock;
    private final DiagnosticListener listener;
    private final ProviderGuard guard;
    private final ExecutorService executor;

    ProviderDelegation(List<DiagnosticProvider> providers, DiagnosticsConfig config, Clock clock,
                       DiagnosticListener listener, ProviderGuard guard, ExecutorService executor) {
        Map<String, DiagnosticProvider> byId = new LinkedHashMap<>();
        providers.forEach(p -> byId.putIfAbsent(p.id(), p));
        this.providers = Map.copyOf(byId);
        this.config = config;
        this.clock = clock;
        this.listener = listener;
        this.guard = guard;
        this.executor = executor;
    }

    /** True when {@link #run} would start the provider: registered, allowed, and not already in the chain. */
    boolean canRun(DefaultCollectionContext caller, String id) {
        Objects.requireNonNull(id, "providerId");
        return providers.containsKey(id) && config.providerAllowed(id) && !caller.chain().contains(id);
    }

    /**
     * Runs the provider {@code id} for the derived request and returns what it collected, or a bundle with the
     * gap that explains why there is nothing.
     */
    EvidenceBundle run(DefaultCollectionContext caller, String id, DiagnosticRequest derived) {
        Objects.requireNonNull(id, "providerId");
        Objects.requireNonNull(derived, "derivedRequest");
        String from = caller.providerId();
        if (caller.chain().contains(id)) {
            return gap(id, "'" + from + "' delegated to '" + id + "', which is already collecting further up this "
                    + "delegation (" + String.join(" -> ", caller.chain()) + " -> " + id + "); a provider cannot "
                    + "delegate to itself or to a provider that delegated to it", CollectionGap.Kind.ERROR);
        }
        DiagnosticProvider provider = providers.get(id);
        if (provider == null) {
            return gap(id, "no provider with id '" + id + "' is registered with the engine, so '" + from
                    + "' could not delegate to it; put the module that provides it on the class path or register it "
                    + "with Diagnostics.builder().provider(...)", CollectionGap.Kind.UNSUPPORTED);
        }
        if (!config.providerAllowed(id)) {
            return gap(id, "the provider '" + id + "' is switched off by providers.enabled or providers.disabled in "
                    + "the configuration, so '" + from + "' could not delegate to it", CollectionGap.Kind.UNSUPPORTED);
        }
        try {
            if (!provider.supports(derived)) {
                return gap(id, "the provider '" + id + "' does not support the request '" + from + "' delegated to it",
                        CollectionGap.Kind.UNSUPPORTED);
            }
        } catch (RuntimeException e) {
            CollectionGap gap = CollectionGap.of(id, "evidence from " + id, "the provider failed to say whether it "
                    + "supports the request '" + from + "' delegated to it: " + Orchestrator.describe(e),
                    CollectionGap.Kind.ERROR);
            caller.recordDelegatedRun(new ProviderRun(id, ProviderRun.Outcome.FAILED, Duration.ZERO, 0, 1,
                    Map.of("delegatedBy", from)));
            return EvidenceBundle.of(List.of(gap));
        }
        Instant now = clock.instant();
        Instant deadline = deadline(caller.deadline(), now);
        if (!now.isBefore(deadline) || Thread.currentThread().isInterrupted()) {
            return gap(id, "no time was left before the deadline of '" + from + "' to delegate to it",
                    CollectionGap.Kind.TIMEOUT);
        }
        DefaultCollectionContext context = caller.delegatedTo(id, deadline, config.settingsFor(id));
        context.statistic("delegatedBy", from);
        listener.providerStarted(id, derived);
        LOG.debug("provider '{}' delegated to '{}', deadline {}", from, id, deadline);
        SettledRun settled;
        Future<EvidenceBundle> future = null;
        try {
            future = executor.submit(() -> guard.call(provider, derived, context));
            settled = SettledRun.await(id, future, now, deadline, context, clock, guard);
        } catch (RejectedExecutionException e) {
            // The engine is closing; what was asked for is not coming.
            settled = SettledRun.cancelled(id, Duration.between(now, clock.instant()), context);
        } catch (InterruptedException e) {
            // The caller was cancelled or ran out of time: so is this call. The caller still gets an answer.
            future.cancel(true);
            Thread.currentThread().interrupt();
            settled = SettledRun.cancelled(id, Duration.between(now, clock.instant()), context);
        }
        ProviderRun run = settled.run();
        settled.failure().ifPresentOrElse(g -> listener.providerFailed(run, g), () -> listener.providerFinished(run));
        LOG.debug("provider '{}' delegated by '{}' {} in {} ms", id, from, run.outcome(), run.duration().toMillis());
        caller.recordDelegatedRun(run);
        return settled.evidence();
    }

    /**
     * The deadline of a delegated call: the caller's, less a tenth of the time left (at most
     * {@link #MAX_RESERVE}), so a delegated call that runs to its end still leaves the caller time to return
     * the evidence it collected itself.
     */
    static Instant deadline(Instant callerDeadline, Instant now) {
        Duration left = Duration.between(now, callerDeadline);
        if (left.isNegative() || left.isZero()) {
            return callerDeadline;
        }
        Duration reserve = left.dividedBy(10);
        return callerDeadline.minus(reserve.compareTo(MAX_RESERVE) > 0 ? MAX_RESERVE : reserve);
    }

    private static EvidenceBundle gap(String id, String reason, CollectionGap.Kind kind) {
        return EvidenceBundle.of(List.of(CollectionGap.of(id, "evidence from " + id, reason, kind)));
    }
}
