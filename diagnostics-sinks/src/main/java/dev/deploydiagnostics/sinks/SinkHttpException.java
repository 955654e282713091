package dev.deploydiagnostics.sinks;

import dev.deploydiagnostics.api.Experimental;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * A service answered a delivery with an HTTP error: carries the status and the {@code Retry-After} it asked for,
 * so the dispatcher retries only what may succeed (429 and 5xx) and waits as long as the service asked.
 */
@Experimental("sinks are new")
public class SinkHttpException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Optional<Duration> retryAfter;

    /** Creates the exception for a response with this status, message and requested wait. */
    public SinkHttpException(String message, int status, Optional<Duration> retryAfter) {
        super(message);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    /** The HTTP status code. */
    public int status() {
        return status;
    }

    /** How long the service asked to wait before the next try, if it said. */
    public Optional<Duration> retryAfter() {
        return retryAfter == null ? Optional.empty() : retryAfter;
    }

    /** True for statuses worth retrying: 408, 425, 429 and every 5xx. */
    public boolean retryable() {
        return status == 408 || status == 425 || status == 429 || status >= 500;
    }
}
