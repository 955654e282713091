package dev.deploydiagnostics.core.read;

import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.LogLine;
import org.junit.jupiter.api.Test;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class LogLineLimitTest {

    @Test
    void keepsFailureLinesAndTheTailInOriginalOrderAndCountsTheRest() {
        String text = IntStream.rangeClosed(1, 1000)
                .mapToObj(i -> i == 10 ? "connection refused by db" : i == 500 ? "WARN slow start" : "info line " + i)
                .collect(Collectors.joining("\n"));

        EvidenceBundle bundle = EvidenceReaders.defaults().readText("app.log", text, ReadOptions.DEFAULTS.withLogLineLimit(5));

        assertThat(bundle.logs()).extracting(LogLine::message).containsExactly(
                "connection refused by db", "WARN slow start", "info line 998", "info line 999", "info line 1000");
        assertThat(bundle.logs()).extracting(LogLine::lineNumber).containsExactly(10L, 500L, 998L, 999L, 1000L);
        assertThat(bundle.droppedLogLines()).isEqualTo(995);
    }

    @Test
    void keepsTheFirstAndLastFailuresWhenThereAreMoreThanTheLimit() {
        String text = IntStream.rangeClosed(1, 100).mapToObj(i -> "ERROR failure " + i).collect(Collectors.joining("\n"));

        EvidenceBundle bundle = EvidenceReaders.defaults().readText("app.log", text, ReadOptions.DEFAULTS.withLogLineLimit(4));

        assertThat(bundle.logs()).extracting(LogLine::message).containsExactly(
                "ERROR failure 1", "ERROR failure 2", "ERROR failure 99", "ERROR failure 100");
        assertThat(bundle.droppedLogLines()).isEqualTo(96);
    }

    @Test
    void appliesTheLimitPerSource() {
        String text = "## first\n" + "a\nb\nc\n" + "## second\n" + "d\ne\nf\n";

        EvidenceBundle bundle = EvidenceReaders.defaults().readText("paste", text, ReadOptions.DEFAULTS.withLogLineLimit(2));

        assertThat(bundle.logs()).extracting(l -> l.source() + "=" + l.message()).containsExactly(
                "paste:first=b", "paste:first=c", "paste:second=e", "paste:second=f");
        assertThat(bundle.droppedLogLines()).isEqualTo(2);
    }

    @Test
    void streamsHugeLogsWithinTheLimit() {
        int lines = 300_000;
        String text = IntStream.range(0, lines).mapToObj(i -> "2024-01-02T15:00:00Z INFO request " + i)
                .collect(Collectors.joining("\n"));

        EvidenceBundle bundle = EvidenceReaders.defaults().readText("big.log", text, ReadOptions.DEFAULTS);

        assertThat(bundle.logs()).hasSize(ReadOptions.DEFAULTS.logLineLimit());
        assertThat(bundle.logs().get(bundle.logs().size() - 1).message()).endsWith("request " + (lines - 1));
        assertThat(bundle.droppedLogLines()).isEqualTo(lines - ReadOptions.DEFAULTS.logLineLimit());
    }
}
