package dev.deploydiagnostics.core.eval;

import dev.deploydiagnostics.api.Category;
import dev.deploydiagnostics.api.Finding;
import dev.deploydiagnostics.api.LogLine;
import dev.deploydiagnostics.api.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EvaluationTest {
    private static Evaluation.Outcome outcome(String label, Verdict v, double ms, Object... idCatConf) {
        List<Finding> f = new java.util.ArrayList<>();
        for (int i = 0; i < idCatConf.length; i += 3) {
            f.add(Finding.builder((String) idCatConf[i], (Category) idCatConf[i + 1]).title("t")
                    .confidence((Double) idCatConf[i + 2]).evidence(LogLine.of("a", "b")).build());
        }
        return new Evaluation.Outcome(new Evaluation.LabelledCase(label + ms, Optional.empty(), "x", label,
                label.equals("oom-killed") ? Set.of("crash-loop-app-error") : Set.of()), v, f, ms);
    }

    @Test
    void scoresTopOneTopThreeRecallConfusionsAndFalseAlarms() {
        Evaluation.Result r = new Evaluation.Result(List.of(
                outcome("oom-killed", Verdict.ROOT_CAUSE_FOUND, 1, "a.oom", Category.OOM_KILLED, 0.9),
                outcome("oom-killed", Verdict.INCONCLUSIVE, 2, "a.crash", Category.CRASH_LOOP_APP_ERROR, 0.4),
                outcome("image-pull-failure", Verdict.NO_FAILURE_FOUND, 3),
                outcome("no-failure", Verdict.ROOT_CAUSE_FOUND, 4, "a.oom", Category.OOM_KILLED, 0.6),
                outcome("no-failure", Verdict.NO_FAILURE_FOUND, 5)));
        assertThat(r.failures()).hasSize(3);
        assertThat(r.top1()).isEqualTo(1 / 3.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(r.top3()).isEqualTo(2 / 3.0, org.assertj.core.data.Offset.offset(1e-9)); // the secondary label counts
        assertThat(r.noFinding()).isEqualTo(1 / 3.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(r.benignQuiet()).isEqualTo(0.5);
        assertThat(r.recall()).containsKeys("oom-killed", "image-pull-failure");
        assertThat(r.confusions()).extracting(java.util.Map.Entry::getKey)
                .containsExactly("image-pull-failure -> (none)", "oom-killed -> crash-loop-app-error");
        // bins: 0.9 right, 0.4 wrong, 0 wrong -> (|1-0.9| + |0-0.4| + |0-0|) / 3
        assertThat(r.expectedCalibrationError()).isEqualTo(0.5 / 3, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(r.slowest(false)).get().extracting(Evaluation.Outcome::millis).isEqualTo(5.0);
        assertThat(r.toJson()).contains("\"top1\"", "\"falseAlarms\"");
        assertThat(r.toMarkdown("set")).contains("| top-1 | 33.3 % |");
    }

    @Test
    void badLinesAreNamed(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("cases.jsonl");
        Files.writeString(f, "{\"text\": \"a\", \"label\": \"oom-killed\"}\n\n{\"text\": \"b\", \"label\": \"nope\"}\n");
        assertThatThrownBy(() -> Evaluation.read(f)).hasMessageContaining(":3:").hasMessageContaining("unknown label 'nope'");
        Files.writeString(f, "{\"text\": \"a\"}\n");
        assertThatThrownBy(() -> Evaluation.read(f)).hasMessageContaining(":1:").hasMessageContaining("'label'");
        Files.writeString(f, "not json\n");
        assertThatThrownBy(() -> Evaluation.read(f)).hasMessageContaining(":1: not a JSON object");
    }
}
