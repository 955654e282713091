package dev.deploydiagnostics.gcp;

import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.Finding;
import dev.deploydiagnostics.api.Remedy;
import java.util.List;

/** Reads the parts of a report the diagnosis tests check, and prints one when an assertion fails. */
final class Reports {
    private Reports() {
    }

    /** Every remedy's configuration snippet and steps of one finding, as one text. */
    static String remedyText(Finding finding) {
        StringBuilder sb = new StringBuilder();
        for (Remedy r : finding.remedies()) {
            sb.append(r.title()).append('\n');
            r.steps().forEach(s -> sb.append(s).append('\n'));
            r.configExample().ifPresent(c -> sb.append(c.content()).append('\n'));
        }
        return sb.toString();
    }

    /** The configuration snippets of every finding's remedies, in rank order. */
    static List<String> snippets(DiagnosticReport report) {
        return report.findings().stream().flatMap(f -> f.remedies().stream())
                .flatMap(r -> r.configExample().stream()).map(Remedy.ConfigExample::content).toList();
    }

    /** A readable dump of the verdict, findings with their cited evidence, and gaps. */
    static String describe(DiagnosticReport report) {
        StringBuilder sb = new StringBuilder(report.verdict() + ": " + report.headline() + "\n");
        for (Finding f : report.findings()) {
            sb.append("  ").append(f.patternId()).append(" [").append(f.category().id()).append(", ")
                    .append(String.format(java.util.Locale.ROOT, "%.2f", f.confidence())).append("] ")
                    .append(f.title()).append('\n');
            f.evidence().forEach(e -> sb.append("    cites ").append(e.text()).append('\n'));
        }
        report.gaps().forEach(g -> sb.append("  gap ").append(g.text()).append('\n'));
        return sb.toString();
    }
}
