package dev.deploydiagnostics.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code diagnose --evaluate} scores labelled cases; {@code --train} writes a model {@code --model} then uses. */
class EvaluateCommandTest {
    private static final String CASES = """
            {"id": "oom", "platform": "kubernetes", "text": "Last State: Terminated\\n  Reason: OOMKilled\\n  Exit Code: 137", "label": "oom-killed"}
            {"id": "pull", "platform": "kubernetes", "text": "Failed to pull image \\"shop/web:9\\": manifest unknown", "label": "image-pull-failure"}
            {"id": "ok", "text": "deployment \\"web\\" successfully rolled out", "label": "no-failure"}
            """;

    @Test
    void evaluatesLabelledCasesAsTextAndJson(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("cases.jsonl"), CASES);
        DiagnoseCommandTest.Run text = DiagnoseCommandTest.run("", "--evaluate", f.toString());
        assertThat(text.exit()).isZero();
        assertThat(text.out()).contains("3 cases: 2 failures, 1 healthy texts").contains("top-1 100.0 %")
                .contains("healthy texts quiet: 100.0 %");
        DiagnoseCommandTest.Run json = DiagnoseCommandTest.run("", "--evaluate", f.toString(), "--format", "json");
        assertThat(json.out()).contains("\"top1\" : 1.0").contains("\"benignQuiet\" : 1.0");
    }

    @Test
    void aBadCaseFileIsAUsageErrorNamingTheLine(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("cases.jsonl"), "{\"text\": \"x\", \"label\": \"sunburn\"}\n");
        DiagnoseCommandTest.Run r = DiagnoseCommandTest.run("", "--evaluate", f.toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("cases.jsonl:1").contains("unknown label 'sunburn'").doesNotContain("at dev.");
    }

    @Test
    void trainsAModelAndUsesIt(@TempDir Path dir) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            lines.append("{\"text\": \"payment gateway handshake refused by partner ").append(i).append("\", \"label\": \"dependency-unreachable\"}\n");
            lines.append("{\"text\": \"ledger schema checksum drift detected ").append(i).append("\", \"label\": \"invalid-task-or-manifest\"}\n");
            lines.append("{\"text\": \"nightly batch finished fine ").append(i).append("\", \"label\": \"no-failure\"}\n");
        }
        Path f = Files.writeString(dir.resolve("mine.jsonl"), lines);
        Path model = dir.resolve("model.tsv");
        DiagnoseCommandTest.Run train = DiagnoseCommandTest.run("", "--train", f.toString(), "--model-out", model.toString());
        assertThat(train.exit()).isZero();
        assertThat(train.err()).contains("trained on 24 cases");
        assertThat(model).exists();
        Path paste = Files.writeString(dir.resolve("paste.txt"), "ERROR payment gateway handshake refused by partner 42\n");
        DiagnoseCommandTest.Run used = DiagnoseCommandTest.run("", "--model", model.toString(), "--input", paste.toString(),
                "--format", "json");
        assertThat(used.out()).contains("similarity.dependency-unreachable");
        DiagnoseCommandTest.Run off = DiagnoseCommandTest.run("", "--no-similarity", "--input", paste.toString(), "--format", "json");
        assertThat(off.out()).doesNotContain("similarity.");
    }

    @Test
    void trainingNeedsAnOutputFile(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("cases.jsonl"), CASES);
        DiagnoseCommandTest.Run r = DiagnoseCommandTest.run("", "--train", f.toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--model-out");
    }
}
