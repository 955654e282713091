package dev.deploydiagnostics.api;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One immutable, platform-neutral item a provider or reader collected: a log line, an event, a metric
 * sample, a resource state, or a gap in what could be collected.
 *
 * <p>Platform-specific detail lives in {@link #attributes()}, never in new top-level types.
 */
@Stable
public sealed interface Evidence permits LogLine, Event, MetricSample, ResourceState, CollectionGap {

    /** Where it came from, for a reader: {@code pod/api-7d9/app}, {@code ecs task 0a1b}, {@code bundle.txt:12}. */
    String source();

    /** When it happened, if known. */
    Optional<Instant> timestamp();

    /** How serious it looks on its own. */
    Severity severity();

    /** A one-line human rendering, used in timelines and as the text patterns match. */
    String text();

    /** Platform-specific detail as key/value text. */
    Map<String, String> attributes();

    /** The kind of evidence, for renderers and JSON. */
    default String evidenceType() {
        if (this instanceof LogLine) {
            return "log";
        } else if (this instanceof Event) {
            return "event";
        } else if (this instanceof MetricSample) {
            return "metric";
        } else if (this instanceof ResourceState) {
            return "state";
        }
        return "gap";
    }
}
