package dev.deploydiagnostics.core.pattern;

import dev.deploydiagnostics.Diagnostics;
import dev.deploydiagnostics.api.Category;
import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.InvalidConfigurationException;
import dev.deploydiagnostics.api.LogLine;
import dev.deploydiagnostics.api.Platform;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CustomCatalogTest {
    private static final LogLine PANIC = LogLine.of("pod/shop/api/api", "panic: feature flags unavailable");
    private static final LogLine FLAGD = LogLine.of("pod/shop/api/api", "flagd provider not ready after 30s");

    static Path resource(String name) {
        try {
            return Path.of(Objects.requireNonNull(CustomCatalogTest.class.getResource("/patterns/" + name), name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aTeamCatalogAddsAPatternThatChangesTheDiagnosis() {
        DiagnosticReport builtInOnly = Analysis.report(Platform.KUBERNETES, List.of(), PANIC, FLAGD);
        DiagnosticReport withTeam = Analysis.report(Platform.KUBERNETES, List.of(resource("team-catalog.yaml")), PANIC, FLAGD);

        assertThat(builtInOnly.findings().get(0).category()).isEqualTo(Category.CRASH_LOOP_APP_ERROR);
        assertThat(withTeam.findings().get(0).patternId()).isEqualTo("team.flag-service-unavailable");
        assertThat(withTeam.findings().get(0).category()).isEqualTo(Category.DEPENDENCY_UNREACHABLE);
        assertThat(withTeam.findings().get(0).remedies().get(0).title()).isEqualTo("Start flagd before the API (waited 30s)");
        assertThat(Analysis.byId(withTeam.findings(), "app.go-panic").orElseThrow().confidence())
                .isLessThan(withTeam.findings().get(0).confidence());
    }

    @Test
    void aBadCatalogIsRejectedNamingFilePatternAndProblem() {
        Path bad = resource("bad-catalog.yaml");

        assertThatThrownBy(() -> Diagnostics.builder().discovery(false).patternCatalog(bad).build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("bad-catalog.yaml")
                .hasMessageContaining("team.bad-regex")
                .hasMessageContaining("bad regular expression")
                .hasMessageContaining("team.unknown-category")
                .hasMessageContaining("unknown category 'out-of-cheese'")
                .satisfies(e -> assertThat(((InvalidConfigurationException) e).problems()).hasSize(2));
    }
}
