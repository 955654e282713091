package dev.deploydiagnostics.core.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How long collected evidence is reused for repeated analyses of the same deployment.
 *
 * @param ttl       how long an entry lives; zero switches the cache off
 * @param maxWeight the most evidence items kept across all entries; the least recently used go first
 */
public record CacheSettings(Duration ttl, long maxWeight) {
    /** Defaults: two minutes, 200,000 items. */
    public static final CacheSettings DEFAULTS = new CacheSettings(Duration.ofMinutes(2), 200_000);

    /** Validates. */
    public CacheSettings {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must not be negative");
        }
        if (maxWeight < 0) {
            throw new IllegalArgumentException("maxWeight must not be negative");
        }
    }

    /** True when entries are kept at all. */
    public boolean enabled() {
        return !ttl.isZero() && maxWeight > 0;
    }
}
