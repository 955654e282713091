package dev.deploydiagnostics.api;

import java.time.Duration;
import java.util.Optional;

/**
 * Thrown by a provider when a collection failed for a reason that may pass: the platform throttled it, answered
 * 5xx, or dropped the connection. The engine retries the provider with exponential back-off and jitter, waiting
 * at least {@link #retryAfter()} when the platform said so, and only within the analysis deadline; if the
 * failure persists, it becomes a gap of kind {@link CollectionGap.Kind#THROTTLED} or {@link CollectionGap.Kind#ERROR}.
 */
@Experimental("retry signalling may gain detail")
public class RetryableCollectionException extends DiagnosticsException {
    private static final long serialVersionUID = 1L;

    private final boolean throttled;
    private final transient Duration retryAfter;

    /**
     * Creates the exception.
     *
     * @param message    what failed, e.g. {@code ECS DescribeTasks answered 429}
     * @param throttled  true when the platform refused for rate reasons
     * @param retryAfter how long the platform asked to wait, or null
     */
    public RetryableCollectionException(String message, boolean throttled, Duration retryAfter) {
        super(message);
        this.throttled = throttled;
        this.retryAfter = retryAfter;
    }

    /** Creates the exception for a transient failure with a cause. */
    public RetryableCollectionException(String message, Throwable cause) {
        super(message, cause);
        this.throttled = false;
        this.retryAfter = null;
    }

    /** True when the platform refused for rate reasons. */
    public boolean throttled() {
        return throttled;
    }

    /** How long the platform asked to wait before the next call. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
