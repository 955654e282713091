package dev.deploydiagnostics.core.report;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CsvRendererTest {
    private final CsvRenderer renderer = new CsvRenderer();

    @Test
    void writesOneTableWithASectionColumnForFindingsTimelineAndGaps() {
        List<List<String>> rows = parse(ReportFixtures.render(renderer, ReportFixtures.sample()));
        assertThat(rows.get(0)).isEqualTo(CsvRenderer.COLUMNS);
        assertThat(rows).allSatisfy(r -> assertThat(r).hasSize(CsvRenderer.COLUMNS.size()));
        assertThat(rows.stream().skip(1).map(r -> r.get(0)).distinct()).containsExactly("finding", "timeline", "gap");
        List<String> finding = rows.get(1);
        assertThat(finding.subList(4, 7)).containsExactly("oom-killed", "k8s.oom-killed", "0.930");
        assertThat(finding.get(9)).isEqualTo("Container app was OOMKilled at 512Mi");
        assertThat(rows.stream().filter(r -> r.get(0).equals("timeline"))).hasSize(3)
                .anySatisfy(r -> assertThat(r.get(10)).isEqualTo("true"));
        assertThat(rows.get(rows.size() - 1).get(11)).isEqualTo("list events (core/v1) in namespace shop");
    }

    @Test
    void quotesCommasQuotesAndLineBreaksAsRfc4180Says() {
        String csv = ReportFixtures.render(renderer, ReportFixtures.nasty());
        assertThat(csv).contains("\"<script>alert('x')</script> **not bold** | pipe, \"\"quoted\"\" & `tick` [link](http://x) \u0007bell\"");
        assertThat(csv).endsWith("\r\n");
        List<List<String>> rows = parse(csv);
        assertThat(rows).anySatisfy(r -> assertThat(r.get(9)).isEqualTo(ReportFixtures.NASTY));
    }

    @Test
    void guardsAgainstFormulasInEvidence() {
        assertThat(CsvRenderer.field("=HYPERLINK(\"http://x\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\")\"");
        assertThat(CsvRenderer.field("-1")).isEqualTo("'-1");
        assertThat(CsvRenderer.field("plain")).isEqualTo("plain");
        assertThat(CsvRenderer.field("two\nlines")).isEqualTo("\"two\nlines\"");
    }

    /** A small RFC 4180 reader, to check the output parses back to the same fields. */
    static List<List<String>> parse(String csv) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                field.append(c);
            }
        }
        return rows;
    }
}
