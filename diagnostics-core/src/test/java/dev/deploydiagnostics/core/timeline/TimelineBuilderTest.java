package dev.deploydiagnostics.core.timeline;

import dev.deploydiagnostics.api.Category;
import dev.deploydiagnostics.api.Event;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.Finding;
import dev.deploydiagnostics.api.LogLine;
import dev.deploydiagnostics.api.Severity;
import dev.deploydiagnostics.api.TimelineEntry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class TimelineBuilderTest {
    private static final Instant T = Instant.parse("2024-01-01T10:00:00Z");

    private static LogLine log(int seconds, String msg, Severity s) {
        return new LogLine(Optional.of(T.plusSeconds(seconds)), "app", msg, s, 0, Map.of());
    }

    @Test
    void ordersByTimeAcrossSourcesAndMarksTheChainAfterTheFirstFailure() {
        Event pull = Event.of("kubelet", "Warning", "Failed", "Failed to pull image", "Pod/a", T.plusSeconds(10));
        Event backoff = Event.of("kubelet", "Warning", "BackOff", "Back-off pulling image", "Pod/a", T.plusSeconds(30));
        Event deadline = Event.of("deployment-controller", "Warning", "ProgressDeadlineExceeded", "exceeded its progress deadline", "Deployment/a", T.plusSeconds(600));
        Event scheduled = Event.of("scheduler", "Normal", "Scheduled", "assigned", "Pod/a", T);
        EvidenceBundle bundle = EvidenceBundle.of(List.of(deadline, backoff, pull, scheduled));
        Finding f = Finding.builder("k8s.image-pull.not-found", Category.IMAGE_PULL_FAILURE).title("pull").confidence(0.9)
                .evidence(List.of(pull, backoff)).build();

        List<TimelineEntry> t = new TimelineBuilder(50).build(bundle, List.of(f));

        assertThat(t).extracting(e -> ((Event) e.evidence()).reason())
                .containsExactly("Scheduled", "Failed", "BackOff", "ProgressDeadlineExceeded");
        assertThat(t).filteredOn(TimelineEntry::firstFailure).singleElement()
                .satisfies(e -> assertThat(((Event) e.evidence()).reason()).isEqualTo("Failed"));
        assertThat(t).filteredOn(TimelineEntry::failureChain).extracting(e -> ((Event) e.evidence()).reason())
                .containsExactly("BackOff", "ProgressDeadlineExceeded");
        assertThat(t.get(1).patternIds()).containsExactly("k8s.image-pull.not-found");
    }

    @Test
    void entriesWithoutTimestampsKeepTheirOrderOfAppearance() {
        EvidenceBundle bundle = EvidenceBundle.of(List.of(
                LogLine.of("x", "first error").withMessage("ERROR first"),
                new LogLine(Optional.empty(), "x", "ERROR second", Severity.ERROR, 2, Map.of()),
                new LogLine(Optional.empty(), "x", "ERROR third", Severity.ERROR, 3, Map.of())));
        EvidenceBundle errors = EvidenceBundle.of(List.of(
                new LogLine(Optional.empty(), "x", "ERROR first", Severity.ERROR, 1, Map.of()),
                bundle.logs().get(1), bundle.logs().get(2)));
        List<TimelineEntry> t = new TimelineBuilder(50).build(errors, List.of());
        assertThat(t).extracting(TimelineEntry::summary).containsExactly("ERROR first", "ERROR second", "ERROR third");
        assertThat(t.get(0).firstFailure()).isTrue();
    }

    @Test
    void untimedLinesStayBesideTheTimedLineBeforeThem() {
        EvidenceBundle bundle = EvidenceBundle.of(List.of(
                log(20, "ERROR late", Severity.ERROR),
                new LogLine(Optional.empty(), "app", "ERROR stack head after late", Severity.ERROR, 2, Map.of()),
                log(10, "ERROR early", Severity.ERROR)));
        List<TimelineEntry> t = new TimelineBuilder(50).build(bundle, List.of());
        assertThat(t).extracting(TimelineEntry::summary).containsExactly("ERROR early", "ERROR late", "ERROR stack head after late");
    }

    @Test
    void keepsOnlyAsManyUncitedLogLinesAsAllowed() {
        List<LogLine> lines = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            lines.add(log(i, "ERROR " + i, Severity.ERROR));
        }
        assertThat(new TimelineBuilder(10).build(EvidenceBundle.of(lines), List.of())).hasSize(10);
    }
}
