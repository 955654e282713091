package dev.deploydiagnostics.core.read.internal;

import dev.deploydiagnostics.api.LogLine;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.api.Severity;

import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the lines of one log stream, one {@link LogLine} per line (a message with embedded newlines becomes
 * several), with time and level parsed, within the source's line budget, noting platforms the text shows.
 */
public final class LogTextReader {
    private enum Hint { LAMBDA, CLOUD_RUN, ECS, KUBERNETES }

    private final ReadSession session;
    private final String source;
    private final Map<String, String> baseAttributes;
    private final LogLineParser.Context context;
    private final LogCollector collector;
    private final Set<Hint> hinted = EnumSet.noneOf(Hint.class);

    /** A reader for the stream named {@code source}. */
    public LogTextReader(ReadSession session, String source) {
        this(session, source, Map.of());
    }

    /** A reader whose lines all carry these attributes (e.g. {@code logStream}). */
    public LogTextReader(ReadSession session, String source, Map<String, String> attributes) {
        this.session = session;
        this.source = source;
        this.baseAttributes = Map.copyOf(attributes);
        this.context = new LogLineParser.Context(session.options().zone(), session.clock());
        this.collector = session.logs(source);
    }

    /** Reads one line of text at this line number. */
    public void line(String raw, long lineNumber) {
        line(raw, lineNumber, null, Severity.UNKNOWN);
    }

    /**
     * Reads one message that may span lines; {@code timestamp} (may be null) is the transport's time and wins
     * over one in the text; {@code severity} is the transport's level, used when the text states none.
     */
    public void line(String raw, long lineNumber, Instant timestamp, Severity severity) {
        String text = raw;
        if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            String[] parts = LogLineParser.stripNewline(text).split("\r?\n|\r", -1);
            for (String part : parts) {
                single(part, lineNumber, timestamp, severity);
            }
        } else {
            single(text, lineNumber, timestamp, severity);
        }
    }

    private void single(String raw, long lineNumber, Instant timestamp, Severity transportSeverity) {
        if (raw.isBlank()) {
            // blank lines carry nothing and would crowd the kept tail
            return;
        }
        String text = Lines.cut(raw, session.options().maxLineLength());
        int gate = LineGate.check(text);
        if ((gate & (LineGate.MAY_HINT | LineGate.MAY_MATTER)) != 0) {
            hints(text);
        }
        if ((gate & LineGate.MAY_MATTER) == 0 && !transportSeverity.atLeastWarning()
                && !(context.previousAtLeastWarning() && mayContinue(text)) && !yearMayChange(text)) {
            // Certainly not kept before others: it waits unparsed, and is parsed only if it is still in the
            // kept tail at the end. Most lines of a large log end here.
            collector.defer(new Deferred(text, lineNumber, timestamp, transportSeverity, context.year()));
            context.previousBelowWarning();
            return;
        }
        collector.add(toLogLine(text, lineNumber, timestamp, transportSeverity, context));
    }

    /**
     * Reads lines {@code from} to the end of a run the byte path found plain: ASCII, not blank, without a
     * carriage return, within the line limit, and holding nothing that may make them matter ({@link LineGate}).
     * Each waits unparsed unless it may continue a line before it of warning or worse, or its full dates may
     * change the year year-less stamps take.
     */
    void plainLines(PlainLines lines, int from) {
        for (int k = from, n = lines.size(); k < n; k++) {
            String text = lines.text(k);
            if (lines.hint(k)) {
                hints(text);
            }
            int year = lines.year(k);
            Integer known = context.year();
            boolean newYear = year == -2 || (year >= 0 && (known == null || year != known));
            if (!newYear && !(context.previousAtLeastWarning() && mayContinue(text))) {
                collector.defer(new Deferred(text, lines.lineNumber(k), null, Severity.UNKNOWN, known));
                // its parse would leave a level below warning for the next line to see
                context.previousBelowWarning();
            } else {
                collector.add(toLogLine(text, lines.lineNumber(k), null, Severity.UNKNOWN, context));
            }
        }
    }

    /**
     * False when the line cannot continue the one before (a stack frame, {@code Caused by:}, an indented or
     * caret line, {@code ... N more}, a goroutine header, {@code name(args)}): it starts with none of what
     * {@link LogLineParser}'s continuation rule needs. Such a line after a warning is still below warning, so it
     * need not be parsed now.
     */
    static boolean mayContinue(String text) {
        if (text.isEmpty()) {
            return false;
        }
        char c = text.charAt(0);
        int end = text.length();
        // the rule's $ also matches before a last line terminator
        while (end > 1 && "\r\n\u0085\u2028\u2029".indexOf(text.charAt(end - 1)) >= 0) {
            end--;
        }
        return Character.isWhitespace(c) || c == '^' || text.charAt(end - 1) == ')'
                || (c == 'C' && text.startsWith("Caused by: ")) || (c == '[' && text.startsWith("[signal "))
                || (c == '.' && text.startsWith("... ")) || (c == 'g' && text.startsWith("goroutine "));
    }

    private LogLine toLogLine(String text, long lineNumber, Instant timestamp, Severity transportSeverity,
                              LogLineParser.Context ctx) {
        LogLineParser.Parsed p = LogLineParser.parse(text, ctx);
        Severity sev = p.severity() == Severity.UNKNOWN ? transportSeverity : p.severity();
        Optional<Instant> ts = timestamp != null ? Optional.of(timestamp) : p.timestamp();
        Map<String, String> attrs = baseAttributes;
        if (!p.attributes().isEmpty()) {
            attrs = new LinkedHashMap<>(baseAttributes);
            attrs.putAll(p.attributes());
        }
        String message = Lines.cut(p.message(), session.options().maxLineLength());
        return new LogLine(ts, source, message, sev, lineNumber, attrs);
    }

    /**
     * True when the line may carry a full timestamp of a year other than the one the context holds: such a
     * line is parsed, so the year that year-less stamps (klog, syslog) take stays what reading every line
     * would give. It looks for the full dates the byte path's scan finds, anywhere in the line: an ISO date with
     * its hour ({@code 2024-03-01T10:}, {@code 2024/03/01 10:}) and a common-log date ({@code [01/Mar/2024:}).
     * Both paths must agree, and a JSON record's time field may stand at any column.
     */
    private boolean yearMayChange(String text) {
        Integer known = context.year();
        int year = known == null ? -1 : known;
        for (int i = 13, n = text.length(); i < n; i++) {
            if (text.charAt(i) != ':') {
                continue;
            }
            int y = -1;
            if (isoDateHourEndingAt(text, i)) {
                y = number(text, i - 13);
            } else if (i >= 12 && text.charAt(i - 12) == '[' && text.charAt(i - 9) == '/'
                    && text.charAt(i - 5) == '/' && digits(text, i - 4)) {
                y = number(text, i - 4);
            }
            if (y >= 0 && y != year) {
                return true;
            }
        }
        return false;
    }

    /** {@code 0000-00-00T00:} (dashes or slashes, T, t or a space) ending with the colon at {@code i}. */
    private static boolean isoDateHourEndingAt(String t, int i) {
        int s = i - 13;
        char sep1 = t.charAt(s + 4);
        char sep2 = t.charAt(s + 7);
        char tee = t.charAt(s + 10);
        return digits(t, s) && (sep1 == '-' || sep1 == '/') && digit(t.charAt(s + 5)) && digit(t.charAt(s + 6))
                && (sep2 == '-' || sep2 == '/') && digit(t.charAt(s + 8)) && digit(t.charAt(s + 9))
                && (tee == 'T' || tee == 't' || tee == ' ') && digit(t.charAt(s + 11)) && digit(t.charAt(s + 12));
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int number(String t, int s) {
        return (t.charAt(s) - '0') * 1000 + (t.charAt(s + 1) - '0') * 100 + (t.charAt(s + 2) - '0') * 10 + (t.charAt(s + 3) - '0');
    }

    private static boolean digits(String text, int from) {
        for (int k = from; k < from + 4; k++) {
            if (!digit(text.charAt(k))) {
                return false;
            }
        }
        return true;
    }

    /** A line left unparsed, with what its parse needs: the transport's time and level and the year then. */
    private final class Deferred implements LogCollector.Pending {
        private final String text;
        private final long lineNumber;
        private final Instant timestamp;
        private final Severity transportSeverity;
        private final Integer year;

        Deferred(String text, long lineNumber, Instant timestamp, Severity transportSeverity, Integer year) {
            this.text = text;
            this.lineNumber = lineNumber;
            this.timestamp = timestamp;
            this.transportSeverity = transportSeverity;
            this.year = year;
        }

        @Override
        public LogLine line() {
            LogLineParser.Context ctx = new LogLineParser.Context(session.options().zone(), session.clock());
            ctx.year(year);
            return toLogLine(text, lineNumber, timestamp, transportSeverity, ctx);
        }
    }

    private void hints(String text) {
        if (text.length() < 8) {
            return;
        }
        if (!hinted.contains(Hint.LAMBDA) && text.contains("RequestId: ")
                && (text.startsWith("START ") || text.startsWith("REPORT ") || text.startsWith("END ")
                || text.contains("Task timed out after"))) {
            hint(Hint.LAMBDA, Platform.AWS_LAMBDA);
        }
        if (!hinted.contains(Hint.CLOUD_RUN)
                && (text.contains("cloud_run_revision") || text.contains("run.googleapis.com"))) {
            hint(Hint.CLOUD_RUN, Platform.GCP_CLOUD_RUN);
        }
        if (!hinted.contains(Hint.ECS) && (text.contains("Essential container in task exited")
                || text.contains("CannotPullContainerError") || text.contains("ResourceInitializationError")
                || text.contains("Container killed due to memory usage") || text.contains("ecs-agent"))) {
            hint(Hint.ECS, Platform.AWS_ECS);
        }
        if (!hinted.contains(Hint.KUBERNETES) && (text.contains("Back-off restarting failed container")
                || text.contains("kubelet") || text.contains("Back-off pulling image"))) {
            hint(Hint.KUBERNETES, Platform.KUBERNETES);
        }
    }

    private void hint(Hint hint, Platform platform) {
        hinted.add(hint);
        session.platform(platform);
    }

    /** Lines read so far. */
    public long seen() {
        return collector.seen();
    }

    /** Adds the kept lines to the session. */
    public void finish() {
        collector.flush();
    }
}
