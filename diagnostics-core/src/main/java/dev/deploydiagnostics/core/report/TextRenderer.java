package dev.deploydiagnostics.core.report;

import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.Evidence;
import dev.deploydiagnostics.api.Finding;
import dev.deploydiagnostics.api.ProviderRun;
import dev.deploydiagnostics.api.Remedy;
import dev.deploydiagnostics.api.RenderOptions;
import dev.deploydiagnostics.api.ReportRenderer;
import dev.deploydiagnostics.api.Severity;
import dev.deploydiagnostics.api.TimelineEntry;
import dev.deploydiagnostics.api.Verdict;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Renders a report for a terminal: the verdict and a one-paragraph summary first, then the evidence, the fix
 * steps, other candidates, the timeline and the gaps. Colour only when asked (a terminal).
 */
public final class TextRenderer implements ReportRenderer {
    private static final int WIDTH = 100;
    private static final int TIMELINE_SHORT = 15;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    @Override
    public String format() {
        return "text";
    }

    @Override
    public String fileExtension() {
        return "txt";
    }

    @Override
    public void render(DiagnosticReport r, OutputStream stream, RenderOptions o) throws IOException {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
        Style s = new Style(o.color());
        out.println(s.verdict(r.verdict()) + "  " + s.bold(r.headline()));
        out.println();
        wrap(out, r.summary(), "");
        r.topFinding().ifPresent(f -> renderFinding(out, s, f, o, r.verdict() == Verdict.ROOT_CAUSE_FOUND));
        if (r.findings().size() > 1) {
            out.println();
            out.println(s.heading(r.verdict() == Verdict.ROOT_CAUSE_FOUND ? "Other possible causes" : "Other candidates"));
            for (Finding f : r.findings().subList(1, r.findings().size())) {
                out.println("  - " + ReportAssembler.percent(f.confidence()) + "  " + f.category().id() + ": " + f.title()
                        + s.dim("  [" + f.patternId() + "]"));
            }
        }
        if (r.verdict() != Verdict.ROOT_CAUSE_FOUND && !r.notableSignals().isEmpty()) {
            out.println();
            out.println(s.heading("Notable signals"));
            for (Evidence e : r.notableSignals()) {
                out.println("  " + s.dim("[" + e.evidenceType() + "]") + " " + clip(e.text(), WIDTH * 2) + s.dim("  (" + e.source() + ")"));
            }
        }
        if (!r.timeline().isEmpty()) {
            out.println();
            List<TimelineEntry> shown = o.verbose() ? r.timeline() : shortTimeline(r.timeline());
            out.println(s.heading("Timeline") + s.dim(shown.size() < r.timeline().size()
                    ? "  (" + shown.size() + " of " + r.timeline().size() + " entries; --verbose shows all)" : ""));
            for (TimelineEntry t : shown) {
                String mark = t.firstFailure() ? s.red(">>") : t.failureChain() ? s.yellow(" >") : "  ";
                String time = t.timestamp().map(TIME::format).orElse("                   ");
                out.println("  " + mark + " " + s.dim(time) + "  " + sev(s, t.severity()) + " "
                        + clip(t.summary(), WIDTH * 2) + s.dim("  (" + t.source() + ")"));
            }
        }
        if (!r.gaps().isEmpty()) {
            out.println();
            out.println(s.heading("Not collected"));
            for (CollectionGap g : r.gaps()) {
                out.println("  - " + g.what() + ": " + g.reason() + g.permission().map(p -> s.dim(" (grant: " + p + ")")).orElse(""));
            }
        }
        if (o.verbose() && !r.providers().isEmpty()) {
            out.println();
            out.println(s.heading("Providers"));
            for (ProviderRun p : r.providers()) {
                out.println("  - " + p.providerId() + ": " + p.outcome() + " in " + p.duration().toMillis() + " ms, "
                        + p.evidenceCount() + " items, " + p.gapCount() + " gaps" + (p.statistics().isEmpty() ? "" : " " + p.statistics()));
            }
        }
        out.println();
        out.println(s.dim("Analysed " + r.evidenceCount() + " items in " + r.duration().toMillis() + " ms."));
        out.flush();
    }

    private void renderFinding(PrintWriter out, Style s, Finding f, RenderOptions o, boolean root) {
        out.println();
        out.println(s.heading(root ? "Evidence" : "Evidence for the strongest candidate") + s.dim("  [" + f.patternId() + "]"));
        List<Evidence> ev = o.verbose() ? f.evidence() : f.evidence().subList(0, Math.min(o.maxEvidenceItems(), f.evidence().size()));
        for (Evidence e : ev) {
            out.println("  " + s.dim("[" + e.evidenceType() + "]") + " " + clip(e.text(), WIDTH * 2) + s.dim("  (" + e.source() + ")"));
        }
        if (ev.size() < f.evidence().size()) {
            out.println(s.dim("  ... and " + (f.evidence().size() - ev.size()) + " more"));
        }
        for (int i = 0; i < f.remedies().size(); i++) {
            Remedy m = f.remedies().get(i);
            out.println();
            out.println(s.heading(i == 0 ? "Fix: " + m.title() : "Or: " + m.title()));
            int n = 0;
            for (String step : m.steps()) {
                wrap(out, ++n + ". " + step, "     ");
            }
            m.configExample().ifPresent(c -> {
                out.println("   " + s.dim("Example (" + c.format() + "):"));
                for (String line : c.content().stripTrailing().split("\n", -1)) {
                    out.println("     " + line);
                }
            });
            m.documentation().ifPresent(d -> out.println("   " + s.dim("Docs: ") + d));
        }
    }

    private static List<TimelineEntry> shortTimeline(List<TimelineEntry> all) {
        if (all.size() <= TIMELINE_SHORT) {
            return all;
        }
        int first = 0;
        for (TimelineEntry t : all) {
            if (t.firstFailure()) {
                first = t.index();
                break;
            }
        }
        int start = Math.max(0, Math.min(first - 3, all.size() - TIMELINE_SHORT));
        return all.subList(start, start + TIMELINE_SHORT);
    }

    private static String sev(Style s, Severity sev) {
        return switch (sev) {
            case CRITICAL, ERROR -> s.red("ERROR");
            case WARNING -> s.yellow("WARN ");
            case INFO -> "INFO ";
            case DEBUG -> s.dim("DEBUG");
            case UNKNOWN -> s.dim("     ");
        };
    }

    private static void wrap(PrintWriter out, String text, String indent) {
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() + word.length() + 1 > WIDTH && line.length() > 0) {
                out.println(line);
                line.setLength(0);
                line.append(indent);
            }
            if (line.length() > 0 && !line.toString().equals(indent)) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            out.println(line);
        }
    }

    private static String clip(String s, int max) {
        String one = s.replace('\n', ' ');
        return one.length() <= max ? one : one.substring(0, max - 1) + "…";
    }

    /** ANSI styling that turns into plain text when colour is off. */
    private record Style(boolean on) {
        String wrap(String code, String s) {
            return on ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
        }

        String bold(String s) {
            return wrap("1", s);
        }

        String dim(String s) {
            return wrap("2", s);
        }

        String red(String s) {
            return wrap("31", s);
        }

        String yellow(String s) {
            return wrap("33", s);
        }

        String heading(String s) {
            return wrap("1;4", s);
        }

        String verdict(Verdict v) {
            return switch (v) {
                case ROOT_CAUSE_FOUND -> wrap("1;41;97", " ROOT CAUSE ");
                case INCONCLUSIVE -> wrap("1;43;30", " INCONCLUSIVE ");
                case NO_FAILURE_FOUND -> wrap("1;42;30", " NO FAILURE FOUND ");
                case COLLECTION_FAILED -> wrap("1;45;97", " COLLECTION FAILED ");
            };
        }
    }
}
