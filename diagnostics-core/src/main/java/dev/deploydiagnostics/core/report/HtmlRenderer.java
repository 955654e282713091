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
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a report as one self-contained HTML file for people: the verdict and summary first, then the root
 * cause with its evidence and fix, then the timeline and the raw data, each deeper level folded in a
 * {@code <details>} block.
 *
 * <p>The file has no external resource of any kind (its Content-Security-Policy forbids them); CSS and script
 * are inline. The timeline is an inline SVG with one mark per entry, filterable by source and severity and
 * zoomable; with JavaScript off every piece of content is still there, only the interaction is lost. Light and
 * dark follow {@code prefers-color-scheme}, and print styles open everything and drop the controls. Opening the
 * file with the fragment {@code #selftest} runs a small in-page check of the timeline (marks versus entries,
 * filtering, zoom) and writes the result as JSON into {@code <pre id="selftest-result">}.
 *
 * <p>{@link #printable()} gives the variant for print and PDF: no script and no SVG, every section expanded, a
 * CSS 2.1 stylesheet, and well-formed XML so an XHTML-to-PDF converter can read it.
 */
public final class HtmlRenderer implements ReportRenderer {
    private static final String CSS = resource("report.css");
    private static final String PRINT_CSS = resource("report-print.css");
    private static final String JS = resource("report.js");
    private static final Pattern INLINE_CODE = Pattern.compile("`([^`\\n]+)`");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final List<Severity> LANES = List.of(Severity.CRITICAL, Severity.ERROR, Severity.WARNING,
            Severity.INFO, Severity.DEBUG, Severity.UNKNOWN);
    private static final int LEFT = 84;
    private static final int RIGHT = 40;
    private static final int LANE_HEIGHT = 30;

    private final boolean interactive;

    /** Creates the interactive renderer registered as format {@code html}. */
    public HtmlRenderer() {
        this(true);
    }

    private HtmlRenderer(boolean interactive) {
        this.interactive = interactive;
    }

    /** A renderer for print and PDF conversion: no script, no SVG, every section expanded, CSS 2.1 only. */
    public static HtmlRenderer printable() {
        return new HtmlRenderer(false);
    }

    @Override
    public String format() {
        return "html";
    }

    @Override
    public String mediaType() {
        return "text/html; charset=utf-8";
    }

    @Override
    public void render(DiagnosticReport report, OutputStream out, RenderOptions options) throws IOException {
        out.write(toHtml(report, options).getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The report as an HTML document; the printable variant is well-formed XML as well. */
    public String toHtml(DiagnosticReport r, RenderOptions o) {
        Html h = new Html(interactive);
        Map<Evidence, Integer> timelineIndex = new IdentityHashMap<>();
        r.timeline().forEach(t -> timelineIndex.put(t.evidence(), t.index()));
        h.raw("<!DOCTYPE html>\n<html lang=\"en\" xmlns=\"http://www.w3.org/1999/xhtml\">\n<head>\n<meta charset=\"utf-8\"/>\n");
        if (interactive) {
            h.raw("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
                    + "script-src 'unsafe-inline'; img-src data:\"/>\n");
            h.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n");
            h.raw("<meta name=\"color-scheme\" content=\"light dark\"/>\n");
        }
        h.raw("<meta name=\"generator\" content=\"deploy-diagnostics\"/>\n");
        h.raw("<title>").text("Deploy diagnosis: " + r.headline()).raw("</title>\n<style>\n")
                .raw(interactive ? CSS : PRINT_CSS).raw("</style>\n");
        if (interactive) {
            // Registered before anything else runs so the self-test sees errors from the main script too.
            h.raw("<script>window.__reportErrors=[];window.addEventListener('error',function(e){"
                    + "window.__reportErrors.push(String(e.message));});</script>\n");
        }
        h.raw("</head>\n<body>\n<main>\n");
        header(h, r);
        h.raw("<section id=\"summary\">\n<h2>Summary</h2>\n<p class=\"summary\">").text(r.summary()).raw("</p>\n</section>\n");
        r.topFinding().ifPresent(f -> finding(h, f, o, r.verdict() == Verdict.ROOT_CAUSE_FOUND, timelineIndex));
        others(h, r);
        if (r.verdict() != Verdict.ROOT_CAUSE_FOUND && !r.notableSignals().isEmpty()) {
            h.raw("<section id=\"signals\">\n<h2>Notable signals</h2>\n<ul class=\"evidence\">\n");
            for (Evidence e : r.notableSignals()) {
                evidenceItem(h, e, List.of(), timelineIndex);
            }
            h.raw("</ul>\n</section>\n");
        }
        timeline(h, r);
        raw(h, r);
        h.raw("<p class=\"footer\">Analysed ").text(Integer.toString(r.evidenceCount())).raw(" items of evidence in ")
                .text(Long.toString(r.duration().toMillis())).raw(" ms; generated ").text(ReportLabels.time(r.generatedAt()))
                .raw(" by Deploy Diagnostics (report schema ").text(r.schemaVersion()).raw(").</p>\n");
        if (interactive) {
            h.raw("<pre id=\"selftest-result\" hidden=\"hidden\"></pre>\n");
        }
        h.raw("</main>\n");
        if (interactive) {
            h.raw("<script>\n").raw(JS).raw("</script>\n");
        }
        h.raw("</body>\n</html>\n");
        return h.toString();
    }

    private static void header(Html h, DiagnosticReport r) {
        h.raw("<header class=\"verdict v-").raw(r.verdict().name().toLowerCase(Locale.ROOT)).raw("\">\n");
        h.raw("<span class=\"badge\">").text(ReportLabels.verdictLabel(r.verdict())).raw("</span>\n");
        h.raw("<h1>").text(r.headline()).raw("</h1>\n<p class=\"target\">");
        ReportLabels.orderedTarget(r.target()).forEach((k, v) ->
                h.raw("<span>").text(k).raw(": <strong>").text(v).raw("</strong></span>"));
        h.raw("</p>\n<p class=\"meta\">").text(ReportLabels.time(r.generatedAt())).raw("</p>\n</header>\n");
    }

    private void finding(Html h, Finding f, RenderOptions o, boolean root, Map<Evidence, Integer> timelineIndex) {
        h.raw("<section id=\"root-cause\">\n<h2>").text(root ? "Root cause" : "Strongest candidate").raw(": ")
                .text(f.category().displayName()).raw("</h2>\n<div class=\"cause\">\n");
        h.raw("<p class=\"cause-title\">").text(f.title()).raw("</p>\n");
        int pct = (int) Math.round(f.confidence() * 100);
        h.raw("<div class=\"confidence\"><span class=\"bar\"><span style=\"width:").raw(Integer.toString(pct))
                .raw("%\"></span></span><span><strong>").text(pct + "%").raw("</strong> confidence</span>")
                .raw("<span class=\"pattern\">pattern <code>").text(f.patternId()).raw("</code> · category <code>")
                .text(f.category().id()).raw("</code></span></div>\n");
        if (!f.explanation().isBlank()) {
            h.raw("<p>").text(f.explanation()).raw("</p>\n");
        }
        List<String> terms = ReportLabels.keyTerms(f);
        if (!f.evidence().isEmpty()) {
            h.raw("<h3>Evidence</h3>\n<ul class=\"evidence\">\n");
            int shown = o.verbose() || !interactive ? f.evidence().size() : Math.min(o.maxEvidenceItems(), f.evidence().size());
            for (Evidence e : f.evidence().subList(0, shown)) {
                evidenceItem(h, e, terms, timelineIndex);
            }
            h.raw("</ul>\n");
            if (shown < f.evidence().size()) {
                h.open("More evidence (" + (f.evidence().size() - shown) + ")", false, null);
                h.raw("<ul class=\"evidence\">\n");
                for (Evidence e : f.evidence().subList(shown, f.evidence().size())) {
                    evidenceItem(h, e, terms, timelineIndex);
                }
                h.raw("</ul>\n");
                h.close();
            }
        }
        for (int i = 0; i < f.remedies().size(); i++) {
            remedy(h, f.remedies().get(i), i);
        }
        if (!f.facts().isEmpty()) {
            h.open("Facts read from the evidence", false, null);
            h.raw("<dl class=\"facts\">\n");
            f.facts().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
                    h.raw("<dt>").text(e.getKey()).raw("</dt><dd><code>").text(e.getValue()).raw("</code></dd>\n"));
            h.raw("</dl>\n");
            h.close();
        }
        h.raw("</div>\n</section>\n");
    }

    private static void evidenceItem(Html h, Evidence e, List<String> terms, Map<Evidence, Integer> timelineIndex) {
        h.raw("<li class=\"sev-").raw(e.severity().name().toLowerCase(Locale.ROOT)).raw("\"><span class=\"kind\">")
                .text(e.evidenceType()).raw("</span><span class=\"src\">").text(e.source());
        e.timestamp().ifPresent(t -> h.raw(" · ").text(ReportLabels.time(t)));
        Integer idx = timelineIndex.get(e);
        if (idx != null) {
            h.raw(" · <a href=\"#tl-").raw(Integer.toString(idx)).raw("\">timeline #").raw(Integer.toString(idx)).raw("</a>");
        }
        h.raw("</span><code class=\"ev-text\">");
        List<String> parts = ReportLabels.splitOnTerms(e.text(), terms);
        for (int i = 0; i < parts.size(); i++) {
            if (i % 2 == 1) {
                h.raw("<mark>").text(parts.get(i)).raw("</mark>");
            } else {
                h.text(parts.get(i));
            }
        }
        h.raw("</code></li>\n");
    }

    private void remedy(Html h, Remedy m, int i) {
        h.raw("<h3>").text(i == 0 ? "Fix: " : "Or: ").text(m.title()).raw("</h3>\n");
        if (!m.steps().isEmpty()) {
            h.raw("<ol class=\"steps\">\n");
            int n = 0;
            for (String step : m.steps()) {
                h.raw("<li>");
                Matcher cm = INLINE_CODE.matcher(step);
                int last = 0;
                while (cm.find()) {
                    h.text(step.substring(last, cm.start()));
                    String id = "cmd-" + i + "-" + n + "-" + cm.start();
                    h.raw("<code id=\"").raw(id).raw("\">").text(cm.group(1)).raw("</code>");
                    if (interactive) {
                        h.raw("<button type=\"button\" class=\"copy inline\" data-copy=\"").raw(id)
                                .raw("\" data-needs-js=\"\" hidden=\"hidden\" title=\"Copy the command\">Copy</button>");
                    }
                    last = cm.end();
                }
                h.text(step.substring(last)).raw("</li>\n");
                n++;
            }
            h.raw("</ol>\n");
        }
        m.configExample().ifPresent(c -> {
            String id = "config-" + i;
            h.raw("<div class=\"code-block\"><span class=\"code-lang\">").text(c.format()).raw("</span>");
            if (interactive) {
                h.raw("<button type=\"button\" class=\"copy\" data-copy=\"").raw(id)
                        .raw("\" data-needs-js=\"\" hidden=\"hidden\" title=\"Copy the example\">Copy</button>");
            }
            h.raw("<pre><code id=\"").raw(id).raw("\" class=\"language-").attr(c.format()).raw("\">")
                    .text(c.content().stripTrailing()).raw("</code></pre></div>\n");
        });
        m.documentation().ifPresent(d -> h.raw("<p>Documentation: <a href=\"").attr(d.toASCIIString())
                .raw("\" rel=\"noopener noreferrer\">").text(d.toString()).raw("</a></p>\n"));
    }

    private void others(Html h, DiagnosticReport r) {
        if (r.findings().size() < 2) {
            return;
        }
        h.raw("<section id=\"other-candidates\">\n");
        h.open((r.verdict() == Verdict.ROOT_CAUSE_FOUND ? "Other possible causes (" : "Other candidates (")
                + (r.findings().size() - 1) + ")", false, null);
        h.raw("<table>\n<thead><tr><th>confidence</th><th>category</th><th>finding</th><th>pattern</th></tr></thead>\n<tbody>\n");
        for (Finding f : r.findings().subList(1, r.findings().size())) {
            h.raw("<tr><td>").text(ReportLabels.percent(f.confidence())).raw("</td><td>").text(f.category().id())
                    .raw("</td><td>").text(f.title()).raw("</td><td><code>").text(f.patternId()).raw("</code></td></tr>\n");
        }
        h.raw("</tbody>\n</table>\n");
        h.close();
        h.raw("</section>\n");
    }

    private void timeline(Html h, DiagnosticReport r) {
        List<TimelineEntry> entries = r.timeline();
        h.raw("<section id=\"timeline\" data-entries=\"").raw(Integer.toString(entries.size())).raw("\">\n<h2>Timeline</h2>\n");
        if (entries.isEmpty()) {
            h.raw("<p>No timeline: nothing with a time or an order was collected.</p>\n</section>\n");
            return;
        }
        r.firstFailure().ifPresent(t -> h.raw("<p>First failure signal: entry <a href=\"#tl-")
                .raw(Integer.toString(t.index())).raw("\">#").raw(Integer.toString(t.index())).raw("</a>")
                .text(t.timestamp().map(ts -> " at " + ReportLabels.time(ts)).orElse("")).raw(".</p>\n"));
        if (interactive) {
            controls(h, entries);
            svg(h, entries);
        }
        h.open("All " + entries.size() + " entries", !interactive || entries.size() <= 20, "timeline-details");
        h.raw("<table id=\"timeline-table\">\n<thead><tr><th>#</th><th>time (UTC)</th><th>severity</th><th>source</th>"
                + "<th>entry</th></tr></thead>\n<tbody>\n");
        for (TimelineEntry t : entries) {
            h.raw("<tr id=\"tl-").raw(Integer.toString(t.index())).raw("\" class=\"")
                    .raw(t.firstFailure() ? "first-failure" : t.failureChain() ? "chain" : "entry").raw("\"");
            dataAttributes(h, t);
            h.raw("><td>").raw(Integer.toString(t.index())).raw("</td><td class=\"mono\">")
                    .text(t.timestamp().map(CLOCK::format).orElse("")).raw("</td><td><span class=\"sev sev-")
                    .raw(t.severity().name()).raw("\">").raw(t.severity().name()).raw("</span></td><td>").text(t.source())
                    .raw("</td><td class=\"text\">");
            if (t.firstFailure()) {
                h.raw("<strong>first failure: </strong>");
            }
            h.text(t.summary()).raw("</td></tr>\n");
        }
        h.raw("</tbody>\n</table>\n");
        h.close();
        h.raw("</section>\n");
    }

    private static void dataAttributes(Html h, TimelineEntry t) {
        h.raw(" data-index=\"").raw(Integer.toString(t.index())).raw("\" data-source=\"").attr(t.source())
                .raw("\" data-severity=\"").raw(t.severity().name()).raw("\" data-kind=\"").raw(t.evidence().evidenceType())
                .raw("\" data-first-failure=\"").raw(Boolean.toString(t.firstFailure())).raw("\"");
    }

    private static void controls(Html h, List<TimelineEntry> entries) {
        Set<Severity> severities = new LinkedHashSet<>();
        LANES.stream().filter(s -> entries.stream().anyMatch(t -> t.severity() == s)).forEach(severities::add);
        Set<String> sources = new LinkedHashSet<>();
        entries.forEach(t -> sources.add(t.source()));
        h.raw("<div class=\"controls\" data-needs-js=\"\" hidden=\"hidden\">\n<fieldset><legend>Severity</legend>");
        for (Severity s : severities) {
            h.raw("<label><input type=\"checkbox\" data-filter=\"severity\" value=\"").raw(s.name())
                    .raw("\" checked=\"checked\"/> <span class=\"sev sev-").raw(s.name()).raw("\">").raw(s.name())
                    .raw("</span></label>");
        }
        h.raw("</fieldset>\n<fieldset><legend>Source</legend>");
        for (String s : sources) {
            h.raw("<label><input type=\"checkbox\" data-filter=\"source\" value=\"").attr(s).raw("\" checked=\"checked\"/> ")
                    .text(s).raw("</label>");
        }
        h.raw("</fieldset>\n<fieldset><legend>Zoom</legend><button type=\"button\" id=\"zoom-out\" title=\"Zoom out\">−</button> "
                + "<span id=\"zoom-level\">100%</span> <button type=\"button\" id=\"zoom-in\" title=\"Zoom in\">+</button> "
                + "<button type=\"button\" id=\"zoom-reset\">Reset</button></fieldset>\n"
                + "<span id=\"visible-count\"></span>\n</div>\n");
    }

    private static void svg(Html h, List<TimelineEntry> entries) {
        List<Severity> lanes = new ArrayList<>();
        for (Severity s : LANES) {
            if (entries.stream().anyMatch(t -> t.severity() == s)) {
                lanes.add(s);
            }
        }
        int n = entries.size();
        int width = Math.max(760, LEFT + RIGHT + n * 16);
        int top = 26;
        int height = top + lanes.size() * LANE_HEIGHT + 30;
        int span = width - LEFT - RIGHT;
        h.raw("<div class=\"chart\">\n<svg id=\"timeline-chart\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"")
                .raw(Integer.toString(width)).raw("\" height=\"").raw(Integer.toString(height)).raw("\" viewBox=\"0 0 ")
                .raw(width + " " + height).raw("\" data-base-width=\"").raw(Integer.toString(width)).raw("\" data-left=\"")
                .raw(Integer.toString(LEFT)).raw("\" data-right=\"").raw(Integer.toString(RIGHT)).raw("\">\n")
                .raw("<title>Timeline of ").raw(Integer.toString(n)).raw(" entries by severity</title>\n");
        for (int l = 0; l < lanes.size(); l++) {
            int y = top + l * LANE_HEIGHT + LANE_HEIGHT / 2;
            h.raw("<text class=\"lane-label\" x=\"8\" y=\"").raw(Integer.toString(y + 4)).raw("\">")
                    .raw(lanes.get(l).name()).raw("</text><line class=\"lane\" x1=\"").raw(Integer.toString(LEFT - 10))
                    .raw("\" x2=\"").raw(Integer.toString(width - RIGHT)).raw("\" y1=\"").raw(Integer.toString(y))
                    .raw("\" y2=\"").raw(Integer.toString(y)).raw("\"/>\n");
        }
        int bottom = top + lanes.size() * LANE_HEIGHT;
        int tickEvery = Math.max(1, (int) Math.ceil(n / 8.0));
        for (TimelineEntry t : entries) {
            double frac = n == 1 ? 0.5 : (double) t.index() / (n - 1);
            String x = fmt(LEFT + frac * span);
            String xf = fmt4(frac);
            int y = top + lanes.indexOf(t.severity()) * LANE_HEIGHT + LANE_HEIGHT / 2;
            if (t.firstFailure()) {
                h.raw("<line class=\"first-line\" data-x=\"").raw(xf).raw("\" x1=\"").raw(x).raw("\" x2=\"").raw(x)
                        .raw("\" y1=\"").raw(Integer.toString(top - 6)).raw("\" y2=\"").raw(Integer.toString(bottom))
                        .raw("\"/><text class=\"first-label\" data-x=\"").raw(xf).raw("\" x=\"").raw(x).raw("\" y=\"")
                        .raw(Integer.toString(top - 10)).raw("\" text-anchor=\"middle\">first failure</text>\n");
            }
            boolean tick = t.index() % tickEvery == 0 || t.index() == n - 1 || t.firstFailure();
            if (tick) {
                h.raw("<text class=\"tick\" data-x=\"").raw(xf).raw("\" x=\"").raw(x).raw("\" y=\"")
                        .raw(Integer.toString(bottom + 16)).raw("\" text-anchor=\"middle\">")
                        .text(t.timestamp().map(CLOCK::format).orElse("#" + t.index())).raw("</text>\n");
            }
            h.raw("<g class=\"mark m-").raw(t.severity().name().toLowerCase(Locale.ROOT)).raw("\" data-x=\"").raw(xf).raw("\"");
            dataAttributes(h, t);
            h.raw(" tabindex=\"0\"><title>").text("#" + t.index() + " " + t.timestamp().map(ReportLabels::time).orElse("(no time)")
                    + " " + t.severity().name() + " [" + t.source() + "]\n" + t.summary()).raw("</title><a href=\"#tl-")
                    .raw(Integer.toString(t.index())).raw("\">");
            if (t.firstFailure()) {
                h.raw("<circle class=\"first-ring\" cx=\"").raw(x).raw("\" cy=\"").raw(Integer.toString(y)).raw("\" r=\"10\"/>");
            }
            h.raw("<circle cx=\"").raw(x).raw("\" cy=\"").raw(Integer.toString(y)).raw("\" r=\"6\"/></a></g>\n");
        }
        h.raw("</svg>\n</div>\n");
    }

    private void raw(Html h, DiagnosticReport r) {
        h.raw("<section id=\"raw\">\n<h2>Raw data</h2>\n");
        h.open("Target", false, null);
        h.raw("<dl class=\"facts\">\n");
        ReportLabels.orderedTarget(r.target()).forEach((k, v) ->
                h.raw("<dt>").text(k).raw("</dt><dd><code>").text(v).raw("</code></dd>\n"));
        h.raw("<dt>platform</dt><dd>").text(r.platform().map(p -> p.id()).orElse("unknown")).raw("</dd>\n</dl>\n");
        h.close();
        h.open("Not collected (" + r.gaps().size() + ")", false, null);
        if (r.gaps().isEmpty()) {
            h.raw("<p>Every source answered.</p>\n");
        } else {
            h.raw("<table>\n<thead><tr><th>provider</th><th>what</th><th>why</th><th>kind</th><th>to close it</th></tr></thead>\n<tbody>\n");
            for (CollectionGap g : r.gaps()) {
                h.raw("<tr><td>").text(g.provider()).raw("</td><td>").text(g.what()).raw("</td><td>").text(g.reason())
                        .raw("</td><td>").text(g.kind().name()).raw("</td><td>").text(g.permission().map(p -> "grant " + p).orElse(""))
                        .raw("</td></tr>\n");
            }
            h.raw("</tbody>\n</table>\n");
        }
        h.close();
        h.open("Providers (" + r.providers().size() + ")", false, null);
        h.raw("<table>\n<thead><tr><th>provider</th><th>outcome</th><th>time</th><th>items</th><th>gaps</th><th>statistics</th></tr></thead>\n<tbody>\n");
        for (ProviderRun p : r.providers()) {
            h.raw("<tr><td>").text(p.providerId()).raw("</td><td>").text(p.outcome().name()).raw("</td><td>")
                    .text(p.duration().toMillis() + " ms").raw("</td><td>").text(Integer.toString(p.evidenceCount()))
                    .raw("</td><td>").text(Integer.toString(p.gapCount())).raw("</td><td class=\"mono\">")
                    .text(new java.util.TreeMap<>(p.statistics()).toString()).raw("</td></tr>\n");
        }
        h.raw("</tbody>\n</table>\n");
        h.close();
        if (!r.findings().isEmpty()) {
            h.open("All candidates (" + r.findings().size() + ")", false, null);
            h.raw("<table>\n<thead><tr><th>rank</th><th>pattern</th><th>category</th><th>confidence</th><th>evidence</th></tr></thead>\n<tbody>\n");
            int rank = 0;
            for (Finding f : r.findings()) {
                h.raw("<tr><td>").text(Integer.toString(++rank)).raw("</td><td><code>").text(f.patternId())
                        .raw("</code></td><td>").text(f.category().id()).raw("</td><td>")
                        .text(String.format(Locale.ROOT, "%.3f", f.confidence())).raw("</td><td>")
                        .text(Integer.toString(f.evidence().size())).raw("</td></tr>\n");
            }
            h.raw("</tbody>\n</table>\n");
            h.close();
        }
        h.raw("</section>\n");
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String fmt4(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static String resource(String name) {
        try (InputStream in = HtmlRenderer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " next to " + HtmlRenderer.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An HTML builder that escapes everything it is not told is markup. */
    private static final class Html {
        private final StringBuilder sb = new StringBuilder(32 * 1024);
        private final boolean interactive;

        Html(boolean interactive) {
            this.interactive = interactive;
        }

        Html raw(String markup) {
            sb.append(markup);
            return this;
        }

        Html text(String s) {
            escape(s);
            return this;
        }

        Html attr(String s) {
            escape(s);
            return this;
        }

        /** Opens a fold: {@code <details>} when interactive, an always-open block for print. */
        void open(String summary, boolean open, String id) {
            if (interactive) {
                sb.append("<details");
                if (id != null) {
                    sb.append(" id=\"").append(id).append('"');
                }
                sb.append(open ? " open=\"open\"" : "").append("><summary>");
                escape(summary);
                sb.append("</summary>\n");
            } else {
                sb.append("<div class=\"details\"><p class=\"details-summary\">");
                escape(summary);
                sb.append("</p>\n");
            }
        }

        void close() {
            sb.append(interactive ? "</details>\n" : "</div>\n");
        }

        private void escape(String s) {
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
                    case '"' -> sb.append("&quot;");
                    case '\'' -> sb.append("&#39;");
                    case '\n', '\t' -> sb.append(c);
                    case '\r' -> sb.append("");
                    default -> sb.append(c >= 0x20 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD ? c : '\uFFFD');
                }
            }
        }

        @Override
        public String toString() {
            return sb.toString();
        }
    }
}
