package dev.deploydiagnostics.core.report;

import dev.deploydiagnostics.api.Category;
import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.Finding;
import dev.deploydiagnostics.api.LogLine;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.api.Severity;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever text the evidence holds, every format stays well-formed and shows it literally. */
class EscapingProperties {

    private static DiagnosticReport withLine(String text) {
        LogLine line = new LogLine(Optional.of(ReportFixtures.T), "pod/x", text, Severity.ERROR, 1, Map.of());
        Finding f = Finding.builder("app.crash-on-start", Category.CRASH_LOOP_APP_ERROR).title("Crash: " + text)
                .confidence(0.9).explanation(text).evidence(line).build();
        return ReportFixtures.assemble(List.of(line), List.of(f), Platform.KUBERNETES);
    }

    @Property(tries = 200)
    void csvFieldsReadBackAsWritten(@ForAll String text) {
        List<List<String>> rows = CsvRendererTest.parse(ReportFixtures.render(new CsvRenderer(), withLine(text)));
        String expected = !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
        assertThat(rows).allSatisfy(r -> assertThat(r).hasSize(CsvRenderer.COLUMNS.size()));
        assertThat(rows).anySatisfy(r -> assertThat(r.get(9)).isEqualTo(expected));
    }

    @Property(tries = 200)
    void junitXmlAlwaysParses(@ForAll String text) throws Exception {
        String xml = ReportFixtures.render(new JUnitXmlRenderer(), withLine(text));
        DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Property(tries = 200)
    void printableHtmlAlwaysParsesAsXmlAndHoldsNoMarkupFromEvidence(@ForAll String text) throws Exception {
        String html = ReportFixtures.render(HtmlRenderer.printable(), withLine(text));
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
    }

    @Property(tries = 200)
    void markdownEscapingLeavesNoRawMarkup(@ForAll String text) {
        String escaped = MarkdownRenderer.escape(text);
        assertThat(escaped).doesNotContain("<").doesNotContain(">").doesNotContain("\n");
        assertThat(escaped.replace("\\\\", "").replaceAll("\\\\[`*_\\[\\]|~#\\\\]", ""))
                .doesNotContainPattern("[`*_\\[\\]|~#]");
    }
}
