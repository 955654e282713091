package dev.deploydiagnostics.test;

import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.Experimental;
import dev.deploydiagnostics.api.Finding;
import dev.deploydiagnostics.api.Remedy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The parts of a report that diagnosis tests check, as text: what a finding's remedies say, their configuration
 * snippets, and a readable dump of a report for an assertion's message.
 */
@Experimental("helpers for diagnosis tests; more may follow")
public final class ReportText {
    private ReportText() {
    }

    /** Everything a finding's remedies say: titles, steps and configuration examples, one per line. */
    public static String remedyText(Finding finding) {
        List<String> parts = new ArrayList<>();
        for (Remedy r : finding.remedies()) {
            parts.add(r.title());
            parts.addAll(r.steps());
            r.configExample().ifPresent(c -> parts.add(c.content()));
        }
        return String.join("\n", parts);
    }

    /** The configuration snippets of every finding's remedies, in rank order. */
    public static List<String> snippets(DiagnosticReport report) {
        return report.findings().stream().flatMap(f -> f.remedies().stream())
                .flatMap(r -> r.configExample().stream()).map(Remedy.ConfigExample::content).toList();
    }

    /** A readable dump of the verdict, the findings with the evidence they cite, and the gaps. */
    public static String describe(DiagnosticReport report) {
        StringBuilder sb = new StringBuilder(report.verdict() + ": " + report.headline() + "\n");
        for (Finding f : report.findings()) {
            sb.append("  ").append(f.patternId()).append(" [").append(f.category().id()).append(", ")
                    .append(String.format(Locale.ROOT, "%.2f", f.confidence())).append("] ")
                    .append(f.title()).append('\n');
            f.evidence().forEach(e -> sb.append("    cites ").append(e.text()).append('\n'));
        }
        report.gaps().forEach(g -> sb.append("  gap ").append(g.text()).append('\n'));
        return sb.toString();
    }
}
