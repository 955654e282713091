package dev.deploydiagnostics.core.pattern;

import dev.deploydiagnostics.DiagnosticEngine;

import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.EvidenceInput;
import dev.deploydiagnostics.api.Platform;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kubernetes and deploy-tool messages reach users re-quoted: a CI log or chat paste drops the double quotes
 * around names, a YAML or shell wrapper turns them into single quotes. The Kubernetes vocabulary lines must still
 * land in their category either way.
 */
class KubernetesVocabularyQuotingTest {
    private static final Set<String> FILES = Set.of("kubernetes.yaml", "deploy-tools.yaml");
    private static final double REQUIRED = 0.98;

    @Test
    void linesWithoutOrWithSingleQuotesLandInTheirCategory() throws IOException {
        // the matching is under test, as in VocabularyCoverageTest: patterns alone, without the similarity model
        DiagnosticEngine engine = VocabularyCoverageTest.patternsOnly();
        int total = 0;
        List<String> misses = new ArrayList<>();
        for (VocabularyCoverageTest.Entry e : VocabularyCoverageTest.entries()) {
            if (!FILES.contains(e.file())) {
                continue;
            }
            for (String text : List.of(e.text().replace("\"", ""), e.text().replace('"', '\''))) {
                total++;
                DiagnosticReport r = engine.analyze(DiagnosticRequest.builder().platform(Platform.KUBERNETES)
                        .input(EvidenceInput.ofText("pasted.txt", text)).build());
                // the first finding, as VocabularyCoverageTest counts it: a symptom alone may be a lead below the threshold
                String got = !r.findings().isEmpty()
                        ? r.findings().get(0).category().id() + " (" + r.findings().get(0).patternId() + ")" : r.verdict().name();
                if (!got.startsWith(e.category() + " ")) {
                    misses.add(e.category() + " <- " + text.replace('\n', ' ') + "\n    -> " + got);
                }
            }
        }
        assertThat(total).isPositive();
        assertThat((total - misses.size()) / (double) total).as("re-quoted lines in their category; misses:%n%s",
                String.join("\n", misses)).isGreaterThanOrEqualTo(REQUIRED);
    }
}
