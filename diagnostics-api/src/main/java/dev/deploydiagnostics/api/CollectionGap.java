package dev.deploydiagnostics.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Something a provider could not collect, and why: the report shows it so a reader knows what the
 * diagnosis could not see and what to grant or fix to see it.
 *
 * @param provider   the id of the provider or reader that hit the gap
 * @param what       what is missing, e.g. {@code events in namespace prod}
 * @param reason     why, in a sentence, e.g. {@code the API server answered 403 Forbidden}
 * @param kind       the kind of gap
 * @param permission the permission that would close it, e.g. {@code list events (core/v1) in namespace prod}
 *                   or {@code logs:FilterLogEvents}
 */
@Stable
public record CollectionGap(String provider, String what, String reason, Kind kind, Optional<String> permission)
        implements Evidence {

    /** The kind of a gap. */
    @Stable
    public enum Kind {
        /** The caller lacks a permission. */
        PERMISSION_DENIED,
        /** The call ran past its deadline. */
        TIMEOUT,
        /** The platform refused calls for rate reasons and retries ran out. */
        THROTTLED,
        /** The thing asked about does not exist. */
        NOT_FOUND,
        /** A circuit breaker was open, so the call was not made. */
        CIRCUIT_OPEN,
        /** The input or response could not be read. */
        UNREADABLE,
        /** The module or feature needed for it is not present. */
        UNSUPPORTED,
        /** Any other failure. */
        ERROR
    }

    /** Validates. */
    public CollectionGap {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(permission, "permission");
    }

    /** A gap with no permission to name. */
    public static CollectionGap of(String provider, String what, String reason, Kind kind) {
        return new CollectionGap(provider, what, reason, kind, Optional.empty());
    }

    /** A gap for a refused permission. */
    public static CollectionGap permissionDenied(String provider, String what, String reason, String permission) {
        return new CollectionGap(provider, what, reason, Kind.PERMISSION_DENIED, Optional.of(permission));
    }

    @Override
    public String source() {
        return provider;
    }

    @Override
    public Optional<Instant> timestamp() {
        return Optional.empty();
    }

    @Override
    public Severity severity() {
        return Severity.WARNING;
    }

    @Override
    public String text() {
        return "could not collect " + what + ": " + reason + permission.map(p -> " (needs " + p + ")").orElse("");
    }

    @Override
    public Map<String, String> attributes() {
        return Map.of();
    }
}
