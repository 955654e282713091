package dev.deploydiagnostics.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class DiagnoseCommandTest {
    static final Path BUNDLES = Path.of("..", "examples", "bundles");

    record Run(int exit, String out, String err) {
    }

    static Run run(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = DiagnoseCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void unknownOptionIsAUsageErrorOnOneLineWithoutAStackTrace() {
        Run r = run("", "--frobnicate");
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("diagnose: Unknown option: '--frobnicate'").doesNotContain("at dev.");
    }

    @Test
    void missingInputIsAUsageError() {
        Run r = run("", "--input", "no/such/file.txt");
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().strip()).isEqualTo("diagnose: --input no/such/file.txt does not exist");
    }

    @Test
    void badConfigurationListsEveryProblem(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("diagnostics.yaml");
        Files.writeString(cfg, "collection:\n  logLineLimit: zero\nanalysis:\n  confidenceThreshold: 7\n");
        Run r = run("", "--config", cfg.toString(), "--input", BUNDLES.resolve("k8s-oom").toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("2 problems").contains("collection.logLineLimit").contains("analysis.confidenceThreshold");
    }

    @Test
    void unknownFormatIsAUsageError() {
        Run r = run("", "--format", "yaml", "--input", BUNDLES.resolve("k8s-oom").toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("unknown format 'yaml'").contains("json").contains("text");
    }

    @Test
    void helpListsTheExitCodes() {
        Run r = run("", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("--input").contains("Exit codes:").contains("root cause found");
    }

    @Test
    void listsPatternsWithTheirCategories() throws Exception {
        Run r = run("", "--list-patterns", "--format", "json");
        assertThat(r.exit()).isZero();
        JsonNode list = new ObjectMapper().readTree(r.out());
        assertThat(list.size()).isGreaterThan(0);
        assertThat(list.get(0).get("id").asText()).matches("[a-z0-9.-]+");
        assertThat(list.get(0).get("category").asText()).isNotBlank();
    }

    @Test
    void diagnosesABundleAsJsonAndExitsWithTheVerdict() throws Exception {
        Run r = run("", "--input", BUNDLES.resolve("k8s-oom").toString(), "--format", "json", "--exit-code");
        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCodes.ROOT_CAUSE_FOUND);
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("schemaVersion").asText()).isEqualTo("1.0");
        assertThat(json.get("findings").get(0).get("category").asText()).isEqualTo("oom-killed");
    }

    @Test
    void readsStandardInput() throws Exception {
        Run r = run("Warning  Failed  12s  kubelet  Failed to pull image \"ghcr.io/acme/api:9.9.9\": "
                + "rpc error: code = NotFound desc = failed to pull and unpack image \"ghcr.io/acme/api:9.9.9\": "
                + "failed to resolve reference \"ghcr.io/acme/api:9.9.9\": ghcr.io/acme/api:9.9.9: not found\n",
                "--input", "-", "--format", "json", "--exit-code");
        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCodes.ROOT_CAUSE_FOUND);
        assertThat(new ObjectMapper().readTree(r.out()).get("findings").get(0).get("category").asText())
                .isEqualTo("image-pull-failure");
    }

    @Test
    void writesEachOutputInTheFormatItsExtensionNames(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("out/report.json");
        Path text = dir.resolve("out/report.txt");
        Run r = run("", "--input", BUNDLES.resolve("ecs-oom").toString(), "--output", json.toString(), "--output", text.toString(), "--exit-code");
        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCodes.ROOT_CAUSE_FOUND);
        assertThat(new ObjectMapper().readTree(json.toFile()).get("verdict").asText()).isEqualTo("ROOT_CAUSE_FOUND");
        assertThat(Files.readString(text)).startsWith(" ROOT CAUSE ");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void everyFormatRendersForEveryBundledExample(@TempDir Path dir) throws Exception {
        List<String> extensions = List.of("txt", "json", "md", "html", "pdf", "csv", "xml");
        try (Stream<Path> bundles = Files.list(BUNDLES)) {
            for (Path bundle : bundles.filter(Files::isDirectory).sorted().toList()) {
                List<String> args = new ArrayList<>(List.of("--input", bundle.toString(), "--exit-code"));
                for (String ext : extensions) {
                    args.add("--output");
                    args.add(dir.resolve(bundle.getFileName() + "." + ext).toString());
                }
                Run r = run("", args.toArray(String[]::new));
                assertThat(r.exit()).as("%s: %s", bundle, r.err()).isEqualTo(ExitCodes.ROOT_CAUSE_FOUND);
                for (String ext : extensions) {
                    Path out = dir.resolve(bundle.getFileName() + "." + ext);
                    assertThat(Files.size(out)).as("%s", out).isPositive();
                }
                assertThat(Files.readString(dir.resolve(bundle.getFileName() + ".md"))).contains("Root cause");
                assertThat(new String(Files.readAllBytes(dir.resolve(bundle.getFileName() + ".pdf")), 0, 5,
                        StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
                assertThat(Files.readString(dir.resolve(bundle.getFileName() + ".xml"))).contains("<testsuite").contains("<failure");
            }
        }
    }

    @Test
    void anOutputWithAnUnknownExtensionIsAUsageError(@TempDir Path dir) {
        Run r = run("", "--input", BUNDLES.resolve("ecs-oom").toString(), "--output", dir.resolve("report.docx").toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("cannot tell the format");
    }

    @Test
    void aCompletedAnalysisExitsZeroUnlessAskedForTheVerdict() {
        assertThat(run("", "--input", BUNDLES.resolve("k8s-oom").toString()).exit()).isZero();
        assertThat(run("", "--input", BUNDLES.resolve("k8s-oom").toString(), "--exit-code").exit())
                .isEqualTo(ExitCodes.ROOT_CAUSE_FOUND);
    }

    @Test
    void emptyInputIsNotAFailure(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.log"), "");
        Run r = run("", "--input", empty.toString());
        assertThat(r.exit()).isIn(ExitCodes.NO_FAILURE, ExitCodes.COLLECTION_FAILED);
        assertThat(r.err()).isEmpty();
    }
}
