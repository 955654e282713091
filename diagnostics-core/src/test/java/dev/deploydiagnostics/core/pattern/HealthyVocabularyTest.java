package dev.deploydiagnostics.core.pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.deploydiagnostics.DiagnosticEngine;
import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.EvidenceInput;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.api.Verdict;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The platforms' healthy messages, alone and on several platforms, never give a root cause. */
class HealthyVocabularyTest {
    static final Path FILE = Path.of("src", "test", "resources", "vocabulary", "healthy", "healthy.yaml");

    static List<String> lines() throws IOException {
        try (InputStream in = Files.newInputStream(FILE)) {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
            List<String> out = new ArrayList<>();
            root.path("lines").forEach(n -> out.add(n.asText()));
            return out;
        }
    }

    @Test
    void healthyMessagesAreNeverARootCause() throws IOException {
        List<String> lines = lines();
        assertThat(lines).hasSizeGreaterThan(80);
        List<String> loud = new ArrayList<>();
        try (DiagnosticEngine engine = CorpusAccuracyTest.engine()) {
            for (String line : lines) {
                for (Platform p : new Platform[] {null, Platform.KUBERNETES, Platform.AWS_ECS, Platform.GCP_CLOUD_RUN}) {
                    DiagnosticRequest.Builder b = DiagnosticRequest.builder().input(EvidenceInput.ofText("ok.txt", line));
                    if (p != null) {
                        b.platform(p);
                    }
                    DiagnosticReport r = engine.analyze(b.build());
                    if (r.verdict() == Verdict.ROOT_CAUSE_FOUND) {
                        loud.add(p + ": " + line + " -> " + r.findings().get(0).patternId());
                    }
                }
            }
        }
        assertThat(loud).isEmpty();
    }
}
