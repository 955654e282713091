package dev.deploydiagnostics.benchmarks;

import dev.deploydiagnostics.core.pattern.CatalogLoader;
import dev.deploydiagnostics.core.pattern.SafeRegex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class EreTranslatorTest {

    private static String ere(String java) {
        EreTranslator.Result r = EreTranslator.translate(java);
        assertThat(r.ere()).as("translation of %s (%s)", java, r.problem()).isPresent();
        return r.ere().get();
    }

    @Test
    void turnsJavaShorthandsAndGroupsIntoPosixForms() {
        assertThat(ere("Task timed out after (?<elapsed>[\\d.]+) seconds")).isEqualTo("Task timed out after ([0-9.]+) seconds");
        assertThat(ere("(?:pull|pulling)\\s+\\w+\\S\\W\\D")).isEqualTo("(pull|pulling)[[:space:]]+[[:alnum:]_]+[^[:space:]][^[:alnum:]_][^0-9]");
        assertThat(ere("^.*?image \\\\*\"(?<image>[^\"\\\\]+)")).isEqualTo("^.*image \\\\*\"([^\"\\]+)");
        assertThat(ere("\\bOOMKilled\\b|exit code 137")).isEqualTo("\\bOOMKilled\\b|exit code 137");
        assertThat(ere("(?i)java\\.lang\\.OutOfMemoryError")).isEqualTo("java\\.lang\\.OutOfMemoryError");
        assertThat(ere("Liveness probe failed:?(?<probeError>.{0,120})")).isEqualTo("Liveness probe failed:?(.{0,120})");
        assertThat(ere("couldn't find key \\S+ in \\/etc\\-x")).isEqualTo("couldn't find key [^[:space:]]+ in /etc-x");
    }

    @Test
    void rebuildsBracketsSoPosixReadsThemAsJavaDoes() {
        // ']' first, '-' last, '[' after the items so it cannot open a class name like [:-]
        assertThat(ere("dial tcp (?<d>[\\w.\\-\\[\\]:]+):")).isEqualTo("dial tcp ([][:alnum:]_.:[-]+):");
        assertThat(ere("[^\"\\s]+")).isEqualTo("[^\"[:space:]]+");
        assertThat(ere("[\\^]")).isEqualTo("\\^");
        assertThat(ere("[a-z^]")).isEqualTo("[a-z^]");
    }

    @Test
    void marksCaseSensitivePartsAsApproximate() {
        EreTranslator.Result r = EreTranslator.translate("var (?<v>(?-i:[A-Z][A-Z0-9_]{2,})) is not set");
        assertThat(r.ere()).contains("var (([A-Z][A-Z0-9_]{2,})) is not set");
        assertThat(r.approximate()).isTrue();
        assertThat(r.problem()).contains("case-sensitive");
        assertThat(EreTranslator.translate("(?-i)OOMKilled").approximate()).isTrue();
        assertThat(EreTranslator.translate("OOMKilled").approximate()).isFalse();
    }

    @Test
    void refusesWhatPosixCannotSay() {
        assertThat(EreTranslator.translate("^(?!.*probe failed).*refused").problem()).contains("lookahead");
        assertThat(EreTranslator.translate("(?<!x)y").problem()).contains("lookbehind");
        assertThat(EreTranslator.translate("(a)\\1").problem()).contains("\\1");
        assertThat(EreTranslator.translate("(?>a+)b").problem()).contains("atomic");
        assertThat(EreTranslator.translate("\\p{Alpha}").ere()).isEmpty();
        assertThat(EreTranslator.translate("[a-z&&[^q]]").ere()).isEmpty();
    }

    @Test
    void writesEveryLogExpressionOfTheBuiltInCatalog() {
        List<String> expressions = GrepPatterns.logExpressions(new CatalogLoader().loadBuiltIn());
        GrepPatterns.Translation t = GrepPatterns.translate(expressions);
        assertThat(expressions).isNotEmpty();
        assertThat(t.total()).isEqualTo(expressions.size());
        assertThat(t.translated()).isNotEmpty();
    }

    /**
     * GNU grep and java.util.regex agree, line for line, on every exact translation, over a generated log and
     * lines written to hit the tricky constructs.
     */
    @Test
    void grepMatchesTheSameLinesAsTheEngineRegex(@TempDir Path dir) throws Exception {
        assumeTrue(grepWorks(), "GNU grep is not on the PATH");
        List<String> expressions = new ArrayList<>(GrepPatterns.logExpressions(new CatalogLoader().loadBuiltIn()));
        expressions.addAll(List.of("dial tcp (?<d>[\\w.\\-\\[\\]:]+): (?:i/o timeout|connect: connection timed out)",
                "Task timed out after (?<elapsed>[\\d.]+) seconds", "^\\s+at [\\w$.]+\\([\\w$]+\\.java:\\d+\\)",
                "\\bOOMKilled\\b", "image \\\\*\"(?<image>[^\"\\\\]+)", "ECONNREFUSED (?<dep>[\\w.\\-\\[\\]:]+:\\d+)",
                "\\[signal SIGSEGV: [^\\]]+\\]", "exited with code [1-9]\\d*"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new LogGenerator(11).write(out, 1 << 20);
        List<String> lines = new ArrayList<>(List.of(out.toString(StandardCharsets.US_ASCII).split("\n")));
        lines.addAll(List.of("dial tcp [::1]:5432: i/o timeout", "dial tcp 10.0.0.7:443: connect: connection timed out",
                "Task timed out after 30.03 seconds", "    at com.example.Foo.bar(Foo.java:12)", "oomkilled here",
                "xOOMKilledx", "Back-off pulling image \\\"registry/app:1\\\"", "connect ECONNREFUSED 10.0.3.12:6379",
                "exited with code 0", "exited with code 17"));
        Path file = dir.resolve("sample.log");
        Files.write(file, lines, StandardCharsets.US_ASCII);

        int compared = 0;
        for (String java : expressions) {
            EreTranslator.Result r = EreTranslator.translate(java);
            // grep runs in the C locale on ASCII here; expressions with other characters are compared elsewhere
            if (r.ere().isEmpty() || r.approximate() || !java.chars().allMatch(c -> c < 0x80)) {
                continue;
            }
            SafeRegex regex = SafeRegex.compile(java);
            long expected = lines.stream().filter(regex::find).count();
            Path pattern = dir.resolve("p.ere");
            Files.writeString(pattern, r.ere().get() + "\n", StandardCharsets.US_ASCII);
            assertThat(grepCount(pattern, file)).as("%s as %s", java, r.ere().get()).contains(expected);
            compared++;
        }
        assertThat(compared).isGreaterThanOrEqualTo(8);
    }

    private static boolean grepWorks() {
        try {
            Process p = new ProcessBuilder("grep", "--version").redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && v.contains("GNU grep");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Optional<Long> grepCount(Path patterns, Path file) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("grep", "-E", "-i", "-c", "-f", patterns.toString(), file.toString());
        pb.environment().put("LC_ALL", "C");
        Process p = pb.start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor(30, TimeUnit.SECONDS);
        // 0: some lines matched, 1: none; 2 (or a warning on stderr) means grep did not take the expression
        if (p.exitValue() > 1 || !stderr.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(stdout));
    }
}
