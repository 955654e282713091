package dev.deploydiagnostics.core.report;

import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.Event;
import dev.deploydiagnostics.api.Evidence;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.Finding;
import dev.deploydiagnostics.api.LogLine;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.api.ProviderRun;
import dev.deploydiagnostics.api.ResourceState;
import dev.deploydiagnostics.api.Severity;
import dev.deploydiagnostics.api.TimelineEntry;
import dev.deploydiagnostics.api.Verdict;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides the verdict and writes the report's headline, summary paragraph and notable signals.
 *
 * <p>When no finding is certain the report still helps: it lists the most unusual log lines (rare shapes,
 * error levels, stack trace heads), the warning events and the last failing states.
 */
public final class ReportAssembler {
    private static final Pattern VARIABLE = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|0x[0-9a-fA-F]+|[0-9a-f]{12,}|\\d+");
    private static final Pattern STACK_HEAD = Pattern.compile(
            "(Exception|Error)(:|$)|^Traceback|^panic:|^goroutine \\d+|Unhandled|FATAL|fatal error", Pattern.CASE_INSENSITIVE);
    private static final int MAX_SIGNALS = 12;

    private final double threshold;

    /** Creates an assembler that calls a finding the root cause from this confidence on. */
    public ReportAssembler(double threshold) {
        this.threshold = threshold;
    }

    /** Assembles the report. */
    public DiagnosticReport assemble(DiagnosticRequest request, Optional<Platform> platform, EvidenceBundle evidence,
                                     List<Finding> findings, List<TimelineEntry> timeline, List<ProviderRun> runs,
                                     Instant finishedAt, Duration duration) {
        Verdict verdict = verdict(evidence, findings);
        List<Evidence> signals = notableSignals(evidence);
        String headline = headline(verdict, findings, evidence);
        String summary = summary(verdict, findings, timeline, evidence, signals);
        return new DiagnosticReport(DiagnosticReport.SCHEMA_VERSION, finishedAt, request.describeTarget(), platform,
                verdict, headline, summary, findings, timeline, evidence.gaps(), signals, runs,
                evidence.observationCount(), duration);
    }

    Verdict verdict(EvidenceBundle evidence, List<Finding> findings) {
        if (evidence.observationCount() == 0) {
            return evidence.gaps().isEmpty() ? Verdict.NO_FAILURE_FOUND : Verdict.COLLECTION_FAILED;
        }
        if (!findings.isEmpty() && findings.get(0).confidence() >= threshold) {
            return Verdict.ROOT_CAUSE_FOUND;
        }
        boolean failureSigns = !findings.isEmpty() || evidence.items().stream()
                .filter(e -> !(e instanceof CollectionGap))
                .anyMatch(e -> e.severity().compareTo(Severity.ERROR) >= 0
                        || e instanceof Event && e.severity().atLeastWarning()
                        || e instanceof ResourceState && e.severity().atLeastWarning());
        return failureSigns ? Verdict.INCONCLUSIVE : Verdict.NO_FAILURE_FOUND;
    }

    static String headline(Verdict verdict, List<Finding> findings, EvidenceBundle evidence) {
        return switch (verdict) {
            case ROOT_CAUSE_FOUND -> findings.get(0).title() + " [" + findings.get(0).category().id() + ", "
                    + percent(findings.get(0).confidence()) + "]";
            case INCONCLUSIVE -> findings.isEmpty()
                    ? "Failure signs found, but no known cause fits them"
                    : "Inconclusive: possibly " + lowerFirst(findings.get(0).title()) + " ("
                    + percent(findings.get(0).confidence()) + ")";
            case NO_FAILURE_FOUND -> "No sign of a failed deployment in " + evidence.observationCount() + " items of evidence";
            case COLLECTION_FAILED -> "No evidence could be collected (" + evidence.gaps().size() + " gap"
                    + (evidence.gaps().size() == 1 ? "" : "s") + ")";
        };
    }

    static String summary(Verdict verdict, List<Finding> findings, List<TimelineEntry> timeline,
                          EvidenceBundle evidence, List<Evidence> signals) {
        StringBuilder sb = new StringBuilder();
        Optional<TimelineEntry> first = timeline.stream().filter(TimelineEntry::firstFailure).findFirst();
        switch (verdict) {
            case ROOT_CAUSE_FOUND -> {
                Finding f = findings.get(0);
                sb.append(sentence(f.title())).append(' ');
                if (!f.explanation().isBlank()) {
                    sb.append(sentence(f.explanation())).append(' ');
                }
                first.ifPresent(e -> sb.append("The first failure signal")
                        .append(e.timestamp().map(t -> " was at " + t).orElse(" was"))
                        .append(": \"").append(clip(e.summary(), 160)).append("\". "));
                telling(f, signals).ifPresent(l -> sb.append("The application's last error: \"")
                        .append(clip(l.message().strip(), 200)).append("\" (").append(l.source()).append("). "));
                if (!f.remedies().isEmpty()) {
                    sb.append("To fix it: ").append(sentence(lowerFirst(f.remedies().get(0).title()))).append(' ');
                }
                List<String> others = new ArrayList<>();
                Set<dev.deploydiagnostics.api.Category> seen = new java.util.HashSet<>(List.of(f.category()));
                for (Finding o : findings.subList(1, findings.size())) {
                    if (seen.add(o.category())) {
                        others.add(o.category().id() + " (" + percent(o.confidence()) + ")");
                    }
                }
                if (!others.isEmpty()) {
                    sb.append("Also considered: ").append(String.join(", ", others)).append(". ");
                }
            }
            case INCONCLUSIVE -> {
                sb.append("The evidence shows signs of failure, but no known cause reached the confidence threshold. ");
                if (!findings.isEmpty()) {
                    sb.append("The strongest candidate is ").append(findings.get(0).category().id()).append(" (")
                            .append(percent(findings.get(0).confidence())).append("): ")
                            .append(sentence(lowerFirst(findings.get(0).title()))).append(' ');
                }
                if (!signals.isEmpty()) {
                    sb.append("The most telling signal is \"").append(clip(signals.get(0).text(), 160)).append("\". ");
                }
            }
            case NO_FAILURE_FOUND -> sb.append("None of the ").append(evidence.observationCount())
                    .append(" items of evidence shows an error, a warning event or a failing state. ");
            case COLLECTION_FAILED -> sb.append("Nothing could be collected, so nothing could be diagnosed. ");
        }
        if (!evidence.gaps().isEmpty() && verdict != Verdict.ROOT_CAUSE_FOUND) {
            CollectionGap g = evidence.gaps().get(0);
            sb.append("Missing: ").append(g.what()).append(" (").append(g.reason()).append(')');
            g.permission().ifPresent(p -> sb.append("; grant ").append(p));
            sb.append(evidence.gaps().size() > 1 ? " and " + (evidence.gaps().size() - 1) + " more. " : ". ");
        } else if (!evidence.gaps().isEmpty()) {
            sb.append(evidence.gaps().size()).append(" part").append(evidence.gaps().size() == 1 ? "" : "s")
                    .append(" of the evidence could not be collected; see the gaps.");
        }
        return sb.toString().trim();
    }

    /**
     * The log line that best says why the app failed, when the root cause rests on states and events alone (a
     * crash loop, an exit code): the most unusual error line, or the head of a stack trace.
     */
    static Optional<LogLine> telling(Finding root, List<Evidence> signals) {
        if (root.evidence().stream().anyMatch(e -> e instanceof LogLine && e.severity().atLeastWarning())) {
            return Optional.empty();
        }
        return signals.stream().filter(e -> e instanceof LogLine).map(e -> (LogLine) e)
                .filter(l -> l.severity().compareTo(Severity.ERROR) >= 0 || STACK_HEAD.matcher(l.message()).find())
                .filter(l -> !l.message().stripLeading().startsWith("at "))
                .findFirst();
    }

    /** The most unusual log lines, warning events and last failing states. */
    static List<Evidence> notableSignals(EvidenceBundle evidence) {
        Set<Evidence> out = new LinkedHashSet<>();
        Set<String> seen = new java.util.HashSet<>();
        for (Event e : evidence.events()) {
            if (e.severity().atLeastWarning() && seen.add("e:" + e.reason() + e.message()) && out.size() < 4) {
                out.add(e);
            }
        }
        Map<String, ResourceState> lastByName = new java.util.LinkedHashMap<>();
        for (ResourceState s : evidence.states()) {
            if (s.severity().atLeastWarning()) {
                lastByName.put(s.kind() + "/" + s.name(), s);
            }
        }
        lastByName.values().stream().limit(4).forEach(out::add);
        Map<String, Integer> templateCounts = new HashMap<>();
        Map<LogLine, String> templates = new java.util.IdentityHashMap<>();
        for (LogLine l : evidence.logs()) {
            String t = template(l.message());
            templates.put(l, t);
            templateCounts.merge(t, 1, Integer::sum);
        }
        List<LogLine> candidates = new ArrayList<>();
        for (LogLine l : evidence.logs()) {
            if (l.severity().atLeastWarning() || STACK_HEAD.matcher(l.message()).find()) {
                candidates.add(l);
            }
        }
        candidates.sort(Comparator.<LogLine>comparingInt(l -> templateCounts.get(templates.get(l)))
                .thenComparing(l -> l.severity(), Comparator.reverseOrder())
                .thenComparingLong(LogLine::lineNumber));
        for (LogLine l : candidates) {
            if (out.size() >= MAX_SIGNALS) {
                break;
            }
            if (seen.add("l:" + templates.get(l))) {
                out.add(l);
            }
        }
        return List.copyOf(out);
    }

    static String template(String message) {
        return VARIABLE.matcher(message).replaceAll("#");
    }

    static String percent(double confidence) {
        return Math.round(confidence * 100) + "%";
    }

    private static String sentence(String s) {
        String t = s.trim();
        if (t.isEmpty()) {
            return t;
        }
        char last = t.charAt(t.length() - 1);
        return last == '.' || last == '!' || last == '?' ? t : t + ".";
    }

    private static String lowerFirst(String s) {
        if (s.length() < 2 || Character.isUpperCase(s.charAt(1))) {
            return s;
        }
        return s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1);
    }

    static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
