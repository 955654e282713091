package dev.deploydiagnostics.api;

/**
 * The overall outcome of an analysis.
 */
@Stable
public enum Verdict {
    /** A finding reached the confidence threshold: it is the root cause the engine believes. */
    ROOT_CAUSE_FOUND,
    /** Signs of failure were seen, but no finding reached the threshold. */
    INCONCLUSIVE,
    /** The evidence shows no failure. */
    NO_FAILURE_FOUND,
    /** Nothing could be collected: every source failed. */
    COLLECTION_FAILED
}
