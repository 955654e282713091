package dev.deploydiagnostics.core.pattern;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class LiteralPrefilterTest {

    @Test
    void takesTheLeadingPlainRunOfEachAlternative() {
        assertThat(LiteralPrefilter.of("OOMKilled|Memory cgroup out of memory").orElseThrow().literals())
                .containsExactly("oomkilled", "memory cgroup out of memory");
        assertThat(LiteralPrefilter.of("Task timed out after (?<elapsed>[\\d.]+) seconds").orElseThrow().literals())
                .containsExactly("task timed out after ");
        assertThat(LiteralPrefilter.of("\\bpanic: (?<p>.*)|Runtime\\.ExitError").orElseThrow().literals())
                .containsExactly("panic: ", "runtime.exiterror");
    }

    @Test
    void stopsBeforeACharacterThatAQuantifierMakesOptional() {
        assertThat(LiteralPrefilter.leadingRun("secrets? \"(?<s>[^\"]+)\" not found")).isEqualTo("secret");
        assertThat(LiteralPrefilter.leadingRun("Back-off pulling image \\\\*\"")).isEqualTo("Back-off pulling image ");
        assertThat(LiteralPrefilter.leadingRun("a+bc")).isEqualTo("a");
        assertThat(LiteralPrefilter.leadingRun("ab{2}c")).isEqualTo("a");
    }

    @Test
    void givesUpWhenAnAlternativeDoesNotStartWithText() {
        assertThat(LiteralPrefilter.of("(?:pull|pulling).{0,40}timeout")).isEmpty();
        assertThat(LiteralPrefilter.of("OOMKilled|\\d+ Insufficient cpu")).isEmpty();
        assertThat(LiteralPrefilter.of("[Ll]istening on")).isEmpty();
        assertThat(LiteralPrefilter.of("ab|cde")).isEmpty();
    }

    @Test
    void splitsOnlyOnTopLevelBars() {
        assertThat(LiteralPrefilter.topLevelAlternatives("a(b|c)d|e[|]f|g\\|h"))
                .containsExactly("a(b|c)d", "e[|]f", "g\\|h");
    }

    @Test
    void nonAsciiInputAlwaysReachesTheExpression() {
        LiteralPrefilter p = LiteralPrefilter.of("kelvin").orElseThrow();

        assertThat(p.mayMatch("\u212Aelvin")).isTrue();
        assertThat(p.mayMatch("celsius")).isFalse();
        assertThat(p.mayMatch("KELVIN scale")).isTrue();
    }

    /** The prefilter may only skip inputs the expression cannot match: checked for every built-in expression. */
    @Test
    void neverChangesWhetherABuiltInExpressionMatches() throws IOException {
        List<String> sources = new ArrayList<>();
        for (DeclarativePattern p : new CatalogLoader().loadBuiltIn()) {
            List<Indicator> all = new ArrayList<>(p.indicators());
            all.addAll(p.negatives());
            for (Indicator i : all) {
                if (i instanceof Indicator.Text t) {
                    sources.add(t.regex().source());
                }
            }
        }
        List<String> inputs = new ArrayList<>();
        for (java.nio.file.Path dir : CorpusAccuracyTest.sharedCorpusDir().stream().toList()) {
            for (CorpusAccuracyTest.Case c : CorpusAccuracyTest.readCases(dir)) {
                inputs.addAll(c.text().lines().toList());
            }
        }
        try (var files = Files.list(java.nio.file.Path.of("src/test/resources/patterns/healthy"))) {
            for (java.nio.file.Path f : files.toList()) {
                inputs.addAll(Files.readAllLines(f));
            }
        }
        // Every expression's own literals, in random case and surrounded by noise, must still match as before.
        Random random = new Random(42);
        for (String source : sources) {
            LiteralPrefilter.of(source).ifPresent(p -> p.literals().forEach(l ->
                    inputs.add("noise " + randomCase(l, random) + " 8080 \"x\" tail")));
        }
        int checked = 0;
        for (String source : sources) {
            SafeRegex safe = SafeRegex.compile(source);
            Pattern plain = Pattern.compile(MatchText.quoteTolerant(source), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
            for (String input : inputs) {
                assertThat(safe.find(input)).as("/%s/ on '%s'", source, input).isEqualTo(plain.matcher(input).find());
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(10_000);
    }

    private static String randomCase(String s, Random random) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(random.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
        }
        return sb.toString();
    }
}
