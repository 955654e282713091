package dev.deploydiagnostics.core.timeline;

import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.Evidence;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.Finding;
import dev.deploydiagnostics.api.LogLine;
import dev.deploydiagnostics.api.MetricSample;
import dev.deploydiagnostics.api.Severity;
import dev.deploydiagnostics.api.TimelineEntry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Merges events, state changes and the log lines that matter into one ordered timeline, and marks the first
 * failure signal and the chain that follows it.
 *
 * <p>Items without a timestamp keep their order of appearance: each borrows the time of the timed item
 * before it in its source, and a stable sort keeps the rest in place.
 */
public final class TimelineBuilder {
    private final int maxLogEntries;

    /** Creates a builder that keeps at most this many uncited log lines. */
    public TimelineBuilder(int maxLogEntries) {
        this.maxLogEntries = maxLogEntries;
    }

    /** Builds the timeline for the evidence and the ranked findings. */
    public List<TimelineEntry> build(EvidenceBundle evidence, List<Finding> findings) {
        Map<Evidence, Set<String>> citedBy = new IdentityHashMap<>();
        for (Finding f : findings) {
            for (Evidence e : f.evidence()) {
                citedBy.computeIfAbsent(e, k -> new LinkedHashSet<>()).add(f.patternId());
            }
        }
        // Findings cite equal copies at times (e.g. after merging); match those by value too.
        Map<Evidence, Set<String>> citedByValue = new java.util.HashMap<>();
        citedBy.forEach((e, ids) -> citedByValue.computeIfAbsent(e, k -> new LinkedHashSet<>()).addAll(ids));

        record Candidate(Evidence evidence, Instant sortTime, int order, Set<String> patterns) {
        }
        List<Candidate> candidates = new ArrayList<>();
        Map<String, Instant> lastTimeBySource = new java.util.HashMap<>();
        Instant lastTime = Instant.MIN;
        int uncitedLogs = 0;
        int order = 0;
        for (Evidence e : evidence.items()) {
            order++;
            // An event repeated over time belongs where it started: that is when the failure first showed.
            Optional<Instant> ts = e instanceof dev.deploydiagnostics.api.Event ev && ev.firstTimestamp().isPresent()
                    ? ev.firstTimestamp() : e.timestamp();
            Instant sortTime;
            if (ts.isPresent()) {
                sortTime = ts.get();
                lastTimeBySource.put(e.source(), sortTime);
                lastTime = sortTime;
            } else {
                sortTime = lastTimeBySource.getOrDefault(e.source(), lastTime);
            }
            if (e instanceof CollectionGap) {
                continue;
            }
            Set<String> patterns = citedByValue.getOrDefault(e, Set.of());
            if (patterns.isEmpty()) {
                if (e instanceof MetricSample) {
                    continue;
                }
                if (e instanceof LogLine l) {
                    if (!l.severity().atLeastWarning() || uncitedLogs >= maxLogEntries) {
                        continue;
                    }
                    uncitedLogs++;
                }
            }
            candidates.add(new Candidate(e, sortTime, order, patterns));
        }
        candidates.sort(Comparator.comparing(Candidate::sortTime).thenComparingInt(Candidate::order));

        Set<String> rootIds = findings.isEmpty() ? Set.of() : Set.of(findings.get(0).patternId());
        int first = -1;
        // The first failure is the earliest item the root cause cites that itself looks like a failure; a
        // cited context item (the rollout that started, a healthy node) is not where things went wrong.
        for (int i = 0; i < candidates.size() && first < 0; i++) {
            if (!rootIds.isEmpty() && candidates.get(i).patterns().stream().anyMatch(rootIds::contains)
                    && candidates.get(i).evidence().severity().atLeastWarning()) {
                first = i;
            }
        }
        for (int i = 0; i < candidates.size() && first < 0; i++) {
            if (!rootIds.isEmpty() && candidates.get(i).patterns().stream().anyMatch(rootIds::contains)) {
                first = i;
            }
        }
        if (first < 0) {
            for (int i = 0; i < candidates.size() && first < 0; i++) {
                Evidence e = candidates.get(i).evidence();
                if (e.severity().compareTo(Severity.WARNING) >= 0 && !(e instanceof LogLine && e.severity() == Severity.WARNING)) {
                    first = i;
                }
            }
        }
        List<TimelineEntry> entries = new ArrayList<>(candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            boolean chain = first >= 0 && i > first
                    && (!c.patterns().isEmpty() || c.evidence().severity().atLeastWarning());
            entries.add(new TimelineEntry(i, c.evidence().timestamp(), c.evidence(), i == first, chain,
                    List.copyOf(c.patterns())));
        }
        return entries;
    }
}
