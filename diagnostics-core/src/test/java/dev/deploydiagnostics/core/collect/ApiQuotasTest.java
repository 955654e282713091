package dev.deploydiagnostics.core.collect;

import dev.deploydiagnostics.DiagnosticEngine;
import dev.deploydiagnostics.Diagnostics;
import dev.deploydiagnostics.api.ApiQuotaExceededException;
import dev.deploydiagnostics.api.CollectionContext;
import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.DiagnosticProvider;
import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.LogLine;
import dev.deploydiagnostics.api.ProviderRun;
import dev.deploydiagnostics.core.config.ApiQuota;
import dev.deploydiagnostics.core.config.ConfigLoader;
import dev.deploydiagnostics.core.config.DiagnosticsConfig;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class ApiQuotasTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aBurstUpToTheQuotaGoesAtOnceThenCallsAreSpacedEvenly() {
        ApiQuotas quotas = new ApiQuotas(Map.of("x:Op", new ApiQuota(2, Duration.ofSeconds(1))));
        long t = 1_000 * SECOND;
        assertThat(quotas.reserve("x:Op", t, t + 10 * SECOND)).isZero();
        assertThat(quotas.reserve("x:Op", t, t + 10 * SECOND)).isZero();
        // the third waits for the next token, half a second away; the fourth waits for the one after
        assertThat(quotas.reserve("x:Op", t, t + 10 * SECOND)).isEqualTo(SECOND / 2);
        assertThat(quotas.reserve("x:Op", t, t + 10 * SECOND)).isEqualTo(SECOND);
        // a second later two tokens have come back and both are already promised
        assertThat(quotas.reserve("x:Op", t + SECOND, t + 10 * SECOND)).isEqualTo(SECOND / 2);
    }

    @Test
    void aCallWhoseTurnComesAfterItsDeadlineIsRefusedAndTakesNothing() {
        ApiQuotas quotas = new ApiQuotas(Map.of("x:Op", new ApiQuota(1, Duration.ofSeconds(1))));
        long t = 5 * SECOND;
        assertThat(quotas.reserve("x:Op", t, t + SECOND)).isZero();
        assertThat(quotas.reserve("x:Op", t, t + SECOND / 10)).isEqualTo(-1);
        assertThat(quotas.reserve("x:Op", t, t + 2 * SECOND)).isEqualTo(SECOND);
    }

    @Test
    void anApiWithoutAQuotaIsNeverHeldBack() {
        ApiQuotas quotas = new ApiQuotas(Map.of());
        for (int i = 0; i < 1000; i++) {
            assertThat(quotas.reserve("x:Other", 0, 0)).isZero();
        }
    }

    /** Calls {@code test:List} five times through the context; a refused call becomes a THROTTLED gap. */
    private static final class Lister implements DiagnosticProvider {
        final AtomicInteger made = new AtomicInteger();

        @Override
        public String id() {
            return "lister";
        }

        @Override
        public boolean supports(DiagnosticRequest request) {
            return true;
        }

        @Override
        public EvidenceBundle collect(DiagnosticRequest request, CollectionContext context) {
            List<dev.deploydiagnostics.api.Evidence> out = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                try {
                    int n = context.callApi("test:List", made::incrementAndGet);
                    out.add(LogLine.of("lister", "page " + n));
                } catch (ApiQuotaExceededException e) {
                    out.add(CollectionGap.of(id(), "page " + i, e.getMessage(), CollectionGap.Kind.THROTTLED));
                    break;
                }
            }
            return EvidenceBundle.of(out);
        }
    }

    private static DiagnosticEngine engine(String quota, DiagnosticProvider provider) {
        String yaml = "cache:\n  ttl: 0s\nresilience:\n  apiQuotas:\n    \"test:List\": " + quota + "\n";
        DiagnosticsConfig config = new ConfigLoader().load("test", new ByteArrayInputStream(
                yaml.getBytes(StandardCharsets.UTF_8)), Path.of("."));
        return Diagnostics.builder().discovery(false).config(config).provider(provider).build();
    }

    @Test
    void callsOverTheQuotaWaitTheirTurnAndTheWaitIsReported() {
        Lister lister = new Lister();
        try (DiagnosticEngine engine = engine("{ calls: 2, period: 400ms }", lister)) {
            long started = System.nanoTime();
            DiagnosticReport report = engine.analyze(DiagnosticRequest.builder().service("api")
                    .timeout(Duration.ofSeconds(10)).build());
            long ms = (System.nanoTime() - started) / 1_000_000;

            assertThat(lister.made).hasValue(5);
            // two at once, then one every 200 ms: three waits
            assertThat(ms).isGreaterThanOrEqualTo(550);
            assertThat(report.gaps()).isEmpty();
            ProviderRun run = report.providers().get(0);
            assertThat(Long.parseLong(run.statistics().get("apiQuota.waitMs"))).isGreaterThanOrEqualTo(550);
        }
    }

    @Test
    void aCallThatCouldNotBeMadeBeforeTheDeadlineIsAGapNotAHang() {
        Lister lister = new Lister();
        try (DiagnosticEngine engine = engine("{ calls: 1, period: 1h }", lister)) {
            long started = System.nanoTime();
            DiagnosticReport report = engine.analyze(DiagnosticRequest.builder().service("api")
                    .timeout(Duration.ofSeconds(5)).build());

            assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(2_000);
            assertThat(lister.made).hasValue(1);
            assertThat(report.gaps()).singleElement().satisfies(g -> {
                assertThat(g.kind()).isEqualTo(CollectionGap.Kind.THROTTLED);
                assertThat(g.reason()).contains("test:List").contains("1 calls per 1h").contains("not made");
            });
            assertThat(report.providers().get(0).statistics()).containsEntry("apiQuota.refused", "1");
        }
    }

    @Test
    void theQuotaIsSharedByAnalysesRunningAtOnce() throws Exception {
        Lister lister = new Lister();
        try (DiagnosticEngine engine = engine("{ calls: 5, period: 1s }", lister)) {
            long started = System.nanoTime();
            CompletableFuture<DiagnosticReport> a = engine.analyzeAsync(DiagnosticRequest.builder().service("a")
                    .timeout(Duration.ofSeconds(10)).build());
            CompletableFuture<DiagnosticReport> b = engine.analyzeAsync(DiagnosticRequest.builder().service("b")
                    .timeout(Duration.ofSeconds(10)).build());
            a.get();
            b.get();
            // ten calls under five a second: the second five wait for the bucket to refill
            assertThat(lister.made).hasValue(10);
            assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(900);
        }
    }
}
