package dev.deploydiagnostics.cli;

import dev.deploydiagnostics.api.Verdict;

/**
 * The exit codes of {@code diagnose}. A completed analysis exits 0; with {@code --exit-code} it exits with its
 * verdict, so scripts and CI jobs can branch on it (as {@code git diff --exit-code} does).
 */
public final class ExitCodes {
    /** The analysis ran; with {@code --exit-code}: the evidence shows no failure. */
    public static final int NO_FAILURE = 0;
    /** A root cause was found. */
    public static final int ROOT_CAUSE_FOUND = 1;
    /** Signs of failure, but no cause reached the confidence threshold. */
    public static final int INCONCLUSIVE = 2;
    /** Nothing could be collected. */
    public static final int COLLECTION_FAILED = 3;
    /** The command line or configuration is wrong. */
    public static final int USAGE = 64;
    /** An internal error; run with --verbose for the stack trace. */
    public static final int INTERNAL_ERROR = 70;

    private ExitCodes() {
    }

    /** The exit code for a verdict. */
    public static int of(Verdict verdict) {
        return switch (verdict) {
            case NO_FAILURE_FOUND -> NO_FAILURE;
            case ROOT_CAUSE_FOUND -> ROOT_CAUSE_FOUND;
            case INCONCLUSIVE -> INCONCLUSIVE;
            case COLLECTION_FAILED -> COLLECTION_FAILED;
        };
    }
}
