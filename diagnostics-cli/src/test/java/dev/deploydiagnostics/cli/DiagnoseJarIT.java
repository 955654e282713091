package dev.deploydiagnostics.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the packaged jar as a user would, in its own JVM.
 */
class DiagnoseJarIT {
    private static final Path JAR = Path.of("target", "diagnostics-cli.jar");

    record Result(int exit, String out, String err) {
    }

    static Result java(Path stdin, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Path out = Files.createTempFile("diagnose", ".out");
        Path err = Files.createTempFile("diagnose", ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        if (stdin != null) {
            pb.redirectInput(stdin.toFile());
        }
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("diagnose finished").isTrue();
        Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    @Test
    void diagnosesEveryBundledExampleAsTheTableSays() throws Exception {
        String table = Files.readString(DiagnoseCommandTest.BUNDLES.resolve("README.md"));
        List<Path> bundles;
        try (Stream<Path> s = Files.list(DiagnoseCommandTest.BUNDLES)) {
            bundles = s.filter(Files::isDirectory).sorted().toList();
        }
        assertThat(bundles).hasSizeGreaterThanOrEqualTo(6);
        for (Path bundle : bundles) {
            Matcher m = Pattern.compile("\\| `" + Pattern.quote(bundle.getFileName().toString()) + "` \\| `([a-z-]+)` \\|")
                    .matcher(table);
            assertThat(m.find()).as("bundles/README.md names the expected root cause of %s", bundle).isTrue();
            Result r = java(null, "--input", bundle.toString(), "--format", "json", "--exit-code");
            assertThat(r.exit()).as("exit of %s: %s", bundle, r.err()).isEqualTo(ExitCodes.ROOT_CAUSE_FOUND);
            JsonNode json = new ObjectMapper().readTree(r.out());
            assertThat(json.get("schemaVersion").asText()).isEqualTo("1.0");
            assertThat(json.get("findings").get(0).get("category").asText()).as("category for %s", bundle).isEqualTo(m.group(1));
            assertThat(json.get("findings").get(0).get("remedies")).isNotEmpty();
        }
    }

    @Test
    void readsAPasteFromStandardInput(@TempDir Path dir) throws Exception {
        Path paste = Files.writeString(dir.resolve("paste.txt"), """
                $ kubectl get pods
                NAME                     READY   STATUS                       RESTARTS   AGE
                billing-7c9f8d6b5-2xkqp  0/1     CreateContainerConfigError   0          2m

                Events:
                  Type     Reason  Age                From     Message
                  ----     ------  ----               ----     -------
                  Warning  Failed  10s (x12 over 2m)  kubelet  Error: secret "billing-db-credentials" not found
                """);
        Result r = java(paste, "--input", "-", "--format", "json", "--exit-code");
        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCodes.ROOT_CAUSE_FOUND);
        JsonNode finding = new ObjectMapper().readTree(r.out()).get("findings").get(0);
        assertThat(finding.get("category").asText()).isEqualTo("missing-config-or-secret");
        assertThat(finding.toString()).contains("billing-db-credentials");
    }

    @Test
    void aUsageErrorIsOneLineOnStandardError() throws Exception {
        Result r = java(null, "--input", "does-not-exist.txt");
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void printsATextReportForATerminalReader() throws Exception {
        Result r = java(null, "--input", DiagnoseCommandTest.BUNDLES.resolve("k8s-crash-loop").toString(), "--exit-code");
        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCodes.ROOT_CAUSE_FOUND);
        assertThat(r.out()).startsWith(" ROOT CAUSE ").contains("Fix: ").contains("Timeline");
        assertThat(r.err()).isEmpty();
    }
}
