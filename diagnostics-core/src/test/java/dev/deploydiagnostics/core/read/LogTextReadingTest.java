package dev.deploydiagnostics.core.read;

import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.LogLine;
import dev.deploydiagnostics.api.Severity;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static dev.deploydiagnostics.core.read.Fixtures.read;
import static dev.deploydiagnostics.core.read.Fixtures.readText;
import static org.assertj.core.api.Assertions.assertThat;

class LogTextReadingTest {

    @Test
    void readsOneLogLinePerLineWithTimesLevelsAndLineNumbers() {
        EvidenceBundle bundle = read("logs/spring-boot.log");

        List<LogLine> logs = bundle.logs();
        assertThat(logs.get(0).timestamp()).contains(Instant.parse("2024-01-02T15:03:30.512Z"));
        assertThat(logs.get(0).severity()).isEqualTo(Severity.INFO);
        assertThat(logs.get(0).lineNumber()).isEqualTo(1);
        assertThat(logs.get(2).severity()).isEqualTo(Severity.WARNING);
        assertThat(logs.get(3).severity()).isEqualTo(Severity.ERROR);
        assertThat(logs).extracting(LogLine::lineNumber).containsExactly(1L, 2L, 3L, 4L, 6L, 7L, 8L, 9L, 10L, 11L);
        assertThat(logs).allSatisfy(l -> assertThat(l.source()).endsWith("logs/spring-boot.log"));
    }

    @Test
    void keepsStackTraceLinesSeparateWithTheSeverityOfTheirException() {
        EvidenceBundle bundle = read("logs/spring-boot.log");

        assertThat(bundle.logs()).filteredOn(l -> l.lineNumber() >= 6).allSatisfy(l ->
                assertThat(l.severity()).isEqualTo(Severity.ERROR));
        assertThat(bundle.logs()).anySatisfy(l ->
                assertThat(l.message()).startsWith("Caused by: org.postgresql.util.PSQLException: Connection to postgres:5432 refused."));
    }

    @Test
    void readsStructuredJsonLinesAsMessageLevelAndTime() {
        EvidenceBundle bundle = read("logs/json-lines.log");

        List<LogLine> logs = bundle.logs();
        assertThat(logs).extracting(LogLine::severity).containsExactly(Severity.INFO, Severity.WARNING,
                Severity.ERROR, Severity.ERROR, Severity.ERROR);
        assertThat(logs.get(0).message()).isEqualTo("starting server");
        assertThat(logs.get(0).timestamp()).contains(Instant.parse("2024-01-02T15:00:00.123456Z"));
        assertThat(logs.get(2).message()).isEqualTo(
                "failed to start error=dial tcp 10.0.5.12:5432: connect: connection refused");
        assertThat(logs.get(3).timestamp()).contains(Instant.parse("2024-01-02T15:00:06Z"));
        assertThat(logs.get(4).message()).isEqualTo("Shutting down");
    }

    @Test
    void parsesKlogSyslogLogfmtNginxAndAccessLogStamps() {
        EvidenceBundle bundle = read("logs/mixed-formats.log");

        List<LogLine> logs = bundle.logs();
        assertThat(logs.get(0).severity()).isEqualTo(Severity.INFO);
        assertThat(logs.get(1).severity()).isEqualTo(Severity.ERROR);
        assertThat(logs.get(2).severity()).as("klog header after a syslog prefix").isEqualTo(Severity.ERROR);
        assertThat(logs.get(3).severity()).isEqualTo(Severity.ERROR);
        assertThat(logs.get(3).timestamp()).contains(Instant.parse("2024-01-02T15:04:08Z"));
        assertThat(logs.get(4).severity()).isEqualTo(Severity.ERROR);
        assertThat(logs.get(4).timestamp()).contains(Instant.parse("2024-01-02T15:04:09Z"));
        assertThat(logs.get(5).timestamp()).contains(Instant.parse("2024-01-02T15:04:10Z"));
        assertThat(logs.get(6).severity()).isEqualTo(Severity.WARNING);
        assertThat(logs.get(0).timestamp().orElseThrow().atZone(ZoneId.of("UTC")).getMonthValue()).isEqualTo(1);
    }

    @Test
    void marksCrashStartsAndKeepsTheirFollowingFrames() {
        EvidenceBundle bundle = read("logs/mixed-formats.log");

        assertThat(severityOf(bundle, "Traceback (most recent call last):")).isEqualTo(Severity.ERROR);
        assertThat(severityOf(bundle, "    import psycopg2")).isEqualTo(Severity.ERROR);
        assertThat(severityOf(bundle, "ModuleNotFoundError: No module named 'psycopg2'")).isEqualTo(Severity.ERROR);
        assertThat(severityOf(bundle, "panic: runtime error: invalid memory address or nil pointer dereference"))
                .isEqualTo(Severity.CRITICAL);
        assertThat(severityOf(bundle, "goroutine 1 [running]:")).isEqualTo(Severity.CRITICAL);
        assertThat(severityOf(bundle, "just a plain line")).isEqualTo(Severity.UNKNOWN);
    }

    @Test
    void appliesTheConfiguredZoneToTimestampsWithoutOffset() {
        ReadOptions tokyo = ReadOptions.DEFAULTS.withZone(ZoneId.of("Asia/Tokyo"));

        EvidenceBundle bundle = EvidenceReaders.defaults().readText("app.log",
                "2024-01-02 15:04:05,123 ERROR boom\n2024-01-02T15:04:05+01:00 ERROR with offset\n", tokyo);

        assertThat(bundle.logs().get(0).timestamp()).contains(Instant.parse("2024-01-02T06:04:05.123Z"));
        assertThat(bundle.logs().get(1).timestamp()).contains(Instant.parse("2024-01-02T14:04:05Z"));
    }

    @Test
    void cutsLinesLongerThanTheLimitWithAMarker() {
        String longLine = "ERROR " + "x".repeat(100_000);

        EvidenceBundle bundle = EvidenceReaders.defaults().readText("big.log", longLine + "\nnext\n",
                ReadOptions.DEFAULTS.withMaxLineLength(1000));

        assertThat(bundle.logs()).hasSize(2);
        assertThat(bundle.logs().get(0).message()).startsWith("ERROR xxx").contains("line cut, 99006 more characters")
                .hasSizeLessThan(1100);
        assertThat(bundle.logs().get(1).message()).isEqualTo("next");
        assertThat(bundle.logs().get(1).lineNumber()).isEqualTo(2);
    }

    @Test
    void namesPlatformsFromTextHints() {
        EvidenceBundle lambda = Fixtures.readText("START RequestId: 1f2e Version: $LATEST\nREPORT RequestId: 1f2e\tDuration: 2.1 ms\n");
        EvidenceBundle run = Fixtures.readText("resource.type=\"cloud_run_revision\" textPayload: boom\n");
        EvidenceBundle ecs = Fixtures.readText("Stopped reason: Essential container in task exited\n");

        assertThat(lambda.platforms()).extracting(p -> p.id()).containsExactly("aws-lambda");
        assertThat(run.platforms()).extracting(p -> p.id()).containsExactly("gcp-cloud-run");
        assertThat(ecs.platforms()).extracting(p -> p.id()).containsExactly("aws-ecs");
    }

    private static Severity severityOf(EvidenceBundle bundle, String message) {
        return bundle.logs().stream().filter(l -> l.message().equals(message)).findFirst()
                .orElseThrow(() -> new AssertionError("no line " + message)).severity();
    }

    @Test
    void unfoldsAQuotedYamlScalarThatKubectlFoldedOverSeveralLines() {
        EvidenceBundle bundle = readText(String.join("\n",
                "status:",
                "  conditions:",
                "  - lastTransitionTime: \"2025-03-02T08:15:00Z\"",
                "    message: 'failed to checkout and determine revision: unable to clone ''https://git.example.com/ops/fleet'',",
                "      error: authentication required'",
                "    reason: GitOperationFailed",
                "    status: \"False\"",
                "    message: \"0/4 nodes are available: 4 Insufficient memory. preemption: 0/4 nodes are\\",
                "      \\ available: 4 No preemption victims found for incoming pod.\"",
                "    type: Ready"));

        List<String> messages = bundle.logs().stream().map(LogLine::message).toList();
        assertThat(messages).anySatisfy(m -> assertThat(m)
                .contains("unable to clone ''https://git.example.com/ops/fleet'', error: authentication required'"));
        assertThat(messages).anySatisfy(m -> assertThat(m).contains("nodes are available: 4 No preemption victims"));
        assertThat(messages).contains("    reason: GitOperationFailed", "    type: Ready");
        assertThat(bundle.logs()).filteredOn(l -> l.message().contains("unable to clone"))
                .extracting(LogLine::lineNumber).containsExactly(4L);
    }

    @Test
    void leavesAnUnclosedQuoteAloneWhenNoIndentedLineContinuesIt() {
        assertThat(messages("error: 'config.yaml is not valid", "next line at the same depth", "  Caused by: x"))
                .containsExactly("error: 'config.yaml is not valid", "next line at the same depth", "  Caused by: x");
    }

    @Test
    void keepsAHashCommentedFailureLineAsEvidence() {
        assertThat(messages("not ok 2 Copy from pod to host",
                "# `kubectl wait --for=condition=Ready pod \"$pod_name\"' failed",
                "# error: timed out waiting for the condition on pods/pod-copy-file-to-host"))
                .anySatisfy(m -> assertThat(m).contains("timed out waiting for the condition on pods/pod-copy-file-to-host"));
    }

    private static List<String> messages(String... lines) {
        return readText(String.join("\n", lines)).logs().stream().map(LogLine::message).toList();
    }
}
