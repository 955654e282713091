package dev.deploydiagnostics.core.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Opens the HTML report in headless Chromium: the in-page self-test must pass (one mark per timeline entry,
 * filters hide entries, zoom widens the chart, no script errors), the console must stay clean, and a screenshot
 * is kept under {@code target/} for a person to look at.
 */
class HtmlRendererBrowserIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Pattern RESULT = Pattern.compile("<pre id=\"selftest-result\"[^>]*>(.*?)</pre>", Pattern.DOTALL);
    private static final Path TARGET = Path.of("target");

    @BeforeAll
    static void needsChromium() {
        if (Files.isExecutable(CHROMIUM)) {
            return;
        }
        String message = CHROMIUM + " is missing: run `bash .ci/install-chromium.sh` (installs Debian's chromium)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message);
        }
        Assumptions.abort(message);
    }

    @Test
    void timelineSelfTestPassesInAHeadlessBrowser(@TempDir Path profile) throws Exception {
        Path html = write("html-report.html", ReportFixtures.sample());
        Browser run = chromium(profile, "--virtual-time-budget=3000", "--dump-dom", html.toUri() + "#selftest");
        JsonNode result = selfTest(run.stdout);
        assertThat(result.get("errors")).as("script errors").isEmpty();
        int entries = ReportFixtures.sample().timeline().size();
        assertThat(result.get("entries").asInt()).isEqualTo(entries);
        assertThat(result.get("marks").asInt()).as("one mark per timeline entry").isEqualTo(entries);
        assertThat(result.get("rows").asInt()).isEqualTo(entries);
        assertThat(result.get("firstFailureMarks").asInt()).isEqualTo(1);
        JsonNode source = result.get("checks").get("sourceFilter");
        assertThat(source.get("visible").asInt()).as("filtering by source hides entries")
                .isEqualTo(source.get("expected").asInt()).isLessThan(entries);
        JsonNode severity = result.get("checks").get("severityFilter");
        assertThat(severity.get("visible").asInt()).isEqualTo(severity.get("expected").asInt()).isLessThan(entries);
        assertThat(result.get("checks").get("zoom").get("after").asInt())
                .isGreaterThan(result.get("checks").get("zoom").get("before").asInt());
        assertThat(result.get("copyButtons").asInt()).isPositive();
        assertThat(result.get("ok").asBoolean()).as(result.toString()).isTrue();
        assertThat(consoleErrors(run.stderr)).isEmpty();
    }

    @Test
    void largerTimelineFiltersAndZoomsWithoutErrors(@TempDir Path profile) throws Exception {
        var report = ReportFixtures.busy(60);
        assertThat(report.timeline()).hasSizeGreaterThan(20);
        Path html = write("html-report-busy.html", report);
        Browser run = chromium(profile, "--virtual-time-budget=3000", "--dump-dom", html.toUri() + "#selftest");
        JsonNode result = selfTest(run.stdout);
        assertThat(result.get("marks").asInt()).isEqualTo(report.timeline().size());
        assertThat(result.get("ok").asBoolean()).as(result.toString()).isTrue();
        assertThat(consoleErrors(run.stderr)).isEmpty();
    }

    @Test
    void showsEveryEntryWithJavaScriptDisabled(@TempDir Path profile) throws Exception {
        // Chromium's --dump-dom itself needs script, so the page is served without its scripts instead: what a
        // browser with JavaScript off parses and lays out.
        var report = ReportFixtures.sample();
        Files.createDirectories(TARGET);
        Path html = TARGET.resolve("html-report-nojs.html").toAbsolutePath();
        Files.writeString(html, ReportFixtures.render(new HtmlRenderer(), report).replaceAll("(?s)<script>.*?</script>", ""));
        Browser run = chromium(profile, "--virtual-time-budget=2000", "--dump-dom", html.toUri() + "#selftest");
        String dom = run.stdout;
        assertThat(dom).doesNotContain("<script");
        assertThat(dom).as("the self-test did not run").contains("<pre id=\"selftest-result\" hidden=\"hidden\"></pre>");
        for (var entry : report.timeline()) {
            assertThat(dom).contains("<tr id=\"tl-" + entry.index() + "\"");
        }
        assertThat(dom).contains("class=\"mark ").contains("Raise the limit").contains("memory: 1Gi")
                .contains("list events (core/v1) in namespace shop");
    }

    @Test
    void savesAScreenshotOfTheReport(@TempDir Path profile) throws Exception {
        Path html = write("html-report.html", ReportFixtures.sample());
        Path png = TARGET.resolve("html-report.png").toAbsolutePath();
        Files.deleteIfExists(png);
        Browser run = chromium(profile, "--virtual-time-budget=2000", "--hide-scrollbars", "--window-size=1280,2000",
                "--screenshot=" + png, html.toUri().toString());
        assertThat(png).exists();
        byte[] head = Files.readAllBytes(png);
        assertThat(head).hasSizeGreaterThan(10_000);
        assertThat(new String(head, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
        assertThat(consoleErrors(run.stderr)).isEmpty();
    }

    private static Path write(String name, dev.deploydiagnostics.api.DiagnosticReport report) throws IOException {
        Files.createDirectories(TARGET);
        Path file = TARGET.resolve(name).toAbsolutePath();
        Files.writeString(file, ReportFixtures.render(new HtmlRenderer(), report));
        return file;
    }

    private static JsonNode selfTest(String dom) throws IOException {
        Matcher m = RESULT.matcher(dom);
        assertThat(m.find()).as("the dumped DOM has the self-test result").isTrue();
        String json = m.group(1).replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
        assertThat(json).as("the self-test ran").isNotBlank();
        return new ObjectMapper().readTree(json);
    }

    /** Console lines Chromium logs for script errors, from {@code --enable-logging=stderr}. */
    private static List<String> consoleErrors(String stderr) {
        List<String> out = new ArrayList<>();
        for (String line : stderr.split("\n")) {
            if (line.contains("Uncaught") || line.contains("CONSOLE") && line.contains("rror")) {
                out.add(line);
            }
        }
        return out;
    }

    private record Browser(String stdout, String stderr) {
    }

    private static Browser chromium(Path profile, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--enable-logging=stderr", "--v=0",
                "--user-data-dir=" + profile.toAbsolutePath()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(profile.getParent(), "chromium", ".out");
        Path err = Files.createTempFile(profile.getParent(), "chromium", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("chromium did not finish within 90 s: " + Files.readString(err));
        }
        String stdout = Files.readString(out);
        String stderr = Files.readString(err);
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        assertThat(p.exitValue()).as("chromium exit code; stderr:\n" + stderr).isZero();
        return new Browser(stdout, stderr);
    }
}
