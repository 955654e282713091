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
    private Folded folded;

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
        if (folded != null) {
            if (folded.takes(raw)) {
                if (folded.closed || folded.full(session.options().maxLineLength())) {
                    flushFolded();
                }
                return;
            }
            flushFolded();
        }
        Folded opened = Folded.open(raw, lineNumber, timestamp, transportSeverity);
        if (opened != null) {
            folded = opened;
            return;
        }
        read(raw, lineNumber, timestamp, transportSeverity);
    }

    /**
     * Emits the scalar being unfolded as one line: {@code kubectl get -o yaml} folds a long quoted message over
     * several indented lines, and a message read in pieces would match no pattern.
     */
    private void flushFolded() {
        Folded f = folded;
        folded = null;
        read(f.text.toString(), f.lineNumber, f.timestamp, f.severity);
    }

    private void read(String raw, long lineNumber, Instant timestamp, Severity transportSeverity) {
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
            if (folded != null || Folded.mayOpen(text)) {
                single(text, lines.lineNumber(k), null, Severity.UNKNOWN);
                continue;
            }
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

    /**
     * A YAML quoted scalar that a line opens and does not close ({@code message: 'unable to clone ''...'',}),
     * collected with the more indented lines that continue it until its quote closes. Only quoted scalars are
     * unfolded: an indented line after a plain {@code key: value} is as often a stack frame as a folded value.
     */
    private static final class Folded {
        private static final int MAX_LINES = 40;

        final StringBuilder text;
        final long lineNumber;
        final Instant timestamp;
        final Severity severity;
        final int indent;
        final char quote;
        int lines = 1;
        boolean closed;

        private Folded(String first, long lineNumber, Instant timestamp, Severity severity, int indent, char quote) {
            this.text = new StringBuilder(first.stripTrailing());
            this.lineNumber = lineNumber;
            this.timestamp = timestamp;
            this.severity = severity;
            this.indent = indent;
            this.quote = quote;
        }

        /**
         * A cheap test that the line may open a folded scalar, run on every plain line before {@link #open}: a YAML
         * key holds no colon, so the quote must follow the line's first colon, and the scan stops there.
         */
        static boolean mayOpen(String line) {
            int colon = line.indexOf(':');
            if (colon <= 0 || colon + 2 >= line.length() || line.charAt(colon + 1) != ' ') {
                return false;
            }
            char q = line.charAt(colon + 2);
            return q == '\'' || q == '"';
        }

        /** The scalar this line opens and leaves open, or null. */
        static Folded open(String line, long lineNumber, Instant timestamp, Severity severity) {
            if (!mayOpen(line)) {
                return null;
            }
            int n = line.length();
            int i = 0;
            while (i < n && line.charAt(i) == ' ') {
                i++;
            }
            int indent = i;
            if (i + 1 < n && line.charAt(i) == '-' && line.charAt(i + 1) == ' ') {
                i += 2;
            }
            int keyStart = i;
            if (i >= n || !(Character.isLetter(line.charAt(i)) || line.charAt(i) == '_')) {
                return null;
            }
            while (i < n && (Character.isLetterOrDigit(line.charAt(i)) || "_.-/".indexOf(line.charAt(i)) >= 0)) {
                i++;
            }
            if (i == keyStart || i + 2 >= n || line.charAt(i) != ':' || line.charAt(i + 1) != ' ') {
                return null;
            }
            char q = line.charAt(i + 2);
            if ((q != '\'' && q != '"') || closes(line, i + 3, q) || line.length() - i < 8) {
                return null;
            }
            return new Folded(line, lineNumber, timestamp, severity, indent, q);
        }

        /** True when the quote opened before {@code from} closes on this line (YAML: {@code ''} and {@code \"} escape). */
        private static boolean closes(CharSequence s, int from, char q) {
            for (int k = from, n = s.length(); k < n; k++) {
                char c = s.charAt(k);
                if (q == '"' && c == '\\') {
                    k++;
                } else if (c == q) {
                    if (q == '\'' && k + 1 < n && s.charAt(k + 1) == '\'') {
                        k++;
                    } else {
                        return true;
                    }
                }
            }
            return false;
        }

        /** Takes the line when it is indented deeper than the key, as a folded continuation is. */
        boolean takes(String line) {
            int i = 0;
            int n = line.length();
            while (i < n && line.charAt(i) == ' ') {
                i++;
            }
            if (i <= indent || i == n) {
                return false;
            }
            String part = line.substring(i).stripTrailing();
            int len = text.length();
            if (quote == '"' && len > 0 && text.charAt(len - 1) == '\\') {
                // an escaped line break joins without a space; the next line's "\ " is an escaped space
                text.setLength(len - 1);
                if (part.startsWith("\\ ")) {
                    part = part.substring(1);
                }
            } else {
                text.append(' ');
            }
            int from = text.length();
            text.append(part);
            lines++;
            closed = closes(text, from, quote);
            return true;
        }

        boolean full(int maxLength) {
            return lines >= MAX_LINES || text.length() >= maxLength;
        }
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
        if (folded != null) {
            flushFolded();
        }
        collector.flush();
    }
}
