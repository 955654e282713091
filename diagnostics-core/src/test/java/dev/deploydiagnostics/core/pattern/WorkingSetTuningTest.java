package dev.deploydiagnostics.core.pattern;

import dev.deploydiagnostics.core.eval.Evaluation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The figures to tune by: the working set, five-fold cross-validated, with nothing of the locked set read or
 * printed. {@code -Daccuracy.tune=true} runs it; compare a change's figures with and without it here, never
 * with {@link AccuracyDocumentTest}, whose page also measures the locked set.
 */
class WorkingSetTuningTest {

    @Test
    @EnabledIfSystemProperty(named = "accuracy.tune", matches = "true")
    void printsTheCrossValidatedWorkingSetOnly() throws IOException {
        Evaluation.Result cv = ProjectCorpusAccuracyTest.crossValidated();

        assertThat(cv.outcomes()).isNotEmpty();
        System.out.println("\nWorking set, five-fold cross-validated (the locked set is not read):\n" + cv.toText());
    }
}
