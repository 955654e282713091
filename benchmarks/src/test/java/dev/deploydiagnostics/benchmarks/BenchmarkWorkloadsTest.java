package dev.deploydiagnostics.benchmarks;

import dev.deploydiagnostics.DiagnosticEngine;
import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.ProviderRun;
import dev.deploydiagnostics.api.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The workloads the benchmarks time do the work they claim to, so a fast figure cannot come from a failure. */
class BenchmarkWorkloadsTest {

    @Test
    void theEngineReadsAWholeGeneratedLogAndFindsItsFailures(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("services.log");
        new LogGenerator(42).write(file, 4 << 20);
        try (DiagnosticEngine engine = Engines.offline()) {
            DiagnosticReport report = engine.analyze(Engines.offlineRequest(file));

            assertThat(report.gaps()).isEmpty();
            assertThat(report.verdict()).isNotIn(Verdict.COLLECTION_FAILED, Verdict.NO_FAILURE_FOUND);
            assertThat(report.findings()).isNotEmpty();
            assertThat(report.providers()).singleElement()
                    .satisfies(run -> assertThat(run.outcome()).isEqualTo(ProviderRun.Outcome.SUCCEEDED));
        }
    }

    @Test
    void simulatedProvidersAllAnswerAndTheirIncidentIsDiagnosed() {
        List<SimulatedProvider> providers = SimulatedProvider.kubernetesOomKill();
        try (DiagnosticEngine engine = Engines.with(providers)) {
            DiagnosticReport report = engine.analyze(SimulatedProvider.request());

            assertThat(report.providers()).extracting(ProviderRun::providerId)
                    .containsExactlyInAnyOrder("sim-states", "sim-events", "sim-logs", "sim-metrics");
            assertThat(report.providers()).allSatisfy(run ->
                    assertThat(run.outcome()).isEqualTo(ProviderRun.Outcome.SUCCEEDED));
            assertThat(report.rootCause()).hasValueSatisfying(f -> {
                assertThat(f.category().id()).isEqualTo("oom-killed");
                assertThat(f.evidence()).isNotEmpty();
            });
        }
        assertThat(SimulatedProvider.slowest(providers)).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void percentilesUseTheNearestRank() {
        long[] values = new long[100];
        for (int i = 0; i < values.length; i++) {
            values[i] = 100 - i;
        }
        assertThat(ConcurrencyBenchmark.percentile(values, 50)).isEqualTo(50);
        assertThat(ConcurrencyBenchmark.percentile(values, 99)).isEqualTo(99);
        assertThat(ConcurrencyBenchmark.percentile(values, 100)).isEqualTo(100);
        assertThat(ConcurrencyBenchmark.percentile(new long[] {7}, 99)).isEqualTo(7);
    }
}
