package dev.deploydiagnostics.core.pattern;

import dev.deploydiagnostics.api.Evidence;
import dev.deploydiagnostics.api.Finding;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.core.read.EvidenceReaders;
import dev.deploydiagnostics.core.read.ReadOptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/** Output of healthy workloads must not look like a failure: no pattern may be confident about it. */
class HealthyEvidenceTest {

    static List<Evidence> read(String file) throws IOException {
        try (InputStream in = Objects.requireNonNull(HealthyEvidenceTest.class.getResourceAsStream("/patterns/healthy/" + file), file)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return EvidenceReaders.defaults().readText(file, text, ReadOptions.DEFAULTS).items();
        }
    }

    @ParameterizedTest
    @CsvSource({
            "describe-pod.txt, kubernetes",
            "describe-pod.txt, gcp-gke",
            "describe-node.txt, kubernetes",
            "task-definition.json, aws-ecs",
            "app.log, kubernetes"
    })
    void healthyOutputProducesNoConfidentFinding(String file, String platform) throws IOException {
        List<Finding> found = Analysis.findings(Platform.of(platform), read(file).toArray(Evidence[]::new));

        assertThat(found).as("findings on healthy %s", file).allMatch(f -> f.confidence() < 0.3);
    }
}
