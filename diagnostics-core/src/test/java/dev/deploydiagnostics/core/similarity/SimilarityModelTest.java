package dev.deploydiagnostics.core.similarity;

import dev.deploydiagnostics.api.Category;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.Finding;
import dev.deploydiagnostics.api.LogLine;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimilarityModelTest {

    static List<SimilarityTrainer.Example> toyExamples() {
        List<SimilarityTrainer.Example> ex = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ex.add(new SimilarityTrainer.Example("container killed OOMKilled exit code 137 memory limit " + i, "oom-killed"));
            ex.add(new SimilarityTrainer.Example("Failed to pull image registry/app:" + i + " manifest unknown", "image-pull-failure"));
            ex.add(new SimilarityTrainer.Example("server started listening on port 80" + i + " ready", SimilarityModel.NO_FAILURE));
        }
        return ex;
    }

    @Test
    void writesAndReadsBackTheSameModel() throws IOException {
        SimilarityModel m = new SimilarityTrainer().train(toyExamples());
        StringWriter w = new StringWriter();
        m.write(w);
        SimilarityModel back = SimilarityModel.read(new ByteArrayInputStream(w.toString().getBytes(StandardCharsets.UTF_8)));
        StringWriter again = new StringWriter();
        back.write(again);
        assertThat(again.toString()).isEqualTo(w.toString());
        Set<String> f = TextFeatures.of("pod was OOMKilled with exit code 137");
        assertThat(back.probabilities(f)).containsExactly(m.probabilities(f), org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void aBrokenModelFileIsAClearError() {
        assertThatThrownBy(() -> SimilarityModel.read(new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IOException.class).hasMessageContaining("not a similarity model");
        String bad = "# " + SimilarityModel.FORMAT + "\t1\nclasses\ta\tb\nbias\t0\t0\nf\tw:x\t9:1.0\n";
        assertThatThrownBy(() -> SimilarityModel.read(new ByteArrayInputStream(bad.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IOException.class).hasMessageContaining("line 4");
    }

    @Test
    void unknownLabelsAreRefused() {
        assertThatThrownBy(() -> new SimilarityTrainer.Example("x", "made-up")).hasMessageContaining("made-up");
    }

    @Test
    void theFallbackQuotesTheLinesThatWeighedMost() {
        SimilarityFallback fallback = new SimilarityFallback(new SimilarityTrainer().train(toyExamples()));
        Optional<Finding> f = fallback.propose(EvidenceBundle.of(List.of(LogLine.of("app", "starting worker"),
                LogLine.of("app", "Failed to pull image registry/web:9 manifest unknown"))));
        assertThat(f).isPresent();
        assertThat(f.get().category()).isEqualTo(Category.IMAGE_PULL_FAILURE);
        assertThat(f.get().patternId()).isEqualTo("similarity.image-pull-failure");
        assertThat(f.get().facts()).containsEntry("method", "similarity");
        assertThat(f.get().evidence()).extracting(e -> e.text()).anyMatch(t -> t.contains("manifest unknown"));
        assertThat(f.get().remedies()).isNotEmpty();
        assertThat(fallback.propose(EvidenceBundle.of(List.of(LogLine.of("app", "server started listening on port 8080 ready")))))
                .isEmpty();
    }

    @Property(tries = 300)
    void featuresNeverCarryRawNumbersOrLongIds(@ForAll String line) {
        for (String f : TextFeatures.ofLine(line)) {
            String token = f.substring(2);
            assertThat(token).doesNotMatch(".*\\d{4,}.*");
        }
    }

    @Test
    void theBuiltInModelLoads() {
        SimilarityModel m = SimilarityFallback.builtIn().model();
        assertThat(m.classes()).contains(SimilarityModel.NO_FAILURE, "oom-killed", "image-pull-failure");
        assertThat(m.featureCount()).isGreaterThan(1000);
    }
}
