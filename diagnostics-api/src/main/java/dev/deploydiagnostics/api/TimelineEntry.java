package dev.deploydiagnostics.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One moment in the report's timeline: an event, a state change, a metric or a log line that matters,
 * in one order with all others.
 *
 * @param index          the position in the timeline, from 0
 * @param timestamp      when it happened; entries without one keep their order of appearance
 * @param evidence       the evidence the entry shows
 * @param firstFailure   true for the first failure signal
 * @param failureChain   true for the entries that follow from the first failure (back-off, deadline exceeded, ...)
 * @param patternIds     the patterns whose findings cite this entry
 */
@Stable
public record TimelineEntry(int index, Optional<Instant> timestamp, Evidence evidence, boolean firstFailure,
                            boolean failureChain, List<String> patternIds) {

    /** Validates and copies. */
    public TimelineEntry {
        if (index < 0) {
            throw new IllegalArgumentException("index must not be negative");
        }
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(evidence, "evidence");
        patternIds = List.copyOf(patternIds);
    }

    /** The entry's one-line text. */
    public String summary() {
        return evidence.text();
    }

    /** The entry's source. */
    public String source() {
        return evidence.source();
    }

    /** The entry's severity. */
    public Severity severity() {
        return evidence.severity();
    }
}
