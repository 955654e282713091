package dev.deploydiagnostics.core.report;

import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.Evidence;
import dev.deploydiagnostics.api.Finding;
import dev.deploydiagnostics.api.ProviderRun;
import dev.deploydiagnostics.api.Remedy;
import dev.deploydiagnostics.api.RenderOptions;
import dev.deploydiagnostics.api.ReportRenderer;
import dev.deploydiagnostics.api.TimelineEntry;
import dev.deploydiagnostics.api.Verdict;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a report as GitHub-flavoured Markdown for pull requests and chat: the headline, the root cause with
 * its confidence, the evidence as quoted lines, the fix steps with the configuration example in a fenced block,
 * and the timeline and raw data folded into {@code <details>} blocks.
 *
 * <p>Evidence is text from logs and platforms, so every character Markdown or HTML would interpret in it is
 * escaped; a reader sees the line exactly as it was written.
 */
public final class MarkdownRenderer implements ReportRenderer {
    private static final Pattern BACKTICKS = Pattern.compile("`+");
    private static final int MAX_LINE = 500;
    /** A start that Markdown would read as a list item or a setext underline. */
    private static final Pattern LINE_START = Pattern.compile("[-+=]|\\d+[.)]");

    @Override
    public String format() {
        return "markdown";
    }

    @Override
    public String fileExtension() {
        return "md";
    }

    @Override
    public String mediaType() {
        return "text/markdown; charset=utf-8";
    }

    @Override
    public void render(DiagnosticReport r, OutputStream out, RenderOptions o) throws IOException {
        out.write(toMarkdown(r, o).getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The report as Markdown text. */
    public String toMarkdown(DiagnosticReport r, RenderOptions o) {
        StringBuilder md = new StringBuilder();
        md.append("## ").append(icon(r.verdict())).append(' ').append(escape(r.headline())).append("\n\n");
        md.append("**").append(ReportLabels.verdictLabel(r.verdict())).append("** for `")
                .append(code(ReportLabels.targetName(r))).append("`\n\n");
        md.append(escape(r.summary())).append("\n\n");
        r.topFinding().ifPresent(f -> finding(md, f, o, r.verdict() == Verdict.ROOT_CAUSE_FOUND));
        if (r.findings().size() > 1) {
            md.append("### ").append(r.verdict() == Verdict.ROOT_CAUSE_FOUND ? "Other possible causes" : "Other candidates")
                    .append("\n\n");
            for (Finding f : r.findings().subList(1, r.findings().size())) {
                md.append("- ").append(ReportLabels.percent(f.confidence())).append(" **").append(f.category().id())
                        .append("**: ").append(escape(f.title())).append(" (`").append(code(f.patternId())).append("`)\n");
            }
            md.append('\n');
        }
        if (r.verdict() != Verdict.ROOT_CAUSE_FOUND && !r.notableSignals().isEmpty()) {
            md.append("### Notable signals\n\n");
            for (Evidence e : r.notableSignals()) {
                quote(md, e);
            }
        }
        timeline(md, r);
        raw(md, r);
        md.append("<sub>Analysed ").append(r.evidenceCount()).append(" items in ").append(r.duration().toMillis())
                .append(" ms at ").append(ReportLabels.time(r.generatedAt())).append(" · schema ")
                .append(r.schemaVersion().replaceAll("[^0-9A-Za-z.-]", "")).append("</sub>\n");
        return md.toString();
    }

    private static void finding(StringBuilder md, Finding f, RenderOptions o, boolean root) {
        md.append("### ").append(root ? "Root cause" : "Strongest candidate").append(": ")
                .append(escape(f.category().displayName())).append(" — ").append(ReportLabels.percent(f.confidence()))
                .append(" confidence\n\n");
        md.append("**").append(escape(f.title())).append("** (`").append(code(f.patternId())).append("`)\n\n");
        if (!f.explanation().isBlank()) {
            md.append(escape(f.explanation())).append("\n\n");
        }
        if (!f.evidence().isEmpty()) {
            md.append("#### Evidence\n\n");
            List<Evidence> shown = o.verbose() ? f.evidence()
                    : f.evidence().subList(0, Math.min(o.maxEvidenceItems(), f.evidence().size()));
            for (Evidence e : shown) {
                quote(md, e);
            }
            if (shown.size() < f.evidence().size()) {
                md.append("_… and ").append(f.evidence().size() - shown.size()).append(" more_\n\n");
            }
        }
        for (int i = 0; i < f.remedies().size(); i++) {
            Remedy m = f.remedies().get(i);
            md.append("#### ").append(i == 0 ? "Fix: " : "Or: ").append(escape(m.title())).append("\n\n");
            int n = 0;
            for (String step : m.steps()) {
                md.append(++n).append(". ").append(escape(step)).append('\n');
            }
            if (n > 0) {
                md.append('\n');
            }
            m.configExample().ifPresent(c -> fenced(md, c.format(), c.content()));
            m.documentation().ifPresent(d -> md.append("Docs: <").append(d.toASCIIString()
                    .replace(">", "%3E").replace("<", "%3C")).append(">\n\n"));
        }
        if (!f.facts().isEmpty()) {
            md.append("<details><summary>Facts read from the evidence</summary>\n\n");
            md.append("| fact | value |\n| --- | --- |\n");
            f.facts().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
                    md.append("| ").append(cell(e.getKey())).append(" | ").append(cell(e.getValue())).append(" |\n"));
            md.append("\n</details>\n\n");
        }
    }

    private static void quote(StringBuilder md, Evidence e) {
        String[] lines = e.text().split("\\R", -1);
        boolean firstLine = true;
        for (String line : lines) {
            md.append("> ");
            if (firstLine) {
                md.append('`').append(e.evidenceType()).append("` ");
                firstLine = false;
            }
            md.append(escape(clip(line))).append('\n');
        }
        md.append("> <sub>").append(escape(e.source()))
                .append(e.timestamp().map(t -> " · " + ReportLabels.time(t)).orElse("")).append("</sub>\n\n");
    }

    private static void timeline(StringBuilder md, DiagnosticReport r) {
        if (r.timeline().isEmpty()) {
            return;
        }
        md.append("<details><summary>Timeline (").append(r.timeline().size()).append(" entries")
                .append(r.firstFailure().map(t -> ", first failure at #" + t.index()).orElse(""))
                .append(")</summary>\n\n");
        md.append("| # | time (UTC) | severity | source | entry |\n| ---: | --- | --- | --- | --- |\n");
        for (TimelineEntry t : r.timeline()) {
            String mark = t.firstFailure() ? "🔴 " : t.failureChain() ? "🟠 " : "";
            md.append("| ").append(t.index()).append(" | ")
                    .append(t.timestamp().map(ReportLabels::time).map(s -> s.replace(" UTC", "")).orElse(""))
                    .append(" | ").append(t.severity().name()).append(" | ").append(cell(t.source())).append(" | ")
                    .append(mark).append(cell(t.summary())).append(t.firstFailure() ? " **(first failure)**" : "")
                    .append(" |\n");
        }
        md.append("\n</details>\n\n");
    }

    private static void raw(StringBuilder md, DiagnosticReport r) {
        md.append("<details><summary>Raw data</summary>\n\n");
        md.append("**Target**\n\n");
        ReportLabels.orderedTarget(r.target()).forEach((k, v) ->
                md.append("- ").append(escape(k)).append(": `").append(code(v)).append("`\n"));
        md.append('\n');
        if (!r.gaps().isEmpty()) {
            md.append("**Not collected**\n\n");
            for (CollectionGap g : r.gaps()) {
                md.append("- ").append(escape(g.what())).append(": ").append(escape(g.reason()))
                        .append(g.permission().map(p -> " (grant: `" + code(p) + "`)").orElse("")).append('\n');
            }
            md.append('\n');
        }
        if (!r.providers().isEmpty()) {
            md.append("**Providers**\n\n| provider | outcome | time | items | gaps |\n| --- | --- | ---: | ---: | ---: |\n");
            for (ProviderRun p : r.providers()) {
                md.append("| ").append(cell(p.providerId())).append(" | ").append(p.outcome()).append(" | ")
                        .append(p.duration().toMillis()).append(" ms | ").append(p.evidenceCount()).append(" | ")
                        .append(p.gapCount()).append(" |\n");
            }
            md.append('\n');
        }
        if (r.findings().size() > 1) {
            md.append("**All candidates**\n\n");
            for (Finding f : r.findings()) {
                md.append("- `").append(code(f.patternId())).append("` ").append(f.category().id()).append(' ')
                        .append(ReportLabels.percent(f.confidence())).append('\n');
            }
            md.append('\n');
        }
        md.append("</details>\n\n");
    }

    private static void fenced(StringBuilder md, String language, String content) {
        int longest = 2;
        Matcher m = BACKTICKS.matcher(content);
        while (m.find()) {
            longest = Math.max(longest, m.group().length());
        }
        String fence = "`".repeat(longest + 1);
        String lang = language.replaceAll("[^A-Za-z0-9_+.-]", "");
        md.append(fence).append(lang).append('\n').append(content.stripTrailing()).append('\n').append(fence).append("\n\n");
    }

    /**
     * Escapes text so Markdown and HTML show it literally: backslash escapes for the punctuation Markdown reads as
     * emphasis, code, links, tables or headings, entities for the characters HTML would read as markup, and an
     * escape for a list or heading marker at the start. Line breaks become spaces.
     */
    public static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 16);
        String t = text.replace("\r\n", " ").replace('\r', ' ').replace('\n', ' ');
        if (LINE_START.matcher(t).lookingAt()) {
            int markerAt = 0;
            while (markerAt < t.length() && Character.isDigit(t.charAt(markerAt))) {
                markerAt++;
            }
            sb.append(t, 0, markerAt).append('\\');
            t = t.substring(markerAt);
        }
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '\\', '`', '*', '_', '[', ']', '|', '~', '#' -> sb.append('\\').append(c);
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Text for inside a single-backtick code span, which cannot hold a backtick or a line break. */
    private static String code(String text) {
        return text.replace('`', '\'').replace('\n', ' ').replace('\r', ' ');
    }

    /** Text for a table cell: escaped, and never breaking the row. */
    private static String cell(String text) {
        return escape(clip(text));
    }

    private static String clip(String s) {
        return s.length() <= MAX_LINE ? s : s.substring(0, MAX_LINE - 1) + "…";
    }

    private static String icon(Verdict v) {
        return switch (v) {
            case ROOT_CAUSE_FOUND -> "🔴";
            case INCONCLUSIVE -> "🟡";
            case NO_FAILURE_FOUND -> "🟢";
            case COLLECTION_FAILED -> "⚪";
        };
    }
}
