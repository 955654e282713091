package dev.deploydiagnostics.core.similarity;

import dev.deploydiagnostics.api.Category;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.Finding;
import dev.deploydiagnostics.api.LogLine;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class FindingRefinerTest {
    private static final EvidenceBundle PULL = EvidenceBundle.of(List.of(
            LogLine.of("app", "Failed to pull image registry/web:7 manifest unknown")));
    private static final SimilarityFallback FALLBACK = new SimilarityFallback(
            new SimilarityTrainer().train(SimilarityModelTest.toyExamples()));

    private static Finding finding(String id, Category c, double confidence) {
        return Finding.builder(id, c).title("t").confidence(confidence).evidence(PULL.items().get(0)).build();
    }

    @Test
    void calibratesOnlyThePatternsTheMapWasFittedFor() {
        ConfidenceCalibration halve = new ConfidenceCalibration(new double[] {0, 1}, new double[] {0, 0.5});
        FindingRefiner r = new FindingRefiner(Optional.empty(), halve, Set.of("builtin.a"), 0.5, 0.25);
        List<Finding> out = r.refine(List.of(finding("builtin.a", Category.OOM_KILLED, 0.9),
                finding("user.b", Category.OTHER, 0.6)), PULL);
        assertThat(out).extracting(Finding::patternId).containsExactly("user.b", "builtin.a");
        assertThat(out.get(1).confidence()).isEqualTo(0.45, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void asksTheModelOnlyWhenNothingIsSure() {
        FindingRefiner r = new FindingRefiner(Optional.of(FALLBACK), ConfidenceCalibration.identity(), Set.of(), 0.5, 0.25);
        assertThat(r.refine(List.of(finding("x.sure", Category.OOM_KILLED, 0.9)), PULL)).hasSize(1);
        List<Finding> unsure = r.refine(List.of(finding("x.lead", Category.OOM_KILLED, 0.3)), PULL);
        assertThat(unsure).extracting(Finding::patternId).contains("similarity.image-pull-failure", "x.lead");
        assertThat(r.refine(List.of(), PULL)).extracting(Finding::patternId).containsExactly("similarity.image-pull-failure");
    }

    @Test
    void aLikelyCauseOfACategoryAPatternFoundAddsNothing() {
        FindingRefiner r = new FindingRefiner(Optional.of(FALLBACK), ConfidenceCalibration.identity(), Set.of(), 0.5, 0.25);
        List<Finding> out = r.refine(List.of(finding("x.pull", Category.IMAGE_PULL_FAILURE, 0.3)), PULL);
        assertThat(out).extracting(Finding::patternId).containsExactly("x.pull");
        assertThat(out.get(0).confidence()).isEqualTo(0.3);
    }

    @Test
    void isotonicFitIsMonotoneAndBounded() {
        List<double[]> outcomes = new java.util.ArrayList<>();
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 400; i++) {
            double c = random.nextDouble();
            outcomes.add(new double[] {c, random.nextDouble() < c * c ? 1 : 0});
        }
        ConfidenceCalibration fit = ConfidenceCalibration.fit(outcomes);
        double prev = -1;
        for (double x = 0; x <= 1.0001; x += 0.01) {
            double y = fit.apply(x);
            assertThat(y).isBetween(0.0, 0.98).isGreaterThanOrEqualTo(prev - 1e-12);
            prev = y;
        }
        assertThat(fit.apply(0.9)).isBetween(0.6, 0.95);
        assertThat(fit.apply(0.2)).isLessThan(0.2);
    }
}
