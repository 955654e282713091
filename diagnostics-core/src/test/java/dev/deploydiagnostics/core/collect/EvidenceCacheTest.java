package dev.deploydiagnostics.core.collect;

import dev.deploydiagnostics.DiagnosticEngine;
import dev.deploydiagnostics.Diagnostics;
import dev.deploydiagnostics.api.CollectionContext;
import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.DiagnosticProvider;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.EvidenceInput;
import dev.deploydiagnostics.api.LogLine;
import dev.deploydiagnostics.core.config.CacheSettings;
import dev.deploydiagnostics.core.config.DiagnosticsConfig;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class EvidenceCacheTest {

    /** A clock tests move by hand. */
    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2024-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static final class CountingProvider implements DiagnosticProvider {
        final AtomicInteger calls = new AtomicInteger();
        volatile boolean gap;

        @Override
        public String id() {
            return "counting";
        }

        @Override
        public boolean supports(DiagnosticRequest request) {
            return true;
        }

        @Override
        public EvidenceBundle collect(DiagnosticRequest request, CollectionContext context) {
            calls.incrementAndGet();
            if (gap) {
                return EvidenceBundle.of(List.of(CollectionGap.of(id(), "logs", "timed out", CollectionGap.Kind.TIMEOUT)));
            }
            return EvidenceBundle.of(List.of(LogLine.of("api", "ERROR boom " + calls.get())));
        }
    }

    private static final DiagnosticRequest API = DiagnosticRequest.builder().platform("aws-ecs").cluster("prod")
            .service("api").deploymentId("ecs-svc/123").build();

    @Test
    void aRepeatedAnalysisWithinTheTtlCostsNoProviderCall() {
        CountingProvider p = new CountingProvider();
        try (DiagnosticEngine e = Diagnostics.builder().discovery(false).provider(p).build()) {
            e.analyze(API);
            e.analyze(API);
            e.analyze(API);
            assertThat(p.calls).hasValue(1);
            EvidenceCache.Stats stats = e.cacheStats();
            assertThat(stats.hits()).isEqualTo(2);
            assertThat(stats.misses()).isEqualTo(1);
            assertThat(e.analyze(API).providers().get(0).statistics()).containsEntry("cache", "hit");
        }
    }

    @Test
    void invalidatingADeploymentMakesTheNextAnalysisAskAgain() {
        CountingProvider p = new CountingProvider();
        try (DiagnosticEngine e = Diagnostics.builder().discovery(false).provider(p).build()) {
            e.analyze(API);
            assertThat(e.invalidate("ecs-svc/123")).isEqualTo(1);
            e.analyze(API);
            assertThat(p.calls).hasValue(2);
            assertThat(e.invalidate("api")).isEqualTo(1);
        }
    }

    @Test
    void entriesExpireAfterTheTtl() {
        MutableClock clock = new MutableClock();
        CountingProvider p = new CountingProvider();
        DiagnosticsConfig config = DiagnosticsConfig.DEFAULTS.withCache(new CacheSettings(Duration.ofMinutes(1), 1000));
        try (DiagnosticEngine e = Diagnostics.builder().discovery(false).clock(clock).config(config).provider(p).build()) {
            e.analyze(API);
            clock.now = clock.now.plusSeconds(59);
            e.analyze(API);
            clock.now = clock.now.plusSeconds(2);
            e.analyze(API);
            assertThat(p.calls).hasValue(2);
        }
    }

    @Test
    void failuresAndOfflineInputsAreNotCached() {
        CountingProvider p = new CountingProvider();
        p.gap = true;
        try (DiagnosticEngine e = Diagnostics.builder().discovery(false).provider(p).build()) {
            e.analyze(API);
            e.analyze(API);
            assertThat(p.calls).hasValue(2);
            DiagnosticRequest offline = API.toBuilder().input(EvidenceInput.ofText("x", "ERROR y")).build();
            p.gap = false;
            e.analyze(offline);
            e.analyze(offline);
            assertThat(p.calls).hasValue(4);
        }
    }

    @Test
    void theLeastRecentlyUsedEntriesGoWhenTheWeightIsExceeded() {
        EvidenceCache cache = new EvidenceCache(new CacheSettings(Duration.ofMinutes(5), 2), Clock.systemUTC());
        DiagnosticRequest a = API.toBuilder().service("a").build();
        DiagnosticRequest b = API.toBuilder().service("b").build();
        DiagnosticRequest c = API.toBuilder().service("c").build();
        EvidenceBundle one = EvidenceBundle.of(List.of(LogLine.of("x", "y")));
        cache.put("p", a, one);
        cache.put("p", b, one);
        assertThat(cache.get("p", a)).isPresent();
        cache.put("p", c, one);
        assertThat(cache.get("p", b)).isEmpty();
        assertThat(cache.get("p", a)).isPresent();
        assertThat(cache.stats().weight()).isEqualTo(2);
    }

    @Test
    void secretsInTheRequestDoNotAppearInTheKey() {
        DiagnosticRequest r = API.toBuilder().attribute("kube.token", "s3cr3t-token-value").build();
        assertThat(EvidenceCache.key("k", r)).doesNotContain("s3cr3t-token-value");
    }

    @Test
    void whatTheCacheKeepsIsAlreadyRedacted() {
        DiagnosticProvider leaky = dev.deploydiagnostics.EngineFixtures.returning("leaky", LogLine.of("api",
                "ERROR connect postgres://app:hunter2@db:5432/app failed, key AKIAIOSFODNN7EXAMPLE"));
        Orchestrator orchestrator = new Orchestrator(List.of(leaky), dev.deploydiagnostics.core.config.DiagnosticsConfig.DEFAULTS,
                new MutableClock(), new dev.deploydiagnostics.api.DiagnosticListener() { }, java.util.Map.of(), 2);
        try {
            orchestrator.collect(API, Instant.parse("2024-01-01T00:01:00Z"));

            EvidenceBundle cached = orchestrator.cache().get("leaky", API).orElseThrow();
            assertThat(cached.items()).extracting(dev.deploydiagnostics.api.Evidence::text)
                    .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .doesNotContain("hunter2").doesNotContain("AKIAIOSFODNN7EXAMPLE").contains("app:****@db");
        } finally {
            orchestrator.close();
        }
    }
}
