package dev.deploydiagnostics.core.report;

import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.RenderOptions;
import dev.deploydiagnostics.api.ReportRenderer;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class HtmlRendererTest {
    private static final Pattern MARK = Pattern.compile("<g class=\"mark [^\"]*\" data-x=\"[0-9.]+\" data-index=\"(\\d+)\" "
            + "data-source=\"[^\"]*\" data-severity=\"[A-Z]+\" data-kind=\"[a-z]+\" data-first-failure=\"(true|false)\"");

    private final HtmlRenderer renderer = new HtmlRenderer();

    @Test
    void isOneSelfContainedFileWithoutExternalResources() {
        String html = ReportFixtures.render(renderer, ReportFixtures.sample());
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<style>").contains("<script>")
                .doesNotContain("<link").doesNotContain("src=").doesNotContain("@import").doesNotContain("url(")
                .contains("Content-Security-Policy\" content=\"default-src 'none'");
        assertThat(html).contains("prefers-color-scheme: dark").contains("@media print");
    }

    @Test
    void discloseSummaryThenDetailsThenRawData() {
        String html = ReportFixtures.render(renderer, ReportFixtures.sample());
        int summary = html.indexOf("<section id=\"summary\">");
        int cause = html.indexOf("<section id=\"root-cause\">");
        int timeline = html.indexOf("<section id=\"timeline\"");
        int raw = html.indexOf("<section id=\"raw\">");
        assertThat(summary).isPositive().isLessThan(cause);
        assertThat(cause).isLessThan(timeline);
        assertThat(timeline).isLessThan(raw);
        assertThat(html.substring(raw)).contains("<details><summary>Not collected (1)</summary>")
                .contains("grant list events (core/v1) in namespace shop").contains("<details><summary>Providers (1)</summary>");
    }

    @Test
    void drawsOneTimelineMarkPerEntryWithItsDataAndMarksTheFirstFailure() {
        DiagnosticReport report = ReportFixtures.sample();
        String html = ReportFixtures.render(renderer, report);
        Matcher m = MARK.matcher(html);
        int marks = 0;
        int first = 0;
        while (m.find()) {
            assertThat(Integer.parseInt(m.group(1))).isEqualTo(marks);
            marks++;
            first += m.group(2).equals("true") ? 1 : 0;
        }
        assertThat(marks).isEqualTo(report.timeline().size());
        assertThat(first).isEqualTo(1);
        assertThat(html).contains("class=\"first-label\"").contains(">first failure</text>")
                .contains("<title>#0 2024-06-02 08:09:44 UTC ERROR [pod/shop/api/app]\njava.lang.OutOfMemoryError: Java heap space</title>");
    }

    @Test
    void highlightsTheMatchedTermsInEvidence() {
        String html = ReportFixtures.render(renderer, ReportFixtures.sample());
        assertThat(html).contains("Waiting (<mark>CrashLoopBackOff</mark>); last: <mark>OOMKilled</mark> (<mark>exit 137</mark>)")
                .contains("java.lang.<mark>OutOfMemoryError</mark>: Java heap space");
    }

    @Test
    void putsCopyButtonsOnCommandsAndConfigExamples() {
        String html = ReportFixtures.render(renderer, ReportFixtures.nasty());
        assertThat(html).contains("<code id=\"cmd-0-0-4\">kubectl logs api --previous</code><button type=\"button\" "
                + "class=\"copy inline\" data-copy=\"cmd-0-0-4\"");
        assertThat(html).contains("data-copy=\"config-0\"").contains("<code id=\"config-0\" class=\"language-yaml\">");
    }

    @Test
    void escapesEverythingFromTheEvidence() {
        String html = ReportFixtures.render(renderer, ReportFixtures.nasty());
        assertThat(html).doesNotContain("<script>alert").doesNotContain("<angle>").doesNotContain("\u0007")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
                .contains("data-source=\"pod/shop/api|app\"")
                .contains("App crashed with exit 1 &amp; &lt;angle&gt; brackets");
    }

    @Test
    void keepsAllContentInThePageForReadersWithoutJavaScript() {
        String html = ReportFixtures.render(renderer, ReportFixtures.busy(40));
        String withoutScript = html.replaceAll("(?s)<script>.*?</script>", "");
        assertThat(withoutScript).contains("<table id=\"timeline-table\">").contains("line 39 level WARNING")
                .contains("class=\"controls\" data-needs-js=\"\" hidden=\"hidden\"");
    }

    @Test
    void printableVariantIsWellFormedXmlWithoutScriptOrSvg() throws Exception {
        String html = ReportFixtures.render(HtmlRenderer.printable(), ReportFixtures.nasty());
        assertThat(html).doesNotContain("<script").doesNotContain("<svg").doesNotContain("<details")
                .contains("class=\"details-summary\"");
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getElementsByTagName("h1").item(0).getTextContent()).startsWith("App crashed with exit 1 & <angle>");
    }

    @Test
    void showsAllEvidenceBehindAFoldWhenThereIsMoreThanTheShortForm() {
        String html = ReportFixtures.render(renderer, ReportFixtures.sample(), new RenderOptions(false, false, 1));
        assertThat(html).contains("<details><summary>More evidence (1)</summary>");
    }

    @Test
    void everyNewFormatIsDiscoveredThroughServiceLoader() {
        var formats = ServiceLoader.load(ReportRenderer.class).stream().map(p -> p.get())
                .collect(java.util.stream.Collectors.toMap(ReportRenderer::format, ReportRenderer::fileExtension));
        assertThat(formats).containsEntry("markdown", "md").containsEntry("html", "html").containsEntry("csv", "csv")
                .containsEntry("junit", "xml");
    }
}
