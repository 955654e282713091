package dev.deploydiagnostics;

import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.DiagnosticListener;
import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.FailurePattern;
import dev.deploydiagnostics.api.Category;
import dev.deploydiagnostics.api.Event;
import dev.deploydiagnostics.api.Finding;
import dev.deploydiagnostics.api.LogLine;
import dev.deploydiagnostics.api.MatchContext;
import dev.deploydiagnostics.api.ProviderRun;
import dev.deploydiagnostics.api.Severity;
import dev.deploydiagnostics.api.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.deploydiagnostics.EngineFixtures.engine;
import static dev.deploydiagnostics.EngineFixtures.oomContainer;
import static dev.deploydiagnostics.EngineFixtures.provider;
import static dev.deploydiagnostics.EngineFixtures.returning;
import static org.assertj.core.api.Assertions.assertThat;

class DiagnosticEngineTest {

    private static final DiagnosticRequest REQUEST = DiagnosticRequest.builder().platform("kubernetes")
            .namespace("shop").service("api").timeout(Duration.ofSeconds(5)).build();

    @Test
    void oomKillOutranksTheCrashLoopItCauses() {
        try (DiagnosticEngine e = engine().provider(returning("k8s", oomContainer())).build()) {
            DiagnosticReport report = e.analyze(REQUEST);

            assertThat(report.verdict()).isEqualTo(Verdict.ROOT_CAUSE_FOUND);
            Finding root = report.rootCause().orElseThrow();
            assertThat(root.category()).isEqualTo(Category.OOM_KILLED);
            assertThat(root.title()).isEqualTo("Container app was killed at its 512Mi limit");
            assertThat(root.remedies().get(0).title()).isEqualTo("Raise the memory limit above 512Mi");
            assertThat(root.confidence()).isGreaterThan(0.9);
            assertThat(report.findings()).extracting(Finding::patternId).containsExactly("test.oom-killed", "test.crash-loop");
            assertThat(report.findings().get(1).confidence()).isLessThan(root.confidence());
            assertThat(report.summary()).contains("killed at its 512Mi limit").contains("To fix it");
        }
    }

    @Test
    void namedGroupsFillTheRemedy() {
        try (DiagnosticEngine e = engine().provider(returning("app",
                LogLine.of("app", "Error: connect ECONNREFUSED db.internal:5432"))).build()) {
            Finding f = e.analyze(REQUEST).rootCause().orElseThrow();
            assertThat(f.title()).isEqualTo("The database at db.internal:5432 refused connections");
            assertThat(f.remedies().get(0).steps()).containsExactly("Check that db.internal:5432 is up.");
        }
    }

    @Test
    void throwingProviderBecomesAGapAndOthersStillCount() {
        try (DiagnosticEngine e = engine()
                .provider(provider("broken", (r, c) -> { throw new IllegalStateException("boom"); }))
                .provider(returning("k8s", oomContainer())).build()) {
            DiagnosticReport report = e.analyze(REQUEST);

            assertThat(report.verdict()).isEqualTo(Verdict.ROOT_CAUSE_FOUND);
            assertThat(report.gaps()).singleElement().satisfies(g -> {
                assertThat(g.provider()).isEqualTo("broken");
                assertThat(g.reason()).contains("IllegalStateException: boom");
            });
            assertThat(report.providers()).extracting(ProviderRun::providerId, ProviderRun::outcome)
                    .contains(org.assertj.core.groups.Tuple.tuple("broken", ProviderRun.Outcome.FAILED),
                            org.assertj.core.groups.Tuple.tuple("k8s", ProviderRun.Outcome.SUCCEEDED));
        }
    }

    @Test
    void hangingProviderCostsOnlyItsDeadline() {
        DiagnosticRequest quick = REQUEST.toBuilder().timeout(Duration.ofMillis(400)).build();
        try (DiagnosticEngine e = engine()
                .provider(provider("hang", (r, c) -> {
                    try {
                        Thread.sleep(30_000);
                    } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                    }
                    return EvidenceBundle.empty();
                }))
                .provider(returning("k8s", oomContainer())).build()) {
            long start = System.nanoTime();
            DiagnosticReport report = e.analyze(quick);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(took).isLessThan(Duration.ofMillis(1500));
            assertThat(report.verdict()).isEqualTo(Verdict.ROOT_CAUSE_FOUND);
            assertThat(report.gaps()).singleElement().satisfies(g -> assertThat(g.kind()).isEqualTo(CollectionGap.Kind.TIMEOUT));
        }
    }

    @Test
    void providerReturningNullBecomesAGap() {
        try (DiagnosticEngine e = engine().provider(provider("null", (r, c) -> null)).build()) {
            DiagnosticReport report = e.analyze(REQUEST);
            assertThat(report.verdict()).isEqualTo(Verdict.COLLECTION_FAILED);
            assertThat(report.gaps()).singleElement().satisfies(g -> assertThat(g.reason()).contains("no evidence bundle"));
        }
    }

    @Test
    void noProviderForTheRequestIsACollectionFailureThatSaysWhatToGive() {
        try (DiagnosticEngine e = engine().build()) {
            DiagnosticReport report = e.analyze(REQUEST);
            assertThat(report.verdict()).isEqualTo(Verdict.COLLECTION_FAILED);
            assertThat(report.gaps()).singleElement().satisfies(g -> assertThat(g.reason()).contains("offline evidence"));
        }
    }

    @Test
    void providersRunInParallel() {
        Diagnostics.Builder b = engine();
        for (int i = 0; i < 4; i++) {
            b.provider(provider("slow-" + i, (r, c) -> {
                try {
                    Thread.sleep(400);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
                return EvidenceBundle.of(List.of(LogLine.of("slow", "ok")));
            }));
        }
        try (DiagnosticEngine e = b.build()) {
            long start = System.nanoTime();
            DiagnosticReport report = e.analyze(REQUEST);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1200));
            assertThat(report.providers()).hasSize(4).allSatisfy(p -> assertThat(p.outcome()).isEqualTo(ProviderRun.Outcome.SUCCEEDED));
        }
    }

    @Test
    void listenersSeeOneFinishPerStartAndABrokenListenerIsSkipped() {
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        DiagnosticListener recording = new DiagnosticListener() {
            @Override
            public void providerStarted(String providerId, DiagnosticRequest request) {
                calls.add("start " + providerId);
            }

            @Override
            public void providerFinished(ProviderRun run) {
                calls.add("finish " + run.providerId());
            }

            @Override
            public void providerFailed(ProviderRun run, CollectionGap gap) {
                calls.add("fail " + run.providerId());
            }
        };
        DiagnosticListener broken = new DiagnosticListener() {
            @Override
            public void analysisStarted(DiagnosticRequest request) {
                throw new IllegalStateException("listener bug");
            }
        };
        try (DiagnosticEngine e = engine().listener(broken).listener(recording)
                .provider(returning("ok", oomContainer()))
                .provider(provider("bad", (r, c) -> { throw new RuntimeException("x"); })).build()) {
            DiagnosticReport report = e.analyze(REQUEST);
            assertThat(report.verdict()).isEqualTo(Verdict.ROOT_CAUSE_FOUND);
            assertThat(calls).containsExactlyInAnyOrder("start ok", "finish ok", "start bad", "fail bad");
        }
    }

    @Test
    void throwingPatternIsSkippedAndNamed() {
        List<String> failed = new ArrayList<>();
        FailurePattern bad = new FailurePattern() {
            @Override
            public String id() {
                return "custom.broken";
            }

            @Override
            public Category category() {
                return Category.OTHER;
            }

            @Override
            public List<Finding> match(EvidenceBundle evidence, MatchContext context) {
                throw new IllegalArgumentException("bad pattern");
            }
        };
        try (DiagnosticEngine e = engine().pattern(bad).listener(new DiagnosticListener() {
            @Override
            public void patternFailed(String patternId, String problem) {
                failed.add(patternId + ": " + problem);
            }
        }).provider(returning("k8s", oomContainer())).build()) {
            assertThat(e.analyze(REQUEST).verdict()).isEqualTo(Verdict.ROOT_CAUSE_FOUND);
            assertThat(failed).singleElement().asString().contains("custom.broken").contains("bad pattern");
        }
    }

    @Test
    void patternCitingNoEvidenceIsRejected() {
        FailurePattern uncited = new FailurePattern() {
            @Override
            public String id() {
                return "custom.uncited";
            }

            @Override
            public Category category() {
                return Category.OTHER;
            }

            @Override
            public List<Finding> match(EvidenceBundle evidence, MatchContext context) {
                return List.of(Finding.builder(id(), category()).title("guess").confidence(0.99).build());
            }
        };
        try (DiagnosticEngine e = engine().pattern(uncited).provider(returning("k8s", LogLine.of("a", "b"))).build()) {
            assertThat(e.analyze(REQUEST).findings()).extracting(Finding::patternId).doesNotContain("custom.uncited");
        }
    }

    @Test
    void secretsAreRedactedBeforeAnythingSeesThem() {
        try (DiagnosticEngine e = engine().provider(returning("app",
                LogLine.of("app", "connecting to postgres://app:s3cr3tpw@db:5432/app ECONNREFUSED db:5432"))).build()) {
            DiagnosticReport report = e.analyze(REQUEST);
            assertThat(report.rootCause().orElseThrow().evidence().get(0).text())
                    .isEqualTo("connecting to postgres://app:****@db:5432/app ECONNREFUSED db:5432")
                    .doesNotContain("s3cr3tpw");
        }
    }

    @Test
    void weakSignalAloneIsInconclusiveAndTheReportStillShowsSignals() {
        try (DiagnosticEngine e = engine().provider(returning("app",
                new LogLine(java.util.Optional.of(Instant.parse("2024-05-01T10:00:00Z")), "app", "weakword seen", Severity.ERROR, 1, java.util.Map.of()),
                Event.of("kubelet", "Warning", "BackOff", "Back-off restarting failed container", "Pod/api", Instant.parse("2024-05-01T10:00:05Z"))))
                .build()) {
            DiagnosticReport report = e.analyze(REQUEST);
            assertThat(report.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
            assertThat(report.notableSignals()).isNotEmpty();
            assertThat(report.headline()).startsWith("Inconclusive");
            assertThat(report.timeline()).isNotEmpty();
        }
    }

    @Test
    void aPlatformSpecificPatternLeadsOnlyWhenThePlatformIsKnown() {
        LogLine line = LogLine.of("app", "Error: Cannot find module 'express'");
        try (DiagnosticEngine e = engine().provider(returning("app", line)).build()) {
            DiagnosticRequest unknown = DiagnosticRequest.builder().build();
            assertThat(e.analyze(unknown).findings()).extracting(Finding::patternId)
                    .containsExactly("test.node-module", "test.lambda-import");
            DiagnosticRequest lambda = DiagnosticRequest.builder().platform("aws-lambda").build();
            assertThat(e.analyze(lambda).findings()).extracting(Finding::patternId)
                    .containsExactly("test.lambda-import", "test.node-module");
            DiagnosticRequest k8s = DiagnosticRequest.builder().platform("kubernetes").build();
            assertThat(e.analyze(k8s).findings()).extracting(Finding::patternId).containsExactly("test.node-module");
        }
    }

    @Test
    void cleanEvidenceFindsNoFailure() {
        try (DiagnosticEngine e = engine().provider(returning("app", LogLine.of("app", "Started in 2.1 s"))).build()) {
            assertThat(e.analyze(REQUEST).verdict()).isEqualTo(Verdict.NO_FAILURE_FOUND);
        }
    }

    @Test
    void cancellingAnAsyncAnalysisInterruptsItsProviders() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        try (DiagnosticEngine e = engine().provider(provider("slow", (r, c) -> {
            started.countDown();
            try {
                Thread.sleep(20_000);
            } catch (InterruptedException ex) {
                interrupted.set(true);
            } finally {
                done.countDown();
            }
            return EvidenceBundle.empty();
        })).build()) {
            CompletableFuture<DiagnosticReport> future = e.analyzeAsync(REQUEST.toBuilder().timeout(Duration.ofSeconds(30)).build());
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            future.cancel(true);
            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(interrupted).isTrue();
            assertThat(future).isCancelled();
        }
    }

    @Test
    void asyncAnalysisCompletesWithTheReport() throws Exception {
        try (DiagnosticEngine e = engine().provider(returning("k8s", oomContainer())).build()) {
            assertThat(e.analyzeAsync(REQUEST).get(5, TimeUnit.SECONDS).verdict()).isEqualTo(Verdict.ROOT_CAUSE_FOUND);
        }
    }

    @Test
    void mutedPatternsAreNotReported() {
        var config = dev.deploydiagnostics.core.config.DiagnosticsConfig.DEFAULTS
                .withMutedPatterns(java.util.Set.of("test.oom-killed"));
        try (DiagnosticEngine e = engine().config(config).provider(returning("k8s", oomContainer())).build()) {
            assertThat(e.analyze(REQUEST).findings()).extracting(Finding::patternId).containsExactly("test.crash-loop");
        }
    }
}
