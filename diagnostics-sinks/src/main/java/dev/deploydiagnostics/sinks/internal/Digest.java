package dev.deploydiagnostics.sinks.internal;

import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.Finding;
import dev.deploydiagnostics.api.Remedy;
import dev.deploydiagnostics.api.Verdict;
import dev.deploydiagnostics.core.report.ReportLabels;

import java.util.Optional;

/** The few facts every notification shows, worded once: the cause line, the fix, the pattern id. */
public final class Digest {
    private Digest() {
    }

    /** The pattern id of the top finding, or the verdict in kebab case when there is none. */
    public static String patternId(DiagnosticReport r) {
        return r.topFinding().map(Finding::patternId)
                .orElse(r.verdict().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
    }

    /** "Root cause" or "Possible cause" followed by the category and the confidence. */
    public static Optional<String> causeLabel(DiagnosticReport r) {
        return r.topFinding().map(f -> (r.verdict() == Verdict.ROOT_CAUSE_FOUND ? "Root cause" : "Possible cause")
                + ": " + f.category().displayName() + " (" + ReportLabels.percent(f.confidence()) + " confidence)");
    }

    /** The first remedy of the top finding. */
    public static Optional<Remedy> fix(DiagnosticReport r) {
        return r.topFinding().flatMap(f -> f.remedies().stream().findFirst());
    }

    /** A sentence for held-back repeats, or empty when there were none. */
    public static Optional<String> suppressedNote(int suppressed) {
        if (suppressed <= 0) {
            return Optional.empty();
        }
        return Optional.of(suppressed + " identical diagnos" + (suppressed == 1 ? "is was" : "es were")
                + " held back since the last message.");
    }

    /** Cuts text to a service's limit, marking the cut. */
    public static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, Math.max(0, max - 1)) + "…";
    }

    /** A one-line headline for a report that resolves an earlier alert. */
    public static String resolvedHeadline(DiagnosticReport r) {
        return "Resolved: " + ReportLabels.targetName(r) + " shows no failure any more";
    }
}
