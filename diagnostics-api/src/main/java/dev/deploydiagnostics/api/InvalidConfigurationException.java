package dev.deploydiagnostics.api;

import java.util.List;
import java.util.Objects;

/**
 * Thrown when configuration or a pattern catalog is invalid; lists every problem found, not only the first.
 */
@Stable
public class InvalidConfigurationException extends DiagnosticsException {
    private static final long serialVersionUID = 1L;

    private final transient List<String> problems;

    /** Creates the exception from one or more problems, each naming the key or file and the fix. */
    public InvalidConfigurationException(String source, List<String> problems) {
        super(format(source, problems));
        this.problems = List.copyOf(problems);
    }

    /** Creates the exception from a single problem. */
    public InvalidConfigurationException(String source, String problem) {
        this(source, List.of(problem));
    }

    /** Every problem found, each a self-contained sentence. */
    public List<String> problems() {
        return problems;
    }

    private static String format(String source, List<String> problems) {
        Objects.requireNonNull(source, "source");
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("problems must not be empty");
        }
        if (problems.size() == 1) {
            return source + ": " + problems.get(0);
        }
        StringBuilder sb = new StringBuilder(source).append(": ").append(problems.size()).append(" problems");
        for (String p : problems) {
            sb.append(System.lineSeparator()).append("  - ").append(p);
        }
        return sb.toString();
    }
}
