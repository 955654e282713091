package dev.deploydiagnostics.api;

/**
 * Root of the unchecked exceptions thrown for misuse or bad configuration.
 *
 * <p>The message always says what to change. Failures to collect evidence are never thrown: they
 * become {@link CollectionGap}s in the report.
 */
@Stable
public class DiagnosticsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception whose message says what to change. */
    public DiagnosticsException(String message) {
        super(message);
    }

    /** Creates an exception whose message says what to change, with the underlying cause. */
    public DiagnosticsException(String message, Throwable cause) {
        super(message, cause);
    }
}
