package dev.deploydiagnostics;

import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.EvidenceInput;
import dev.deploydiagnostics.api.RenderOptions;
import dev.deploydiagnostics.core.config.CacheSettings;
import dev.deploydiagnostics.core.config.DiagnosticsConfig;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever a user pastes, the whole engine (readers, redaction, every built-in pattern, timeline, renderers)
 * returns a report and never throws.
 */
class EngineProperties {
    private static DiagnosticEngine engine;
    private static String podJson;

    @BeforeContainer
    static void start() throws IOException {
        engine = Diagnostics.builder().config(DiagnosticsConfig.DEFAULTS.withCache(new CacheSettings(Duration.ZERO, 0))).build();
        try (InputStream in = EngineProperties.class.getResourceAsStream("/read/k8s-pods-json/pods.json")) {
            podJson = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @AfterContainer
    static void stop() {
        engine.close();
    }

    private static void analyzeAndRender(byte[] bytes) throws IOException {
        DiagnosticReport report = engine.analyze(DiagnosticRequest.builder()
                .input(EvidenceInput.ofStream("paste", () -> new ByteArrayInputStream(bytes))).build());
        assertThat(report).isNotNull();
        assertThat(report.headline()).isNotBlank();
        for (String format : engine.renderers().keySet()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            engine.render(report, format, out, RenderOptions.DEFAULT);
            assertThat(out.size()).as(format).isPositive();
        }
    }

    @Property(tries = 60)
    void arbitraryBytesGiveAReport(@ForAll("bytes") byte[] bytes) throws IOException {
        analyzeAndRender(bytes);
    }

    @Property(tries = 60)
    void truncatedJsonGivesAReport(@ForAll("cuts") int cut) throws IOException {
        analyzeAndRender(podJson.substring(0, Math.min(cut, podJson.length())).getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 5)
    void hugeLinesAndEmptyInputGiveAReport(@ForAll("sizes") int size) throws IOException {
        analyzeAndRender(("ERROR " + "x".repeat(size) + " OOMKilled\n").getBytes(StandardCharsets.UTF_8));
        analyzeAndRender(new byte[0]);
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(4000);
    }

    @Provide
    Arbitrary<Integer> cuts() {
        return Arbitraries.integers().between(0, 20_000);
    }

    @Provide
    Arbitrary<Integer> sizes() {
        return Arbitraries.of(0, 10_000, 200_000, 2_000_000);
    }
}
