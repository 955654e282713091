package dev.deploydiagnostics.core.read.internal;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the timestamps platforms and tools write: RFC 3339 / ISO-8601 with or without fraction and offset,
 * {@code 2024-01-02 15:04:05,123}, RFC 1123 as {@code kubectl describe} prints it, and epoch numbers in
 * seconds, milliseconds, microseconds or nanoseconds.
 */
public final class Timestamps {
    static final String MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec";
    /**
     * True when an {@link #ISO} match could start before {@code limit}: somewhere there, {@code yyyy-mm-dd hh:}
     * with {@code -} or {@code /} between the date's parts and {@code T} or a space before the hour. A cheap
     * look before the expression, which most lines fail.
     */
    static boolean mayHaveIsoBefore(CharSequence t, int limit) {
        int n = Math.min(limit, t.length() - 13);
        for (int s = 0; s < n; s++) {
            char c = t.charAt(s + 4);
            if ((c == '-' || c == '/') && isoShapeAt(t, s)) {
                return true;
            }
        }
        return false;
    }

    /** {@code yyyy-mm-dd hh:} (or with {@code /} and {@code T}) at {@code s}, with room for it. */
    static boolean isoShapeAt(CharSequence t, int s) {
        if (s < 0 || s + 13 >= t.length()) {
            return false;
        }
        char d1 = t.charAt(s + 4);
        char d2 = t.charAt(s + 7);
        char sep = t.charAt(s + 10);
        return (d1 == '-' || d1 == '/') && (d2 == '-' || d2 == '/') && (sep == 'T' || sep == ' ')
                && digit(t.charAt(s)) && digit(t.charAt(s + 1)) && digit(t.charAt(s + 2)) && digit(t.charAt(s + 3))
                && digit(t.charAt(s + 5)) && digit(t.charAt(s + 6)) && digit(t.charAt(s + 8)) && digit(t.charAt(s + 9))
                && digit(t.charAt(s + 11)) && digit(t.charAt(s + 12)) && t.charAt(s + 13) == ':';
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    private static final String[] MONTH_NAMES = MONTHS.split("\\|");

    /** True when one of the English month abbreviations ({@code Jan} ... {@code Dec}, this case) starts at {@code i}. */
    static boolean monthAt(String t, int i) {
        for (String m : MONTH_NAMES) {
            if (t.startsWith(m, i)) {
                return true;
            }
        }
        return false;
    }

    /** Date and time with optional fraction and offset; the date may use slashes (nginx). */
    static final Pattern ISO = Pattern.compile(
            "(\\d{4})[-/](\\d{2})[-/](\\d{2})[T ](\\d{2}):(\\d{2}):(\\d{2})(?:[.,](\\d{1,9}))?"
                    + "(?:\\s?(Z|z|UTC|GMT|[+-]\\d{2}(?::?\\d{2})?)(?![\\d:]))?");
    private static final Pattern RFC1123 = Pattern.compile(
            "(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),?\\s+)?(\\d{1,2})\\s+(" + MONTHS + ")\\s+(\\d{4})\\s+"
                    + "(\\d{2}):(\\d{2}):(\\d{2})(?:\\s*(Z|UTC|GMT|[+-]\\d{4}))?");
    private static final Pattern NUMBER = Pattern.compile("\\d{9,19}(?:\\.\\d+)?");

    private Timestamps() {
    }

    /** Joins the lines of a multi-line platform message into one line. */
    public static String oneLine(String text) {
        if (text == null || (text.indexOf('\n') < 0 && text.indexOf('\r') < 0)) {
            return text;
        }
        return text.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }

    /** Parses a whole value such as {@code 2024-01-02T15:04:05.123Z} or {@code Tue, 02 Jan 2024 15:04:05 +0000}. */
    public static Optional<Instant> parse(String text, ZoneId zone) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.trim();
        if (s.isEmpty() || s.length() > 64) {
            return Optional.empty();
        }
        if (NUMBER.matcher(s).matches()) {
            try {
                return epoch(Double.parseDouble(s));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        Matcher m = ISO.matcher(s);
        if (m.lookingAt()) {
            return fromIso(m, s, zone);
        }
        m = RFC1123.matcher(s);
        if (m.lookingAt()) {
            return of(Integer.parseInt(m.group(3)), month(m.group(2)), Integer.parseInt(m.group(1)),
                    Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), Integer.parseInt(m.group(6)), 0,
                    m.group(7), zone);
        }
        return Optional.empty();
    }

    /** An epoch value in seconds, milliseconds, microseconds or nanoseconds, told apart by magnitude. */
    public static Optional<Instant> epoch(double value) {
        if (!Double.isFinite(value) || value <= 0) {
            return Optional.empty();
        }
        try {
            if (value > 1e17) {
                return Optional.of(Instant.ofEpochSecond(0, (long) value));
            } else if (value > 1e14) {
                return Optional.of(Instant.ofEpochSecond(0, (long) (value * 1000)));
            } else if (value > 1e11) {
                long ms = (long) value;
                return Optional.of(Instant.ofEpochMilli(ms));
            }
            java.math.BigDecimal exact = java.math.BigDecimal.valueOf(value);
            long secs = exact.longValue();
            long nanos = exact.subtract(java.math.BigDecimal.valueOf(secs)).movePointRight(9).longValue();
            return Optional.of(Instant.ofEpochSecond(secs, Math.max(0, Math.min(nanos, 999_999_999))));
        } catch (DateTimeException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    /** The instant an {@link #ISO} match in {@code text} gives. */
    static Optional<Instant> fromIso(Matcher m, CharSequence text, ZoneId zone) {
        // numbers read in place: no string per group on a path every dated line takes
        int nanos = 0;
        if (m.start(7) >= 0) {
            int digits = 0;
            for (int i = m.start(7); i < m.end(7) && digits < 9; i++, digits++) {
                nanos = nanos * 10 + (text.charAt(i) - '0');
            }
            for (; digits < 9; digits++) {
                nanos *= 10;
            }
        }
        String offset = m.start(8) >= 0 ? m.group(8) : null;
        return of(number(text, m, 1), number(text, m, 2), number(text, m, 3), number(text, m, 4),
                number(text, m, 5), number(text, m, 6), nanos, offset, zone);
    }

    private static int number(CharSequence text, Matcher m, int group) {
        return Integer.parseInt(text, m.start(group), m.end(group), 10);
    }

    static Optional<Instant> of(int year, int month, int day, int hour, int minute, int second, int nanos,
                                String offset, ZoneId zone) {
        try {
            LocalDateTime local = LocalDateTime.of(year, month, day, hour, minute, Math.min(second, 59), nanos);
            ZoneId z = offset == null ? zone : offset(offset);
            return Optional.of(local.atZone(z).toInstant());
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    static ZoneId offset(String text) {
        String o = text.toUpperCase(Locale.ROOT);
        if (o.equals("Z") || o.equals("UTC") || o.equals("GMT")) {
            return ZoneOffset.UTC;
        }
        String digits = o.replace(":", "");
        int sign = digits.charAt(0) == '-' ? -1 : 1;
        int hours = Integer.parseInt(digits.substring(1, 3));
        int minutes = digits.length() >= 5 ? Integer.parseInt(digits.substring(3, 5)) : 0;
        return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
    }

    /** The month number of an English three-letter abbreviation, or 0. */
    static int month(String abbreviation) {
        int i = MONTHS.indexOf(abbreviation);
        return i < 0 || abbreviation.length() != 3 ? 0 : i / 4 + 1;
    }
}
