package dev.deploydiagnostics.api;

/**
 * How to render a report.
 *
 * @param color            use ANSI colour (terminals only)
 * @param verbose          include all evidence and raw data rather than the most telling items
 * @param maxEvidenceItems the most evidence items to show per finding in the short form
 */
@Stable
public record RenderOptions(boolean color, boolean verbose, int maxEvidenceItems) {

    /** Plain, concise output. */
    public static final RenderOptions DEFAULT = new RenderOptions(false, false, 5);

    /** Validates. */
    public RenderOptions {
        if (maxEvidenceItems < 1) {
            throw new IllegalArgumentException("maxEvidenceItems must be at least 1");
        }
    }
}
