package dev.deploydiagnostics.examples;

import dev.deploydiagnostics.DiagnosticEngine;
import dev.deploydiagnostics.Diagnostics;
import dev.deploydiagnostics.api.Category;
import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.EvidenceInput;
import dev.deploydiagnostics.api.Finding;
import dev.deploydiagnostics.api.Verdict;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ExamplesTest {
    private static final Path BUNDLES = Path.of("bundles");
    private static DiagnosticEngine engine;

    @BeforeAll
    static void start() {
        engine = Diagnostics.builder().build();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    static Stream<Path> bundles() throws IOException {
        return Files.list(BUNDLES).filter(Files::isDirectory).sorted();
    }

    /** The expected category of a bundle, from the table in bundles/README.md (outside the bundle, so it is not evidence). */
    static String expected(Path bundle) throws IOException {
        Matcher m = Pattern.compile("\\| `" + Pattern.quote(bundle.getFileName().toString()) + "` \\| `([a-z-]+)` \\|")
                .matcher(Files.readString(BUNDLES.resolve("README.md")));
        assertThat(m.find()).as("bundles/README.md names the expected root cause of %s", bundle).isTrue();
        return m.group(1);
    }

    @ParameterizedTest
    @MethodSource("bundles")
    void eachBundleIsDiagnosedAsTheTableSays(Path bundle) throws IOException {
        String category = expected(bundle);
        DiagnosticReport report = engine.analyze(DiagnosticRequest.builder().input(bundle).build());
        assertThat(report.verdict()).as(report.summary()).isEqualTo(Verdict.ROOT_CAUSE_FOUND);
        Finding root = report.rootCause().orElseThrow();
        assertThat(root.category().id()).as(report.summary()).isEqualTo(category);
        assertThat(root.evidence()).isNotEmpty();
        assertThat(root.remedies()).isNotEmpty();
    }

    @Test
    void theTeamCatalogChangesTheDiagnosisOfTheCrashLoop() {
        DiagnosticRequest request = DiagnosticRequest.builder().input(BUNDLES.resolve("k8s-crash-loop")).build();
        assertThat(engine.analyze(request).rootCause().orElseThrow().category()).isEqualTo(Category.CRASH_LOOP_APP_ERROR);
        try (DiagnosticEngine team = Diagnostics.builder().patternCatalog(Path.of("custom-catalog.yaml")).build()) {
            Finding root = team.analyze(request).rootCause().orElseThrow();
            assertThat(root.patternId()).isEqualTo("acme.pricing-rule-without-limit");
            assertThat(root.category()).isEqualTo(Category.MISSING_CONFIG_OR_SECRET);
            assertThat(root.remedies().get(0).title()).contains("pricing-rules ConfigMap");
        }
    }

    @Test
    void aJavaPatternRecognisesWhatYamlCannot() {
        String log = String.join("\n",
                "2024-05-01T10:00:00Z WARN flags client: GET http://flags.acme.internal/v1/flags timeout after 2000ms",
                "2024-05-01T10:00:02Z WARN flags client: GET http://flags.acme.internal/v1/flags timeout after 2000ms",
                "2024-05-01T10:00:04Z WARN flags client: connection refused flags.acme.internal:80",
                "2024-05-01T10:00:04Z ERROR refusing to start without feature flags");
        try (DiagnosticEngine withPattern = Diagnostics.builder().pattern(new FeatureFlagOutagePattern()).build()) {
            Finding root = withPattern.analyze(DiagnosticRequest.builder().input(EvidenceInput.ofText("app.log", log)).build())
                    .rootCause().orElseThrow();
            assertThat(root.patternId()).isEqualTo("acme.feature-flags-unreachable");
            assertThat(root.title()).contains("3 attempts");
            assertThat(root.evidence()).hasSize(4);
        }
    }

    @Test
    void theDeployToolMessageNamesCauseAndFix() {
        DiagnosticReport report = engine.analyze(DiagnosticRequest.builder().input(BUNDLES.resolve("k8s-oom")).build());
        assertThat(DeployToolIntegration.failureMessage(report.rootCause().orElseThrow()))
                .startsWith("Deployment failed: ").contains("oom-killed").contains("Fix: ");
    }
}
