package dev.deploydiagnostics.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One line an application or platform wrote to its log.
 *
 * @param timestamp  when it was written, if the line or its transport said so
 * @param source     the stream it came from, e.g. {@code pod/api-7d9/app (previous)}
 * @param message    the line itself, already redacted, without a trailing newline
 * @param severity   the level, parsed from the line or the transport
 * @param lineNumber its position in the source, 1-based, or 0 when unknown
 * @param attributes transport detail (log group, stream, container, ...)
 */
@Stable
public record LogLine(Optional<Instant> timestamp, String source, String message, Severity severity,
                      long lineNumber, Map<String, String> attributes) implements Evidence {

    /** Validates and copies. */
    public LogLine {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(severity, "severity");
        attributes = Map.copyOf(attributes);
    }

    /** A line with no known time or level. */
    public static LogLine of(String source, String message) {
        return new LogLine(Optional.empty(), source, message, Severity.UNKNOWN, 0, Map.of());
    }

    /** A line with a time and level. */
    public static LogLine of(String source, Instant timestamp, Severity severity, String message) {
        return new LogLine(Optional.of(timestamp), source, message, severity, 0, Map.of());
    }

    /** A copy with another message, keeping everything else; used by redaction. */
    public LogLine withMessage(String newMessage) {
        return new LogLine(timestamp, source, newMessage, severity, lineNumber, attributes);
    }

    @Override
    public String text() {
        return message;
    }
}
