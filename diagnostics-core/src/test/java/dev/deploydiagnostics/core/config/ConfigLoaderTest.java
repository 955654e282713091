package dev.deploydiagnostics.core.config;

import dev.deploydiagnostics.api.InvalidConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {

    private static DiagnosticsConfig load(String yaml, Path base) {
        return new ConfigLoader().load("diagnostics.yaml", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), base);
    }

    @Test
    void readsEverySection(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("team.yaml"), "patterns: []\n");
        DiagnosticsConfig c = load("""
                providers:
                  enabled: [offline, kubernetes]
                  timeout: 20s
                  settings:
                    aws-ecs: {maxTasks: 25}
                collection:
                  timeout: 2m
                  logLineLimit: 500
                  eventLookback: 30m
                analysis:
                  confidenceThreshold: 0.6
                  maxFindings: 3
                  patterns: [team.yaml]
                  mute: [k8s.probe.readiness]
                output:
                  format: json
                """, dir);
        assertThat(c.enabledProviders()).containsExactlyInAnyOrder("offline", "kubernetes");
        assertThat(c.providerTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(c.settingsFor("aws-ecs")).containsEntry("maxTasks", "25");
        assertThat(c.analysisTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.logLineLimit()).isEqualTo(500);
        assertThat(c.eventLookback()).isEqualTo(Duration.ofMinutes(30));
        assertThat(c.confidenceThreshold()).isEqualTo(0.6);
        assertThat(c.maxFindings()).isEqualTo(3);
        assertThat(c.patternFiles()).containsExactly(dir.resolve("team.yaml"));
        assertThat(c.mutedPatterns()).containsExactly("k8s.probe.readiness");
        assertThat(c.outputFormat()).isEqualTo("json");
        assertThat(c.providerAllowed("kubernetes")).isTrue();
        assertThat(c.providerAllowed("aws-ecs")).isFalse();
    }

    @Test
    void apiQuotasAddToAndReplaceTheDocumentedOnes() {
        DiagnosticsConfig c = load("""
                resilience:
                  apiQuotas:
                    "logs:FilterLogEvents": { calls: 10, period: 1s }
                    "ecs:DescribeTasks": { calls: 20, period: 1s }
                """, null);
        assertThat(c.resilience().apiQuotas())
                .containsEntry("logs:FilterLogEvents", new ApiQuota(10, Duration.ofSeconds(1)))
                .containsEntry("ecs:DescribeTasks", new ApiQuota(20, Duration.ofSeconds(1)))
                .containsEntry("logging.logEntries.list", new ApiQuota(60, Duration.ofMinutes(1)));
        assertThat(DiagnosticsConfig.DEFAULTS.resilience().apiQuotas()).isEqualTo(ApiQuota.DEFAULTS);
    }

    @Test
    void badApiQuotasAreReportedWithTheirPath() {
        assertThatThrownBy(() -> load("""
                resilience:
                  apiQuotas:
                    "logs:FilterLogEvents": { calls: 0, period: 1s }
                    "a": 5
                    "b": { calls: 3 }
                    "c": { calls: 3, period: 0s, burst: 2 }
                """, null))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("resilience.apiQuotas.logs:FilterLogEvents.calls")
                .hasMessageContaining("'resilience.apiQuotas.a' must be { calls: N, period: D }")
                .hasMessageContaining("'resilience.apiQuotas.b' needs both calls and period")
                .hasMessageContaining("'resilience.apiQuotas.c.period' must be positive")
                .hasMessageContaining("burst");
    }

    @Test
    void anEmptyFileMeansTheDefaults() {
        assertThat(load("", null)).isEqualTo(DiagnosticsConfig.DEFAULTS);
    }

    @Test
    void reportsEveryProblemAtOnceNamingTheKeyAndTheFix() {
        assertThatThrownBy(() -> load("""
                providers:
                  timeout: soon
                collection:
                  logLineLimit: -3
                analysis:
                  confidenceThreshold: 1.5
                  patterns: [missing.yaml]
                colour: true
                """, Path.of("/nonexistent")))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> {
                    assertThat(e.problems()).hasSize(5);
                    assertThat(e.getMessage()).contains("'providers.timeout' must be a duration such as 30s")
                            .contains("'collection.logLineLimit' must be a whole number from 1")
                            .contains("'analysis.confidenceThreshold' must be a number within (0, 1]")
                            .contains("missing.yaml, which does not exist")
                            .contains("unknown section 'colour'");
                });
    }

    @Test
    void rejectsYamlThatDoesNotParse() {
        assertThatThrownBy(() -> load("providers: [unclosed", null))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("is not valid YAML");
    }

    @Test
    void parsesDurationsInShortAndIsoForm() {
        assertThat(ConfigLoader.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(ConfigLoader.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(ConfigLoader.parseDuration("PT45S")).isEqualTo(Duration.ofSeconds(45));
    }
}
