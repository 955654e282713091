package dev.deploydiagnostics.core.collect;

import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.ProviderRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How one guarded provider call ended, whether the orchestrator or a delegation started it: the bundle it
 * returned (absent when it failed), the {@link ProviderRun} to report, and the gap that stands for a failure.
 *
 * @param bundle  what the provider returned, when it returned a bundle
 * @param run     the run to report
 * @param failure the gap for a call that threw, timed out, was skipped or returned nothing
 */
record SettledRun(Optional<EvidenceBundle> bundle, ProviderRun run, Optional<CollectionGap> failure) {
    private static final Logger LOG = LoggerFactory.getLogger(SettledRun.class);

    /** Validates. */
    SettledRun {
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(failure, "failure");
    }

    /**
     * Waits for a submitted call until its deadline; a call still running then is cancelled and counted
     * against the provider's circuit breaker.
     *
     * @throws InterruptedException when the waiting thread is interrupted; the call keeps running
     */
    static SettledRun await(String id, Future<EvidenceBundle> future, Instant started, Instant deadline,
                            DefaultCollectionContext context, Clock clock, ProviderGuard guard)
            throws InterruptedException {
        try {
            long waitMs = Math.max(0, Duration.between(clock.instant(), deadline).toMillis());
            EvidenceBundle bundle = future.get(waitMs, TimeUnit.MILLISECONDS);
            Duration took = Duration.between(started, clock.instant());
            if (bundle == null) {
                return failed(id, took, context, CollectionGap.of(id, "evidence from " + id,
                        "the provider returned no evidence bundle", CollectionGap.Kind.ERROR));
            }
            int gaps = bundle.gaps().size();
            ProviderRun.Outcome outcome = gaps == 0 ? ProviderRun.Outcome.SUCCEEDED
                    : bundle.observationCount() == 0 ? ProviderRun.Outcome.FAILED : ProviderRun.Outcome.PARTIAL;
            return new SettledRun(Optional.of(bundle),
                    new ProviderRun(id, outcome, took, bundle.observationCount(), gaps, context.statistics()),
                    Optional.empty());
        } catch (TimeoutException e) {
            future.cancel(true);
            Duration took = Duration.between(started, clock.instant());
            guard.recordTimeout(id, took);
            CollectionGap gap = CollectionGap.of(id, "evidence from " + id, "the provider did not finish within "
                    + Orchestrator.human(Duration.between(started, deadline)), CollectionGap.Kind.TIMEOUT);
            return new SettledRun(Optional.empty(),
                    new ProviderRun(id, ProviderRun.Outcome.TIMED_OUT, took, 0, 1, context.statistics()), Optional.of(gap));
        } catch (ExecutionException e) {
            Duration took = Duration.between(started, clock.instant());
            if (e.getCause() instanceof ProviderGuard.Skipped skipped) {
                return new SettledRun(Optional.empty(),
                        new ProviderRun(id, ProviderRun.Outcome.SKIPPED, took, 0, 1, context.statistics()),
                        Optional.of(skipped.gap()));
            }
            LOG.debug("provider '{}' failed", id, e.getCause());
            return failed(id, took, context, CollectionGap.of(id, "evidence from " + id,
                    "the provider failed: " + Orchestrator.describe(e.getCause()), CollectionGap.Kind.ERROR));
        } catch (CancellationException e) {
            return cancelled(id, Duration.between(started, clock.instant()), context);
        }
    }

    /** A call that was cancelled before it could return. */
    static SettledRun cancelled(String id, Duration took, DefaultCollectionContext context) {
        CollectionGap gap = CollectionGap.of(id, "evidence from " + id, "the provider's call was cancelled",
                CollectionGap.Kind.ERROR);
        return new SettledRun(Optional.empty(),
                new ProviderRun(id, ProviderRun.Outcome.SKIPPED, took, 0, 1, context.statistics()), Optional.of(gap));
    }

    /** A call that failed with this gap. */
    static SettledRun failed(String id, Duration took, DefaultCollectionContext context, CollectionGap gap) {
        return new SettledRun(Optional.empty(),
                new ProviderRun(id, ProviderRun.Outcome.FAILED, took, 0, 1, context.statistics()), Optional.of(gap));
    }

    /** What the call adds to the evidence: the returned bundle, or a bundle holding the failure's gap. */
    EvidenceBundle evidence() {
        return bundle.orElseGet(() -> EvidenceBundle.of(List.of(failure.orElseThrow())));
    }
}
