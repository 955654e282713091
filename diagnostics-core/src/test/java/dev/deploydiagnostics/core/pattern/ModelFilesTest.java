package dev.deploydiagnostics.core.pattern;

import dev.deploydiagnostics.DiagnosticEngine;
import dev.deploydiagnostics.Diagnostics;
import dev.deploydiagnostics.core.eval.Evaluation;
import dev.deploydiagnostics.core.pattern.builtin.BuiltInPatterns;
import dev.deploydiagnostics.core.similarity.ConfidenceCalibration;
import dev.deploydiagnostics.core.similarity.SimilarityModel;
import dev.deploydiagnostics.core.similarity.SimilarityTrainer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The similarity model and the confidence calibration shipped in the jar are exactly what the project's own
 * files give: the model is trained on the working corpus, the healthy working texts and the vocabularies; the
 * calibration is fitted on the working corpus. Run with {@code -Dmodels.regenerate=true} (or {@code bin/retrain})
 * to rewrite both after changing the catalog, the corpus or a vocabulary. The locked corpus is never read here.
 */
class ModelFilesTest {
    static final Path RESOURCES = Path.of("src", "main", "resources", "dev", "deploydiagnostics", "core", "similarity");
    static final Path VOCABULARY = Path.of("src", "test", "resources", "vocabulary");
    private static final boolean REGENERATE = Boolean.getBoolean("models.regenerate");

    static List<SimilarityTrainer.Example> trainingExamples() throws IOException {
        List<SimilarityTrainer.Example> examples = new ArrayList<>();
        Path corpus = CorpusAccuracyTest.projectCorpusDir();
        examples.addAll(SimilarityTrainer.readJsonLines(corpus.resolve("working.jsonl")));
        examples.addAll(SimilarityTrainer.readJsonLines(corpus.resolve("benign-working.jsonl")));
        try (Stream<Path> files = Files.list(VOCABULARY)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    examples.addAll(SimilarityTrainer.readVocabulary(in));
                }
            }
        }
        for (String line : HealthyVocabularyTest.lines()) {
            examples.add(new SimilarityTrainer.Example(line, SimilarityModel.NO_FAILURE, true));
        }
        return examples;
    }

    static String train() throws IOException {
        SimilarityModel model = new SimilarityTrainer().train(trainingExamples());
        StringWriter out = new StringWriter();
        model.write(out);
        return out.toString();
    }

    /**
     * The calibration is fitted on the fresh outcomes ({@link FreshOutcomesTest}): the patterns' results on working
     * cases measured before any pattern was written from them, so the map promises what the engine keeps on new
     * texts, not what it scores on the texts it was written from.
     */
    static String fitCalibration() throws IOException {
        StringWriter out = new StringWriter();
        ConfidenceCalibration.fit(FreshOutcomesTest.calibrationPoints()).write(out);
        return out.toString();
    }

    @Test
    void similarityModelIsBuiltFromTheProjectFiles() throws IOException {
        check(RESOURCES.resolve("model.tsv"), train());
    }

    @Test
    void trainingTwiceGivesTheSameModel() throws IOException {
        assertThat(train()).isEqualTo(train());
    }

    @Test
    void calibrationIsFittedOnTheWorkingCorpus() throws IOException {
        check(RESOURCES.resolve("calibration.tsv"), fitCalibration());
    }

    private static void check(Path file, String expected) throws IOException {
        if (REGENERATE) {
            Files.writeString(file, expected, StandardCharsets.UTF_8);
            return;
        }
        assertThat(file).as("%s is missing; run bin/retrain", file).exists();
        String actual = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(actual.equals(expected)).as("%s is not what the project's files give; run bin/retrain after changing "
                + "the catalog, the corpus or a vocabulary", file).isTrue();
    }
}
