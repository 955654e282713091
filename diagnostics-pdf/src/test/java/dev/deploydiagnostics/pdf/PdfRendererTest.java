package dev.deploydiagnostics.pdf;

import dev.deploydiagnostics.api.Category;
import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.Event;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.Finding;
import dev.deploydiagnostics.api.LogLine;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.api.ProviderRun;
import dev.deploydiagnostics.api.Remedy;
import dev.deploydiagnostics.api.RenderOptions;
import dev.deploydiagnostics.api.ReportRenderer;
import dev.deploydiagnostics.api.ResourceState;
import dev.deploydiagnostics.api.Severity;
import dev.deploydiagnostics.api.Termination;
import dev.deploydiagnostics.api.TimelineEntry;
import dev.deploydiagnostics.core.report.ReportAssembler;
import dev.deploydiagnostics.core.timeline.TimelineBuilder;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;

class PdfRendererTest {

    /** The same OOM-kill report the core renderer tests use, assembled by the real engine parts. */
    static DiagnosticReport sampleReport(int extraLogLines) {
        Instant t = Instant.parse("2024-06-02T08:09:46Z");
        ResourceState container = ResourceState.builder("container", "api/app").source("pod/shop/api").status("Waiting")
                .reason("CrashLoopBackOff").restartCount(3).memoryLimitBytes(512L << 20)
                .lastTermination(Termination.of("OOMKilled", 137)).timestamp(t).build();
        Event backoff = Event.of("kubelet", "Warning", "BackOff", "Back-off restarting failed container", "Pod/api", t.plusSeconds(5));
        LogLine line = new LogLine(Optional.of(t.minusSeconds(2)), "pod/shop/api/app", "java.lang.OutOfMemoryError: Java heap space",
                Severity.ERROR, 7, Map.of("container", "app"));
        CollectionGap gap = CollectionGap.permissionDenied("kubernetes", "events in namespace shop", "403 Forbidden",
                "list events (core/v1) in namespace shop");
        List<dev.deploydiagnostics.api.Evidence> items = new ArrayList<>(List.of(line, container, backoff, gap));
        for (int i = 0; i < extraLogLines; i++) {
            items.add(new LogLine(Optional.of(t.minusSeconds(60 - i)), "pod/shop/api/app", "WARN cache miss ratio " + i + "% <high>",
                    Severity.WARNING, 100 + i, Map.of()));
        }
        EvidenceBundle bundle = EvidenceBundle.of(items);
        Finding f = Finding.builder("k8s.oom-killed", Category.OOM_KILLED).title("Container app was OOMKilled at 512Mi")
                .confidence(0.93).explanation("It used more than its limit.").evidence(List.of(container, line))
                .remedy(Remedy.builder("Raise the limit").step("Edit resources.limits.memory").config("yaml", "memory: 1Gi")
                        .documentation("https://kubernetes.io/docs/").build())
                .fact("memoryLimit", "512Mi").build();
        List<TimelineEntry> timeline = new TimelineBuilder(100).build(bundle, List.of(f));
        return new ReportAssembler(0.5).assemble(DiagnosticRequest.builder().platform("kubernetes").namespace("shop").build(),
                Optional.of(Platform.KUBERNETES), bundle, List.of(f), timeline,
                List.of(new ProviderRun("kubernetes", ProviderRun.Outcome.PARTIAL, Duration.ofMillis(120), 3, 1, Map.of("retries", "1"))),
                t.plusSeconds(60), Duration.ofMillis(150));
    }

    private static byte[] render(DiagnosticReport report) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PdfRenderer().render(report, out, RenderOptions.DEFAULT);
        return out.toByteArray();
    }

    @Test
    void rendersTheSampleReportAsAPdfHoldingTheHeadline() throws Exception {
        DiagnosticReport report = sampleReport(0);
        byte[] pdf = render(report);
        Path target = Path.of("target");
        Files.createDirectories(target);
        Files.write(target.resolve("sample-report.pdf"), pdf);
        assertThat(new String(pdf, 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertThat(doc.getNumberOfPages()).isGreaterThanOrEqualTo(1);
            String text = new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
            assertThat(text).contains(report.headline())
                    .contains("Raise the limit").contains("memory: 1Gi")
                    .contains("java.lang.OutOfMemoryError: Java heap space")
                    .contains("list events (core/v1) in namespace shop");
        }
    }

    @Test
    void longReportsFlowOntoMorePages() throws Exception {
        DiagnosticReport report = sampleReport(90);
        try (PDDocument doc = Loader.loadPDF(render(report))) {
            assertThat(doc.getNumberOfPages()).isGreaterThan(1);
            assertThat(new PDFTextStripper().getText(doc)).contains("<high>");
        }
    }

    @Test
    void isDiscoveredAsFormatPdf() {
        assertThat(ServiceLoader.load(ReportRenderer.class).stream().map(p -> p.get())
                .filter(r -> r.format().equals("pdf")).findFirst())
                .hasValueSatisfying(r -> {
                    assertThat(r.fileExtension()).isEqualTo("pdf");
                    assertThat(r.mediaType()).isEqualTo("application/pdf");
                });
    }
}
