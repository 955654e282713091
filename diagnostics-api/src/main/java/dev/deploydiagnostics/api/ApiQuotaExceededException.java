package dev.deploydiagnostics.api;

import java.util.Objects;

/**
 * Thrown by {@link CollectionContext#callApi} when a call to a platform API was not made: the API's quota had no
 * room before the collection's deadline. Nothing was sent; a provider reports it as a
 * {@link CollectionGap.Kind#THROTTLED} gap.
 */
@Experimental("per-API quotas are new")
public final class ApiQuotaExceededException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String api;

    /** A refusal of a call to {@code api}, {@code message} saying which quota had no room. */
    public ApiQuotaExceededException(String api, String message) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.api = Objects.requireNonNull(api, "api");
    }

    /** The API the call was to, as the provider named it, e.g. {@code logs:FilterLogEvents}. */
    public String api() {
        return api;
    }
}
