package dev.deploydiagnostics.api;

import java.util.Locale;

/**
 * How serious an item of evidence looks on its own, from a log level, an event type or a state.
 */
@Stable
public enum Severity {
    /** Nothing could be said about the severity. */
    UNKNOWN,
    /** Debug or trace output. */
    DEBUG,
    /** Normal operation. */
    INFO,
    /** Something unusual that may matter. */
    WARNING,
    /** A failure. */
    ERROR,
    /** A failure that stopped the process or workload. */
    CRITICAL;

    /** True for {@link #WARNING} and worse. */
    public boolean atLeastWarning() {
        return compareTo(WARNING) >= 0;
    }

    /** Maps a log level or event type such as {@code WARN}, {@code Warning}, {@code E}, {@code fatal}. */
    public static Severity parse(String level) {
        if (level == null || level.isBlank()) {
            return UNKNOWN;
        }
        switch (level.trim().toUpperCase(Locale.ROOT)) {
            case "TRACE": case "DEBUG": case "FINE": case "FINER": case "FINEST": case "D": case "T": case "VERBOSE":
                return DEBUG;
            case "INFO": case "INFORMATION": case "NOTICE": case "NORMAL": case "I": case "DEFAULT":
                return INFO;
            case "WARN": case "WARNING": case "W":
                return WARNING;
            case "ERROR": case "ERR": case "E": case "SEVERE": case "FAIL": case "FAILED":
                return ERROR;
            case "FATAL": case "CRITICAL": case "CRIT": case "PANIC": case "EMERGENCY": case "ALERT": case "F": case "C":
                return CRITICAL;
            default:
                return UNKNOWN;
        }
    }
}
