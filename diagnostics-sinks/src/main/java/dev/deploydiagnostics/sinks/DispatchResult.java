package dev.deploydiagnostics.sinks;

import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.Delivery;
import dev.deploydiagnostics.api.Experimental;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of dispatching one report: the report itself (never lost), the delivery context computed for it,
 * one result per sink, and where the report was saved when a sink failed.
 *
 * @param report     the report dispatched
 * @param delivery   the keys and counters sinks received
 * @param results    one result per configured sink, in configuration order
 * @param deadLetter the file the report was written to because a sink failed, when a dead-letter folder is set
 */
@Experimental("sinks are new")
public record DispatchResult(DiagnosticReport report, Delivery delivery, List<SinkResult> results,
                             Optional<Path> deadLetter) {
    /** Validates and copies. */
    public DispatchResult {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(delivery, "delivery");
        results = List.copyOf(results);
        Objects.requireNonNull(deadLetter, "deadLetter");
    }

    /** The results of sinks that failed. */
    public List<SinkResult> failures() {
        return results.stream().filter(r -> r.status() == SinkResult.Status.FAILED).toList();
    }

    /** The result for one sink, if it was configured. */
    public Optional<SinkResult> result(String sinkId) {
        return results.stream().filter(r -> r.sinkId().equals(sinkId)).findFirst();
    }
}
