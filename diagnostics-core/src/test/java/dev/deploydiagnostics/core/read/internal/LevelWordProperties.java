package dev.deploydiagnostics.core.read.internal;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class LevelWordProperties {
    /** The expression the hand-written scan replaces; the two must always agree. */
    private static final Pattern WORD_LEVEL = Pattern.compile(
            "\\b(TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|ERR|FATAL|CRITICAL|CRIT|SEVERE|PANIC)\\b");

    @Property(tries = 3000)
    void findsTheSameLevelWordAsTheExpression(@ForAll("lines") String line) {
        Matcher m = WORD_LEVEL.matcher(line);
        assertThat(LogLineParser.firstLevelWord(line)).isEqualTo(m.find() ? m.group(1) : null);
    }

    /** The bracketed-level expression the hand-written scan replaces. */
    private static final Pattern BRACKET_LEVEL = Pattern.compile(
            "[\\[<(](trace|debug|info|notice|warn|warning|error|err|fatal|critical|crit|severe|panic|emerg|alert)[\\]>)]",
            Pattern.CASE_INSENSITIVE);

    @Property(tries = 3000)
    void findsTheSameBracketedLevelAsTheExpression(@ForAll("bracketed") String line) {
        Matcher m = BRACKET_LEVEL.matcher(line);
        String expected = m.find() ? m.group(1).toLowerCase(java.util.Locale.ROOT) : null;
        assertThat(LogLineParser.bracketedLevel(line)).isEqualTo(expected);
    }

    @Provide
    Arbitrary<String> bracketed() {
        Arbitrary<String> word = Arbitraries.of("trace", "DEBUG", "Info", "notice", "WARN", "warning", "Error", "err",
                "FATAL", "critical", "crit", "severe", "panic", "emerg", "alert", "errors", "x", "", "é");
        Arbitrary<String> open = Arbitraries.of("[", "<", "(", "{", "");
        Arbitrary<String> close = Arbitraries.of("]", ">", ")", "}", "", " ");
        Arbitrary<String> glue = Arbitraries.strings().withChars(" [<(])>a_:").ofMaxLength(3);
        return net.jqwik.api.Combinators.combine(glue, open, word, close, glue)
                .as((a, o, w, c, e) -> a + o + w + c + e);
    }

    @Property(tries = 3000)
    void seesALevelKeyWhereLowerCasingWouldFindOne(@ForAll("keyed") String line) {
        String lower = line.toLowerCase(java.util.Locale.ROOT);
        boolean expected = lower.contains("level") || lower.contains("lvl") || lower.contains("severity");
        assertThat(LogLineParser.mentionsLevelKey(line)).as(line).isEqualTo(expected);
    }

    @Provide
    Arbitrary<String> keyed() {
        Arbitrary<String> word = Arbitraries.of("level", "LEVEL", "Level", "lEvEl", "lvl", "LVL", "severity", "SEVERITY",
                "Severity", "leve", "evel", "lv", "sever", "v", "V", "loglevel", "log_level", "levelname", "é");
        Arbitrary<String> glue = Arbitraries.strings().withChars(" =:\"{}lvesLVE_é").ofMaxLength(3);
        return net.jqwik.api.Combinators.combine(glue, word, glue, word, glue).as((a, b, c, d, e) -> a + b + c + d + e);
    }

    @Example
    void readsCommonLayouts() {
        assertThat(LogLineParser.firstLevelWord("2024-01-01 10:00:00.123 ERROR 1 --- [main] o.s.Boot : boom")).isEqualTo("ERROR");
        assertThat(LogLineParser.firstLevelWord("[WARN] slow")).isEqualTo("WARN");
        assertThat(LogLineParser.firstLevelWord("ERRORS were INFOrmed")).isNull();
        assertThat(LogLineParser.firstLevelWord("_ERROR x")).isNull();
    }

    @Provide
    Arbitrary<String> lines() {
        Arbitrary<String> word = Arbitraries.of("TRACE", "DEBUG", "INFO", "NOTICE", "WARN", "WARNING", "ERROR", "ERR",
                "FATAL", "CRITICAL", "CRIT", "SEVERE", "PANIC", "ERRORS", "INFOS", "Error", "X", "OK", "ÉERROR", "é");
        Arbitrary<String> glue = Arbitraries.strings().withChars(" _-[]:=.aZ0é\t").ofMaxLength(3);
        return Arbitraries.lazy(() -> net.jqwik.api.Combinators.combine(glue, word, glue, word, glue)
                .as((a, b, c, d, e) -> a + b + c + d + e));
    }
}
