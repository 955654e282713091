package dev.deploydiagnostics.core.collect;

import dev.deploydiagnostics.core.config.ApiQuota;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The quotas of single platform APIs for one engine: a token bucket per API, shared by every provider and
 * analysis, holding as many calls as the quota allows per period and refilled evenly over it. A call that finds
 * the bucket empty reserves the next token and waits for it; one whose token would come after its deadline is
 * not made. Thread-safe.
 */
final class ApiQuotas {
    private final Map<String, ApiQuota> quotas;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    ApiQuotas(Map<String, ApiQuota> quotas) {
        this.quotas = Map.copyOf(quotas);
    }

    /** The quota of this API, if it has one. */
    Optional<ApiQuota> quota(String api) {
        return Optional.ofNullable(quotas.get(api));
    }

    /**
     * Takes a call's place under the API's quota: how many nanoseconds to wait before making it (0 for none),
     * or -1 when its turn would come after {@code deadlineNanos} (then nothing is taken). An API without a
     * quota always gets 0.
     */
    long reserve(String api, long nowNanos, long deadlineNanos) {
        ApiQuota q = quotas.get(api);
        if (q == null) {
            return 0;
        }
        return buckets.computeIfAbsent(api, k -> new Bucket(q, nowNanos)).reserve(nowNanos, deadlineNanos);
    }

    /** A token bucket; tokens below zero are calls waiting their turn. */
    private static final class Bucket {
        private final double capacity;
        private final double perNano;
        private double tokens;
        private long last;

        Bucket(ApiQuota q, long now) {
            this.capacity = q.calls();
            this.perNano = q.calls() / (double) q.period().toNanos();
            this.tokens = capacity;
            this.last = now;
        }

        synchronized long reserve(long now, long deadline) {
            if (now > last) {
                tokens = Math.min(capacity, tokens + (now - last) * perNano);
                last = now;
            }
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            long wait = (long) Math.ceil((1 - tokens) / perNano);
            if (now + wait > deadline) {
                return -1;
            }
            tokens -= 1;
            return wait;
        }
    }
}
