package dev.deploydiagnostics.core.collect;

import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.DiagnosticListener;
import dev.deploydiagnostics.api.DiagnosticProvider;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.RetryableCollectionException;
import dev.deploydiagnostics.core.config.ResilienceSettings;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Protects each provider call: a circuit breaker per provider that stops calling one that keeps failing, a
 * bulkhead bounding concurrent calls across analyses, a rate limiter keeping us under API quotas, and retries
 * with exponential back-off and jitter that honour a platform's Retry-After, all within the deadline.
 *
 * <p>State lives as long as the engine, so a provider that failed in one analysis is not hammered by the next.
 */
final class ProviderGuard {

    /** Thrown when the circuit is open and the call was not made. */
    static final class Skipped extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient CollectionGap gap;

        Skipped(CollectionGap gap) {
            super(gap.reason(), null, false, false);
            this.gap = gap;
        }

        CollectionGap gap() {
            return gap;
        }
    }

    private final ResilienceSettings settings;
    private final Duration providerTimeout;
    private final DiagnosticListener listener;
    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
    private final Map<String, Bulkhead> bulkheads = new ConcurrentHashMap<>();
    private final Map<String, RateLimiter> limiters = new ConcurrentHashMap<>();
    private final IntervalFunction backoff;

    ProviderGuard(ResilienceSettings settings, Duration providerTimeout, DiagnosticListener listener) {
        this.settings = settings;
        this.providerTimeout = providerTimeout;
        this.listener = listener;
        this.backoff = IntervalFunction.ofExponentialRandomBackoff(settings.initialBackoff().toMillis(),
                settings.backoffMultiplier(), Math.max(0.0, settings.jitter()), settings.maxBackoff().toMillis());
    }

    /** The circuit breaker of a provider, created on first use. */
    CircuitBreaker breaker(String id) {
        return breakers.computeIfAbsent(id, k -> {
            CircuitBreaker cb = CircuitBreaker.of(k, CircuitBreakerConfig.custom()
                    .failureRateThreshold(settings.failureRateThreshold())
                    .minimumNumberOfCalls(settings.minimumCalls())
                    .slidingWindowSize(settings.slidingWindowSize())
                    .waitDurationInOpenState(settings.waitInOpenState())
                    .permittedNumberOfCallsInHalfOpenState(settings.permittedCallsInHalfOpen())
                    .recordExceptions(Throwable.class)
                    .build());
            cb.getEventPublisher().onStateTransition(e -> listener.resilienceEvent(k, "circuitBreaker",
                    e.getStateTransition().getFromState() + " -> " + e.getStateTransition().getToState()));
            return cb;
        });
    }

    /**
     * Calls the provider under the guards.
     *
     * @throws Skipped when the circuit is open
     */
    EvidenceBundle call(DiagnosticProvider provider, DiagnosticRequest request, DefaultCollectionContext ctx) {
        String id = provider.id();
        CircuitBreaker cb = breaker(id);
        if (!cb.tryAcquirePermission()) {
            ctx.statistic("circuit", cb.getState().name());
            throw new Skipped(new CollectionGap(id, "evidence from " + id, "the provider failed repeatedly, so calls to it are "
                    + "paused for up to " + settings.waitInOpenState().toSeconds() + " s (circuit open)",
                    CollectionGap.Kind.CIRCUIT_OPEN, java.util.Optional.empty()));
        }
        long start = System.nanoTime();
        Bulkhead bulkhead = bulkheads.computeIfAbsent(id, k -> Bulkhead.of(k, BulkheadConfig.custom()
                .maxConcurrentCalls(settings.maxConcurrentCalls()).maxWaitDuration(providerTimeout).build()));
        RateLimiter limiter = limiters.computeIfAbsent(id, k -> RateLimiter.of(k, RateLimiterConfig.custom()
                .limitForPeriod(settings.callsPerPeriod()).limitRefreshPeriod(settings.period())
                .timeoutDuration(providerTimeout).build()));
        boolean permitted = false;
        try {
            bulkhead.acquirePermission();
            permitted = true;
            if (!provider.local() && !limiter.acquirePermission()) {
                cb.releasePermission();
                return EvidenceBundle.of(List.of(CollectionGap.of(id, "evidence from " + id,
                        "the call rate limit of " + settings.callsPerPeriod() + " per " + settings.period().toMillis()
                                + " ms was reached and no call could be made in time", CollectionGap.Kind.THROTTLED)));
            }
            EvidenceBundle bundle = withRetries(provider, request, ctx);
            if (bundle == null) {
                // The orchestrator turns the missing bundle into a gap; the breaker counts it as a failure.
                cb.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, new IllegalStateException("no evidence bundle"));
                return null;
            }
            boolean failed = bundle.observationCount() == 0 && bundle.gaps().stream().anyMatch(g ->
                    g.kind() == CollectionGap.Kind.ERROR || g.kind() == CollectionGap.Kind.TIMEOUT
                            || g.kind() == CollectionGap.Kind.THROTTLED);
            if (Thread.currentThread().isInterrupted()) {
                cb.releasePermission(); // the orchestrator records the timeout itself
            } else if (failed) {
                cb.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, new IllegalStateException("no evidence, only failures"));
            } else {
                cb.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            }
            ctx.statistic("circuit", cb.getState().name());
            return bundle;
        } catch (io.github.resilience4j.bulkhead.BulkheadFullException e) {
            cb.releasePermission();
            return EvidenceBundle.of(List.of(CollectionGap.of(id, "evidence from " + id, "too many calls to this provider "
                    + "were already running (bulkhead of " + settings.maxConcurrentCalls() + ")", CollectionGap.Kind.THROTTLED)));
        } catch (RuntimeException | Error e) {
            if (!Thread.currentThread().isInterrupted()) {
                cb.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            } else {
                cb.releasePermission();
            }
            ctx.statistic("circuit", cb.getState().name());
            throw e;
        } finally {
            if (permitted) {
                bulkhead.onComplete();
            }
        }
    }

    /** Records that a call ran past its deadline. */
    void recordTimeout(String providerId, Duration took) {
        breaker(providerId).onError(took.toNanos(), TimeUnit.NANOSECONDS, new java.util.concurrent.TimeoutException("deadline"));
    }

    private EvidenceBundle withRetries(DiagnosticProvider provider, DiagnosticRequest request, DefaultCollectionContext ctx) {
        String id = provider.id();
        AtomicInteger attempts = new AtomicInteger();
        AtomicReference<RetryableCollectionException> last = new AtomicReference<>();
        // One Retry per call: its waits are capped by this call's deadline.
        Retry retry = Retry.of(id, RetryConfig.custom()
                .maxAttempts(settings.maxAttempts())
                .retryOnException(e -> e instanceof RetryableCollectionException)
                .intervalBiFunction((attempt, either) -> {
                    long wait = backoff.apply(attempt);
                    if (either.isLeft() && either.getLeft() instanceof RetryableCollectionException rce
                            && rce.retryAfter().isPresent()) {
                        wait = Math.max(wait, rce.retryAfter().get().toMillis());
                    }
                    return Math.max(0, Math.min(wait, ctx.remaining().toMillis() - 1));
                })
                .build());
        retry.getEventPublisher().onRetry(e -> listener.resilienceEvent(id, "retry", "attempt " + (e.getNumberOfRetryAttempts() + 1)
                + " after " + e.getWaitInterval().toMillis() + " ms: " + e.getLastThrowable().getMessage()));
        try {
            return Retry.decorateSupplier(retry, () -> {
                int n = attempts.incrementAndGet();
                if (n > 1 && ctx.isExpired()) {
                    throw new DeadlineReached();
                }
                try {
                    return provider.collect(request, ctx);
                } catch (RetryableCollectionException e) {
                    last.set(e);
                    long waitMs = e.retryAfter().map(Duration::toMillis).orElse(0L);
                    if (ctx.remaining().toMillis() <= waitMs) {
                        throw new DeadlineReached();
                    }
                    throw e;
                }
            }).get();
        } catch (DeadlineReached | RetryableCollectionException e) {
            RetryableCollectionException cause = last.get();
            boolean throttled = cause != null && cause.throttled();
            String why = (cause == null ? "the deadline passed" : cause.getMessage())
                    + " (" + attempts.get() + " attempt" + (attempts.get() == 1 ? "" : "s") + ")";
            return EvidenceBundle.of(List.of(CollectionGap.of(id, "evidence from " + id, why,
                    throttled ? CollectionGap.Kind.THROTTLED : CollectionGap.Kind.ERROR)));
        } finally {
            ctx.statistic("attempts", Integer.toString(attempts.get()));
        }
    }

    /** Ends retrying when the next attempt could not finish before the deadline. */
    private static final class DeadlineReached extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DeadlineReached() {
            super(null, null, false, false);
        }
    }
}
