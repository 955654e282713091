package dev.deploydiagnostics.core.report;

import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.Finding;
import dev.deploydiagnostics.api.Remedy;
import dev.deploydiagnostics.api.RenderOptions;
import dev.deploydiagnostics.api.ReportRenderer;
import dev.deploydiagnostics.api.Verdict;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Renders a report as JUnit XML so a CI system shows a failed deployment as a failed test: one test case named
 * after the target, failing with the diagnosis.
 *
 * <p>{@code ROOT_CAUSE_FOUND} fails with the category as {@code type}, the headline as {@code message} and the
 * summary and fix steps as the body; {@code INCONCLUSIVE} fails with type {@code inconclusive};
 * {@code NO_FAILURE_FOUND} passes; {@code COLLECTION_FAILED} is an {@code <error>} of type
 * {@code collection-failed}, because the check itself could not run. Characters XML 1.0 forbids (most control
 * characters, unpaired surrogates) are replaced with U+FFFD so the file always parses.
 */
public final class JUnitXmlRenderer implements ReportRenderer {
    private static final String SUITE = "deploy-diagnostics";

    @Override
    public String format() {
        return "junit";
    }

    @Override
    public String fileExtension() {
        return "xml";
    }

    @Override
    public String mediaType() {
        return "application/xml";
    }

    @Override
    public void render(DiagnosticReport r, OutputStream out, RenderOptions o) throws IOException {
        out.write(toXml(r).getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The report as a JUnit XML document. */
    public String toXml(DiagnosticReport r) {
        boolean failed = r.verdict() == Verdict.ROOT_CAUSE_FOUND || r.verdict() == Verdict.INCONCLUSIVE;
        boolean error = r.verdict() == Verdict.COLLECTION_FAILED;
        String time = String.format(Locale.ROOT, "%.3f", r.duration().toMillis() / 1000.0);
        String counts = " tests=\"1\" failures=\"" + (failed ? 1 : 0) + "\" errors=\"" + (error ? 1 : 0) + "\"";
        String target = ReportLabels.targetName(r);
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append("<testsuites name=\"").append(SUITE).append('"').append(counts).append(" time=\"").append(time).append("\">\n");
        x.append("  <testsuite name=\"").append(SUITE).append('"').append(counts).append(" skipped=\"0\" time=\"")
                .append(time).append("\" timestamp=\"").append(r.generatedAt().toString()).append("\">\n");
        x.append("    <properties>\n");
        property(x, "verdict", r.verdict().name());
        property(x, "schemaVersion", r.schemaVersion());
        ReportLabels.orderedTarget(r.target()).forEach((k, v) -> property(x, "target." + k, v));
        r.topFinding().ifPresent(f -> {
            property(x, "patternId", f.patternId());
            property(x, "confidence", String.format(Locale.ROOT, "%.3f", f.confidence()));
        });
        x.append("    </properties>\n");
        x.append("    <testcase classname=\"").append(attr(SUITE + "." + r.platform().map(p -> p.id()).orElse("deployment")))
                .append("\" name=\"").append(attr(target)).append("\" time=\"").append(time).append('"');
        if (!failed && !error) {
            x.append(">\n      <system-out>").append(text(r.headline() + "\n\n" + r.summary())).append("</system-out>\n");
        } else {
            String element = error ? "error" : "failure";
            String type = switch (r.verdict()) {
                case ROOT_CAUSE_FOUND -> r.findings().get(0).category().id();
                case INCONCLUSIVE -> "inconclusive";
                default -> "collection-failed";
            };
            x.append(">\n      <").append(element).append(" type=\"").append(attr(type)).append("\" message=\"")
                    .append(attr(r.headline())).append("\">").append(text(body(r))).append("</").append(element).append(">\n");
        }
        x.append("    </testcase>\n  </testsuite>\n</testsuites>\n");
        return x.toString();
    }

    private static String body(DiagnosticReport r) {
        StringBuilder b = new StringBuilder(r.summary()).append('\n');
        r.topFinding().ifPresent(f -> {
            b.append("\nPattern: ").append(f.patternId()).append(" (").append(ReportLabels.percent(f.confidence()))
                    .append(")\n");
            for (int i = 0; i < f.remedies().size(); i++) {
                Remedy m = f.remedies().get(i);
                b.append('\n').append(i == 0 ? "Fix: " : "Or: ").append(m.title()).append('\n');
                int n = 0;
                for (String step : m.steps()) {
                    b.append("  ").append(++n).append(". ").append(step).append('\n');
                }
                m.configExample().ifPresent(c -> b.append("  Example (").append(c.format()).append("):\n")
                        .append(c.content().stripTrailing().indent(4)));
                m.documentation().ifPresent(d -> b.append("  Docs: ").append(d).append('\n'));
            }
            evidence(b, f);
        });
        return b.toString();
    }

    private static void evidence(StringBuilder b, Finding f) {
        if (!f.evidence().isEmpty()) {
            b.append("\nEvidence:\n");
            f.evidence().forEach(e -> b.append("  [").append(e.evidenceType()).append("] ").append(e.text())
                    .append("  (").append(e.source()).append(")\n"));
        }
    }

    private static void property(StringBuilder x, String name, String value) {
        x.append("      <property name=\"").append(attr(name)).append("\" value=\"").append(attr(value)).append("\"/>\n");
    }

    /** Escapes text for element content. */
    static String text(String s) {
        return escape(s, false);
    }

    /** Escapes text for an attribute value, keeping line breaks as character references. */
    static String attr(String s) {
        return escape(s, true);
    }

    private static String escape(String s, boolean attribute) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                sb.append(c).append(s.charAt(++i));
                continue;
            }
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append(attribute ? "&quot;" : "\"");
                case '\n' -> sb.append(attribute ? "&#10;" : "\n");
                case '\r' -> sb.append(attribute ? "&#13;" : "\r");
                case '\t' -> sb.append(attribute ? "&#9;" : "\t");
                default -> sb.append(allowed(c) ? c : '\uFFFD');
            }
        }
        return sb.toString();
    }

    private static boolean allowed(char c) {
        return c >= 0x20 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD;
    }
}
