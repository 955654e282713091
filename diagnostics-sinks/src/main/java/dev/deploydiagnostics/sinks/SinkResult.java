package dev.deploydiagnostics.sinks;

import dev.deploydiagnostics.api.Experimental;

import java.util.Objects;
import java.util.Optional;

/**
 * What happened to one report at one sink.
 *
 * @param sinkId   the sink's id
 * @param status   the outcome
 * @param attempts how many times the sink was called (0 when it was not)
 * @param reason   why it was not delivered, for every status but {@link Status#DELIVERED}
 */
@Experimental("sinks are new")
public record SinkResult(String sinkId, Status status, int attempts, Optional<String> reason) {

    /** The outcome of a delivery to one sink. */
    @Experimental("sinks are new")
    public enum Status {
        /** The sink accepted the report. */
        DELIVERED,
        /** An identical diagnosis was delivered within the suppression window; counted for the next delivery. */
        SUPPRESSED,
        /** The diagnosis's pattern is muted. */
        MUTED,
        /** Nothing to say: no failure, and no earlier alert to resolve. */
        SKIPPED,
        /** Every try failed, or the sink refused it for good. */
        FAILED
    }

    /** Validates. */
    public SinkResult {
        Objects.requireNonNull(sinkId, "sinkId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
    }
}
