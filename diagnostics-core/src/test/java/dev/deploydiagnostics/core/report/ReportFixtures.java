package dev.deploydiagnostics.core.report;

import dev.deploydiagnostics.api.Category;
import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.Event;
import dev.deploydiagnostics.api.Evidence;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.Finding;
import dev.deploydiagnostics.api.LogLine;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.api.ProviderRun;
import dev.deploydiagnostics.api.RenderOptions;
import dev.deploydiagnostics.api.Remedy;
import dev.deploydiagnostics.api.ReportRenderer;
import dev.deploydiagnostics.api.Severity;
import dev.deploydiagnostics.core.timeline.TimelineBuilder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reports for renderer tests, assembled by the real assembler and timeline builder. */
final class ReportFixtures {
    static final Instant T = Instant.parse("2024-06-02T08:09:46Z");
    /** A log line with everything Markdown, HTML, CSV and XML would misread, and a control character. */
    static final String NASTY = "<script>alert('x')</script> **not bold** | pipe, \"quoted\" & `tick` [link](http://x) \u0007bell";

    private ReportFixtures() {
    }

    /** The report every renderer test starts from: an OOM kill on Kubernetes with a gap. */
    static DiagnosticReport sample() {
        return JsonRendererTest.sampleReport();
    }

    /** A root cause whose evidence holds markup and control characters and whose example holds a fence. */
    static DiagnosticReport nasty() {
        LogLine line = new LogLine(Optional.of(T), "pod/shop/api|app", NASTY, Severity.ERROR, 3, Map.of());
        Event event = Event.of("kubelet", "Warning", "BackOff", "Back-off <restarting> & failing", "Pod/api", T.plusSeconds(3));
        Finding f = Finding.builder("app.crash-on-start", Category.CRASH_LOOP_APP_ERROR)
                .title("App crashed with exit 1 & <angle> brackets").confidence(0.81).explanation("The app threw at start-up.")
                .evidence(List.of(line, event))
                .remedy(Remedy.builder("Fix the start-up error").step("Run `kubectl logs api --previous` and read the trace")
                        .config("yaml", "command: [\"java\"]\n# ``` inside\nargs: [\"-jar\", \"app.jar\"]").build())
                .build();
        return assemble(List.of(line, event), List.of(f), Platform.KUBERNETES);
    }

    /** Evidence without any failure sign. */
    static DiagnosticReport noFailure() {
        LogLine ok = LogLine.of("pod/shop/api/app", T, Severity.INFO, "Started Application in 2.1 seconds");
        return assemble(List.of(ok), List.of(), Platform.KUBERNETES);
    }

    /** Failure signs without a confident finding. */
    static DiagnosticReport inconclusive() {
        LogLine err = LogLine.of("pod/shop/api/app", T, Severity.ERROR, "something odd happened");
        Finding weak = Finding.builder("app.unknown-exit", Category.OTHER).title("The app exited for an unknown reason")
                .confidence(0.2).explanation("Weak signal.").evidence(err).build();
        return assemble(List.of(err), List.of(weak), Platform.KUBERNETES);
    }

    /** Nothing collected, only gaps. */
    static DiagnosticReport collectionFailed() {
        CollectionGap gap = CollectionGap.permissionDenied("kubernetes", "pods in namespace shop", "403 Forbidden",
                "list pods (core/v1) in namespace shop");
        return assemble(List.of(gap), List.of(), Platform.KUBERNETES);
    }

    /** A longer timeline from several sources, for the timeline chart. */
    static DiagnosticReport busy(int lines) {
        List<Evidence> items = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            Severity s = i % 7 == 5 ? Severity.ERROR : i % 3 == 0 ? Severity.WARNING : Severity.INFO;
            items.add(new LogLine(Optional.of(T.plusSeconds(i)), "pod/shop/api-" + (i % 3) + "/app", "line " + i + " level " + s,
                    s, i + 1, Map.of()));
        }
        Finding f = Finding.builder("app.crash-on-start", Category.CRASH_LOOP_APP_ERROR).title("App failed at line 5")
                .confidence(0.7).explanation("It failed.").evidence(items.get(5)).build();
        return assemble(items, List.of(f), Platform.KUBERNETES);
    }

    static DiagnosticReport assemble(List<Evidence> items, List<Finding> findings, Platform platform) {
        EvidenceBundle bundle = EvidenceBundle.of(items);
        var timeline = new TimelineBuilder(100).build(bundle, findings);
        return new ReportAssembler(0.5).assemble(DiagnosticRequest.builder().platform(platform.id()).namespace("shop")
                        .service("api").build(), Optional.of(platform), bundle, findings, timeline,
                List.of(new ProviderRun("kubernetes", ProviderRun.Outcome.SUCCEEDED, Duration.ofMillis(80), items.size(), 0,
                        Map.of())), T.plusSeconds(60), Duration.ofMillis(95));
    }

    static String render(ReportRenderer renderer, DiagnosticReport report) {
        return render(renderer, report, RenderOptions.DEFAULT);
    }

    static String render(ReportRenderer renderer, DiagnosticReport report, RenderOptions options) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            renderer.render(report, out, options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
