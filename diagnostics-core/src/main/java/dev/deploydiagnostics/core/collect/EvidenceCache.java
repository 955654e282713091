package dev.deploydiagnostics.core.collect;

import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.core.config.CacheSettings;

import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps what each provider collected for a deployment for a while, so a repeated analysis within the TTL
 * costs no provider call. Bounded by total weight (evidence items), least recently used first out, and by TTL.
 *
 * <p>Requests with offline inputs are never cached (the input is at hand), nor are results with timeouts,
 * throttling or errors (a retry should really retry). Thread-safe.
 */
public final class EvidenceCache {

    /**
     * Hit and miss counts.
     *
     * @param hits      lookups answered from the cache
     * @param misses    lookups that had to call the provider
     * @param evictions entries removed for weight or age
     * @param size      entries held
     * @param weight    evidence items held
     */
    public record Stats(long hits, long misses, long evictions, int size, long weight) {
        /** Share of lookups answered from the cache, in [0, 1]. */
        public double hitRate() {
            long total = hits + misses;
            return total == 0 ? 0 : (double) hits / total;
        }
    }

    private record Entry(EvidenceBundle bundle, Instant expires, DiagnosticRequest request) {
    }

    private final CacheSettings settings;
    private final Clock clock;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long weight;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong evictions = new AtomicLong();

    /** Creates a cache with these settings. */
    public EvidenceCache(CacheSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** True when this request's results may be cached at all. */
    public boolean cacheable(DiagnosticRequest request) {
        return settings.enabled() && request.inputs().isEmpty();
    }

    /** The cached bundle for this provider and request, if fresh. */
    public synchronized Optional<EvidenceBundle> get(String providerId, DiagnosticRequest request) {
        String key = key(providerId, request);
        Entry e = entries.get(key);
        if (e == null) {
            misses.incrementAndGet();
            return Optional.empty();
        }
        if (!clock.instant().isBefore(e.expires())) {
            remove(key);
            evictions.incrementAndGet();
            misses.incrementAndGet();
            return Optional.empty();
        }
        hits.incrementAndGet();
        return Optional.of(e.bundle());
    }

    /** Keeps a provider's result, unless it holds failures worth retrying. */
    public synchronized void put(String providerId, DiagnosticRequest request, EvidenceBundle bundle) {
        if (!cacheable(request) || bundle.size() > settings.maxWeight()) {
            return;
        }
        for (CollectionGap g : bundle.gaps()) {
            if (g.kind() == CollectionGap.Kind.TIMEOUT || g.kind() == CollectionGap.Kind.THROTTLED
                    || g.kind() == CollectionGap.Kind.ERROR || g.kind() == CollectionGap.Kind.CIRCUIT_OPEN) {
                return;
            }
        }
        String key = key(providerId, request);
        remove(key);
        entries.put(key, new Entry(bundle, clock.instant().plus(settings.ttl()), request));
        weight += bundle.size();
        Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
        while (weight > settings.maxWeight() && it.hasNext()) {
            Map.Entry<String, Entry> oldest = it.next();
            weight -= oldest.getValue().bundle().size();
            it.remove();
            evictions.incrementAndGet();
        }
    }

    /** Drops everything kept for a deployment, named by its deployment id or its service. */
    public synchronized int invalidate(String deployment) {
        int removed = 0;
        Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Entry> e = it.next();
            DiagnosticRequest r = e.getValue().request();
            if (r.deploymentId().filter(deployment::equals).isPresent() || r.service().filter(deployment::equals).isPresent()) {
                weight -= e.getValue().bundle().size();
                it.remove();
                removed++;
            }
        }
        return removed;
    }

    /** Drops everything. */
    public synchronized void invalidateAll() {
        entries.clear();
        weight = 0;
    }

    /** Current statistics. */
    public synchronized Stats stats() {
        return new Stats(hits.get(), misses.get(), evictions.get(), entries.size(), weight);
    }

    private void remove(String key) {
        Entry old = entries.remove(key);
        if (old != null) {
            weight -= old.bundle().size();
        }
    }

    /** Everything that changes what a provider would collect, secrets included only as a hash. */
    static String key(String providerId, DiagnosticRequest r) {
        Map<String, String> attrs = new TreeMap<>();
        r.attributes().forEach((k, v) -> attrs.put(k, DiagnosticRequest.Attributes.isSecret(k) ? Integer.toHexString(v.hashCode()) : v));
        return String.join("|", providerId, r.platform().map(Object::toString).orElse(""), r.service().orElse(""),
                r.deploymentId().orElse(""), r.namespace().orElse(""), r.cluster().orElse(""), r.region().orElse(""),
                r.project().orElse(""), r.from().map(Object::toString).orElse(""), r.to().map(Object::toString).orElse(""),
                r.lookback().toString(), attrs.toString());
    }
}
