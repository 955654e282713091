package dev.deploydiagnostics.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of an analysis: the verdict, ranked findings (the first is the root cause), the timeline,
 * what could not be collected, and how each provider fared.
 *
 * @param schemaVersion  the version of the report's JSON schema
 * @param generatedAt    when the analysis finished
 * @param target         the identifiers of what was analysed (platform, service, namespace, ...)
 * @param platform       the platform analysed, from the request or the evidence
 * @param verdict        the overall outcome
 * @param headline       one line for a title or a notification
 * @param summary        one paragraph saying what happened and what to do
 * @param findings       ranked findings, most likely first
 * @param timeline       events, state changes and key log lines in one order
 * @param gaps           what could not be collected, and why
 * @param notableSignals when no finding is certain: the most unusual lines, warning events and last states
 * @param providers      per-provider outcome and timing
 * @param evidenceCount  how many items of evidence were analysed
 * @param duration       wall time of the whole analysis
 */
@Stable
public record DiagnosticReport(String schemaVersion, Instant generatedAt, Map<String, String> target,
                               Optional<Platform> platform, Verdict verdict, String headline, String summary,
                               List<Finding> findings, List<TimelineEntry> timeline, List<CollectionGap> gaps,
                               List<Evidence> notableSignals, List<ProviderRun> providers, int evidenceCount,
                               Duration duration) {

    /** The schema version this library writes. */
    public static final String SCHEMA_VERSION = "1.0";

    /** Validates and copies. */
    public DiagnosticReport {
        Objects.requireNonNull(schemaVersion, "schemaVersion");
        Objects.requireNonNull(generatedAt, "generatedAt");
        target = Map.copyOf(target);
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(headline, "headline");
        Objects.requireNonNull(summary, "summary");
        findings = List.copyOf(findings);
        timeline = List.copyOf(timeline);
        gaps = List.copyOf(gaps);
        notableSignals = List.copyOf(notableSignals);
        providers = List.copyOf(providers);
        Objects.requireNonNull(duration, "duration");
    }

    /** The root cause, when the verdict is {@link Verdict#ROOT_CAUSE_FOUND}. */
    public Optional<Finding> rootCause() {
        return verdict == Verdict.ROOT_CAUSE_FOUND && !findings.isEmpty() ? Optional.of(findings.get(0)) : Optional.empty();
    }

    /** The most likely finding, whatever the verdict. */
    public Optional<Finding> topFinding() {
        return findings.isEmpty() ? Optional.empty() : Optional.of(findings.get(0));
    }

    /** The entry marked as the first failure signal, if any. */
    public Optional<TimelineEntry> firstFailure() {
        return timeline.stream().filter(TimelineEntry::firstFailure).findFirst();
    }
}
