package dev.deploydiagnostics.core.report;

import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.Evidence;
import dev.deploydiagnostics.api.Finding;
import dev.deploydiagnostics.api.RenderOptions;
import dev.deploydiagnostics.api.ReportRenderer;
import dev.deploydiagnostics.api.TimelineEntry;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a report as one CSV table (RFC 4180) for spreadsheets: one header row, then one row per finding,
 * per timeline entry and per collection gap, told apart by the first column, {@code section}
 * ({@code finding}, {@code timeline}, {@code gap}). One table rather than several keeps a spreadsheet's
 * filter and sort working over everything: filter on {@code section} to see one kind of row.
 *
 * <p>Columns, in order: {@code section, rank_or_index, timestamp, severity, category, pattern_id, confidence,
 * source, kind, text, first_failure, details}. A finding's {@code text} is its title and its {@code details}
 * the first remedy's title; a timeline entry's {@code pattern_id} lists the patterns citing it, separated by
 * spaces; a gap's {@code details} is the permission that would close it. Fields are quoted when they hold a
 * comma, a quote or a line break, quotes are doubled, and lines end with CRLF as the RFC says. A field that
 * starts with {@code = + - @} is prefixed with an apostrophe so a spreadsheet shows evidence text instead of
 * evaluating it as a formula.
 */
public final class CsvRenderer implements ReportRenderer {
    /** The header row, in column order. */
    public static final List<String> COLUMNS = List.of("section", "rank_or_index", "timestamp", "severity", "category",
            "pattern_id", "confidence", "source", "kind", "text", "first_failure", "details");

    @Override
    public String format() {
        return "csv";
    }

    @Override
    public String mediaType() {
        return "text/csv; charset=utf-8; header=present";
    }

    @Override
    public void render(DiagnosticReport r, OutputStream out, RenderOptions o) throws IOException {
        StringBuilder sb = new StringBuilder();
        row(sb, COLUMNS);
        int rank = 0;
        for (Finding f : r.findings()) {
            rank++;
            String firstEvidenceTime = f.evidence().stream().map(Evidence::timestamp).flatMap(java.util.Optional::stream)
                    .findFirst().map(Object::toString).orElse("");
            row(sb, List.of("finding", Integer.toString(rank), firstEvidenceTime, "", f.category().id(), f.patternId(),
                    String.format(java.util.Locale.ROOT, "%.3f", f.confidence()), "", "finding", f.title(), "",
                    f.remedies().isEmpty() ? "" : f.remedies().get(0).title()));
        }
        for (TimelineEntry t : r.timeline()) {
            row(sb, List.of("timeline", Integer.toString(t.index()), t.timestamp().map(Object::toString).orElse(""),
                    t.severity().name(), "", String.join(" ", t.patternIds()), "", t.source(),
                    t.evidence().evidenceType(), t.summary(), Boolean.toString(t.firstFailure()),
                    t.failureChain() ? "failure chain" : ""));
        }
        for (CollectionGap g : r.gaps()) {
            row(sb, List.of("gap", "", "", g.severity().name(), "", "", "", g.provider(), g.kind().name(),
                    g.what() + ": " + g.reason(), "", g.permission().orElse("")));
        }
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void row(StringBuilder sb, List<String> fields) {
        List<String> quoted = new ArrayList<>(fields.size());
        for (String f : fields) {
            quoted.add(field(f));
        }
        sb.append(String.join(",", quoted)).append("\r\n");
    }

    /** One field, quoted as RFC 4180 requires and guarded against formula injection. */
    static String field(String value) {
        String v = value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }
}
