package dev.deploydiagnostics.k8s.internal;

import dev.deploydiagnostics.api.LogLine;
import dev.deploydiagnostics.api.Severity;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class LogCollectorTest {
    private static final Pod POD = new PodBuilder().withNewMetadata().withName("api-1").withNamespace("prod")
            .endMetadata().build();
    private static final LogCollector.Stream CURRENT = new LogCollector.Stream(POD, "app", false);

    @Provide
    Arbitrary<String> lines() {
        return Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(120);
    }

    @Provide
    Arbitrary<List<String>> lineLists() {
        return lines().list().ofMaxSize(40);
    }

    @Property
    void keepsEveryLineAndItsTextWhenTheKubeletTimestampsThem(@ForAll("lineLists") List<String> messages,
                                                              @ForAll @IntRange(max = 1_000_000) int offsetSeconds) {
        Instant base = Instant.parse("2026-11-25T09:00:00.123456789Z").plusSeconds(offsetSeconds);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < messages.size(); i++) {
            text.append(base.plusMillis(i)).append(' ').append(messages.get(i)).append('\n');
        }

        List<LogLine> parsed = LogCollector.parse(text.toString(), CURRENT, Optional.empty());

        assertThat(parsed).extracting(LogLine::message).containsExactlyElementsOf(messages);
        List<Instant> times = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            times.add(base.plusMillis(i));
        }
        assertThat(parsed).extracting(l -> l.timestamp().orElseThrow()).containsExactlyElementsOf(times);
        assertThat(parsed).allSatisfy(l -> assertThat(l.source()).isEqualTo("pod/prod/api-1/app"));
    }

    @Property
    void neverLosesOrInventsLinesInArbitraryText(@ForAll("lineLists") List<String> raw) {
        String text = String.join("\n", raw);

        List<LogLine> parsed = LogCollector.parse(text, CURRENT, Optional.empty());

        int expected = text.isEmpty() ? 0 : raw.size() - (raw.get(raw.size() - 1).isEmpty() ? 1 : 0);
        assertThat(parsed).hasSize(expected);
    }

    @Property
    void dropsLinesAfterTheWindowEnd(@ForAll @IntRange(min = 0, max = 20) int after) {
        Instant end = Instant.parse("2026-11-25T10:00:00Z");
        StringBuilder text = new StringBuilder();
        for (int i = -5; i < after; i++) {
            text.append(end.plusSeconds(i)).append(" line ").append(i).append('\n');
        }

        List<LogLine> parsed = LogCollector.parse(text.toString(), CURRENT, Optional.of(end));

        assertThat(parsed).hasSize(5 + Math.min(after, 1));
    }

    @Property
    void marksThePreviousInstanceInSourceAndAttributes(@ForAll("lines") String message) {
        LogCollector.Stream previous = new LogCollector.Stream(POD, "app", true);

        List<LogLine> parsed = LogCollector.parse("2026-11-25T10:00:00Z " + message + "\n", previous,
                Optional.empty());

        assertThat(parsed).singleElement().satisfies(l -> {
            assertThat(l.source()).isEqualTo("pod/prod/api-1/app (previous)");
            assertThat(l.attributes()).containsEntry("previous", "true").containsEntry("pod", "api-1");
        });
    }

    @Property
    void readsTheLevelOfCommonLogFormats(@ForAll("levels") String level) {
        Severity expected = Severity.parse(level);
        assertThat(LogCollector.level("10:27:40.112 [main] " + level.toUpperCase() + " com.example.App - x"))
                .isEqualTo(expected);
        assertThat(LogCollector.level("{\"level\":\"" + level.toLowerCase() + "\",\"msg\":\"x\"}")).isEqualTo(expected);
        assertThat(LogCollector.level("time=2026-11-25T10:00:00Z level=" + level.toLowerCase() + " msg=x"))
                .isEqualTo(expected);
    }

    @Provide
    Arbitrary<String> levels() {
        return Arbitraries.of("error", "warn", "warning", "info", "debug", "fatal");
    }
}
