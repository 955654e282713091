package dev.deploydiagnostics.core.pattern;

import dev.deploydiagnostics.core.similarity.SimilarityModel;
import dev.deploydiagnostics.core.similarity.SimilarityTrainer;
import dev.deploydiagnostics.core.similarity.TextFeatures;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The similarity model alone, measured by five-fold cross-validation over the working corpus (the vocabularies
 * always train): how often its first class is right on cases it was not trained on, and how well its
 * probabilities are calibrated there.
 */
class SimilarityCrossValidationTest {

    static double[] crossValidate(SimilarityTrainer trainer) throws IOException {
        List<SimilarityTrainer.Example> corpus = new ArrayList<>();
        corpus.addAll(SimilarityTrainer.readJsonLines(CorpusAccuracyTest.projectCorpusDir().resolve("working.jsonl")));
        corpus.addAll(SimilarityTrainer.readJsonLines(CorpusAccuracyTest.projectCorpusDir().resolve("benign-working.jsonl")));
        List<SimilarityTrainer.Example> all = ModelFilesTest.trainingExamples();
        List<SimilarityTrainer.Example> vocabulary = all.subList(corpus.size(), all.size());
        int folds = 5;
        int right = 0;
        int n = 0;
        double[] conf = new double[10];
        double[] acc = new double[10];
        int[] count = new int[10];
        for (int fold = 0; fold < folds; fold++) {
            List<SimilarityTrainer.Example> train = new ArrayList<>(vocabulary);
            List<SimilarityTrainer.Example> held = new ArrayList<>();
            for (int i = 0; i < corpus.size(); i++) {
                (i % folds == fold ? held : train).add(corpus.get(i));
            }
            SimilarityModel m = trainer.train(train);
            for (SimilarityTrainer.Example e : held) {
                double[] p = m.probabilities(TextFeatures.of(e.text()));
                int best = 0;
                for (int c = 1; c < p.length; c++) {
                    if (p[c] > p[best]) best = c;
                }
                boolean ok = m.classes().get(best).equals(e.label());
                right += ok ? 1 : 0;
                n++;
                int bin = Math.min(9, (int) (p[best] * 10));
                conf[bin] += p[best];
                acc[bin] += ok ? 1 : 0;
                count[bin]++;
            }
        }
        double ece = 0;
        for (int b = 0; b < 10; b++) {
            if (count[b] > 0) ece += count[b] / (double) n * Math.abs(acc[b] / count[b] - conf[b] / count[b]);
        }
        return new double[] {right / (double) n, ece};
    }

    @Test
    void theModelGeneralisesToCasesItWasNotTrainedOn() throws IOException {
        double[] r = crossValidate(new SimilarityTrainer());
        System.out.printf(Locale.ROOT, "%nSimilarity model, 5-fold cross-validation on the working corpus: accuracy %.1f %%, ECE %.3f%n",
                100 * r[0], r[1]);
        assertThat(r[0]).isGreaterThanOrEqualTo(0.50);
        assertThat(r[1]).isLessThanOrEqualTo(0.15);
    }
}
