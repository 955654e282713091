package dev.deploydiagnostics.core.read;

import dev.deploydiagnostics.api.Experimental;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * Limits and defaults for reading offline evidence.
 *
 * @param logLineLimit  the most log lines kept per source; lines of severity warning or worse and lines
 *                      naming a failure are kept first, then the tail of the rest
 * @param zone          the zone for timestamps written without an offset, e.g. {@code 2024-01-02 15:04:05}
 * @param maxLineLength the longest line kept whole; longer lines are cut and end with a marker saying how
 *                      much was cut
 */
@Experimental("offline reading options may gain fields")
public record ReadOptions(int logLineLimit, ZoneId zone, int maxLineLength) {

    /** 2000 log lines per source, UTC, lines cut after 16384 characters. */
    public static final ReadOptions DEFAULTS = new ReadOptions(2000, ZoneOffset.UTC, 16384);

    /** Validates. */
    public ReadOptions {
        Objects.requireNonNull(zone, "zone");
        if (logLineLimit < 1) {
            throw new IllegalArgumentException("logLineLimit must be at least 1, was " + logLineLimit);
        }
        if (maxLineLength < 80) {
            throw new IllegalArgumentException("maxLineLength must be at least 80, was " + maxLineLength);
        }
    }

    /** A copy with another log line limit. */
    public ReadOptions withLogLineLimit(int value) {
        return new ReadOptions(value, zone, maxLineLength);
    }

    /** A copy with another zone for timestamps without offset. */
    public ReadOptions withZone(ZoneId value) {
        return new ReadOptions(logLineLimit, value, maxLineLength);
    }

    /** A copy with another maximum line length. */
    public ReadOptions withMaxLineLength(int value) {
        return new ReadOptions(logLineLimit, zone, value);
    }
}
