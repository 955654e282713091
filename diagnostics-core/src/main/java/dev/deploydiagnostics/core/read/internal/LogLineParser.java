package dev.deploydiagnostics.core.read.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deploydiagnostics.api.Severity;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the time and level of one log line: RFC 3339 and similar prefixes, klog headers, syslog stamps,
 * level words in their usual spellings, structured JSON records, and the first lines of crashes (Python
 * tracebacks, Java uncaught exceptions, Go panics).
 */
public final class LogLineParser {
    private static final int SCAN = 160;
    private static final Pattern KLOG = Pattern.compile("^([IWEF])(\\d{2})(\\d{2}) (\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?\\s");
    private static final Pattern SYSLOG = Pattern.compile("^(?:<\\d{1,3}>)?(" + Timestamps.MONTHS
            + ") {1,2}(\\d{1,2}) (\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?\\b");
    private static final Pattern CLF = Pattern.compile("\\[(\\d{2})/(" + Timestamps.MONTHS
            + ")/(\\d{4}):(\\d{2}):(\\d{2}):(\\d{2}) ([+-]\\d{4})]");
    private static final Pattern LOGFMT_LEVEL = Pattern.compile(
            "(?:^|[\\s,{])\"?(?:level|lvl|severity|loglevel|log_level|levelname)\"?\\s*[=:]\\s*\"?([A-Za-z]+)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern START_LEVEL = Pattern.compile(
            "^(error|warning|warn|fatal|panic|critical)(?::|\\s*\\|)", Pattern.CASE_INSENSITIVE);
    private static final Pattern CRASH_CRITICAL = Pattern.compile(
            "^(?:panic: |fatal error: |Exception in thread \"|Uncaught exception|FATAL EXCEPTION)");
    private static final Pattern EXCEPTION_LINE = Pattern.compile(
            "^(?:[\\w$]+\\.)*[\\w$]*(?:Exception|Error)(?::\\s|$)");
    private static final Pattern CONTINUATION = Pattern.compile(
            "^(?:\\s+\\S|Caused by: |\\[signal |\\.\\.\\. \\d+ more|goroutine \\d+ \\[|[\\w./$*()-]+\\(.*\\)$|\\s*\\^+$)");
    private static final Pattern KLOG_INSIDE = Pattern.compile(
            "(?:^|\\s)([IWEF])\\d{4} \\d{2}:\\d{2}:\\d{2}\\.\\d{6}\\s+\\d+ ");
    private static final Pattern STRONG_FAILURE = Pattern.compile(
            "Task timed out after \\d|Runtime exited with error|Runtime\\.\\w+Error|Traceback \\(most recent call last\\)");

    private LogLineParser() {
    }

    /** The parts of one line. */
    public record Parsed(Optional<Instant> timestamp, Severity severity, String message,
                         Map<String, String> attributes, boolean continuation) {
    }

    /**
     * Tracks the year of year-less stamps (syslog, klog) from the last full timestamp seen, and the
     * severity of the previous line so stack-trace lines inherit it.
     */
    public static final class Context {
        private final ZoneId zone;
        private final Clock clock;
        private Integer year;
        private Severity previous = Severity.UNKNOWN;

        /** A context for one stream. */
        public Context(ZoneId zone, Clock clock) {
            this.zone = zone;
            this.clock = clock;
        }

        Optional<Instant> yearless(int month, int day, int h, int m, int s, int nanos) {
            int y = year != null ? year : LocalDateTime.now(clock.withZone(zone)).getYear();
            Optional<Instant> t = Timestamps.of(y, month, day, h, m, s, nanos, null, zone);
            if (year == null && t.isPresent() && t.get().isAfter(clock.instant().plus(Duration.ofDays(2)))) {
                t = Timestamps.of(y - 1, month, day, h, m, s, nanos, null, zone);
            }
            return t;
        }

        void sawYear(Instant t) {
            year = t.atZone(zone).getYear();
        }

        /** The year last seen in a full timestamp, or null. */
        Integer year() {
            return year;
        }

        /** Sets the year as if a full timestamp of it had been seen (null: none seen). */
        void year(Integer seen) {
            year = seen;
        }

        /** True when the line before was a warning or worse, so this one may continue it. */
        boolean previousAtLeastWarning() {
            return previous.atLeastWarning();
        }

        /** Records that the line before was below warning, without parsing it. */
        void previousBelowWarning() {
            previous = Severity.UNKNOWN;
        }
    }

    /** Parses one line of plain or JSON log text. */
    public static Parsed parse(String line, Context ctx) {
        if (looksLikeJsonObject(line) && line.length() < 1_000_000) {
            Optional<Parsed> structured = structured(line.strip(), ctx);
            if (structured.isPresent()) {
                ctx.previous = structured.get().severity();
                return structured.get();
            }
        }
        Parsed p = text(line, ctx);
        ctx.previous = p.severity();
        return p;
    }

    private static boolean looksLikeJsonObject(String line) {
        int a = 0;
        int b = line.length() - 1;
        while (a <= b && Character.isWhitespace(line.charAt(a))) {
            a++;
        }
        while (b >= a && Character.isWhitespace(line.charAt(b))) {
            b--;
        }
        return a < b && line.charAt(a) == '{' && line.charAt(b) == '}';
    }

    private static Parsed text(String line, Context ctx) {
        String head = line.length() > SCAN ? line.substring(0, SCAN) : line;
        Optional<Instant> ts = Optional.empty();
        Severity sev = Severity.UNKNOWN;
        int rest = 0;
        boolean syslog = false;
        // each expression runs only where a cheap look at the characters says it can match: most lines have no
        // klog header, no date at the start and no syslog or common-log stamp
        Matcher m = mayBeKlog(head) ? KLOG.matcher(head) : null;
        if (m != null && m.find()) {
            sev = Severity.parse(m.group(1));
            ts = ctx.yearless(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                    Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), Integer.parseInt(m.group(6)),
                    nanos(m.group(7)));
            rest = m.end();
        } else if (Timestamps.mayHaveIsoBefore(head, 48)
                && (m = Timestamps.ISO.matcher(head).region(0, Math.min(head.length(), 96))).find() && m.start() < 48) {
            ts = Timestamps.fromIso(m, head, ctx.zone);
            ts.ifPresent(ctx::sawYear);
            rest = m.end();
        } else if (head.length() > 15 && ((head.charAt(3) == ' ' && Timestamps.monthAt(head, 0)) || head.charAt(0) == '<')
                && (m = SYSLOG.matcher(head)).find()) {
            syslog = true;
            ts = ctx.yearless(Timestamps.month(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                    nanos(m.group(6)));
            rest = m.end();
        } else if (mayBeCommonLog(head) && (m = CLF.matcher(head)).find()) {
            ts = Timestamps.of(Integer.parseInt(m.group(3)), Timestamps.month(m.group(2)),
                    Integer.parseInt(m.group(1)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                    Integer.parseInt(m.group(6)), 0, m.group(7), ctx.zone);
            ts.ifPresent(ctx::sawYear);
        }
        if (sev == Severity.UNKNOWN && syslog) {
            Matcher k = KLOG_INSIDE.matcher(head);
            if (k.find()) {
                sev = Severity.parse(k.group(1));
            }
        }
        if (sev == Severity.UNKNOWN) {
            sev = severityOf(line, head, rest);
        }
        boolean continuation = false;
        if (sev == Severity.UNKNOWN && ctx.previous.atLeastWarning() && CONTINUATION.matcher(line).find()) {
            sev = ctx.previous;
            continuation = true;
        }
        return new Parsed(ts, sev, line, Map.of(), continuation);
    }

    /** {@code [IWEF]dddd } at the start: what {@link #KLOG} needs before it can match. */
    private static boolean mayBeKlog(String head) {
        if (head.length() < 6 || "IWEF".indexOf(head.charAt(0)) < 0 || head.charAt(5) != ' ') {
            return false;
        }
        for (int i = 1; i <= 4; i++) {
            char c = head.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** {@code [dd/Mon/yyyy:} somewhere: what {@link #CLF} needs before it can match. */
    private static boolean mayBeCommonLog(String head) {
        for (int i = head.indexOf('['); i >= 0 && i + 12 < head.length(); i = head.indexOf('[', i + 1)) {
            if (head.charAt(i + 3) == '/' && head.charAt(i + 7) == '/' && head.charAt(i + 12) == ':') {
                return true;
            }
        }
        return false;
    }

    /**
     * True when the text names a level key ({@code level}, {@code lvl}, {@code severity}) in any ASCII case.
     * Each has a {@code v}, which most lines have few of: look around those only.
     */
    static boolean mentionsLevelKey(String text) {
        for (int v = nextV(text, 0); v >= 0; v = nextV(text, v + 1)) {
            if ((v >= 2 && (text.regionMatches(true, v - 2, "level", 0, 5) || text.regionMatches(true, v - 2, "severity", 0, 8)))
                    || (v >= 1 && text.regionMatches(true, v - 1, "lvl", 0, 3))) {
                return true;
            }
        }
        return false;
    }

    private static int nextV(String text, int from) {
        int lower = text.indexOf('v', from);
        int upper = text.indexOf('V', from);
        return lower < 0 ? upper : upper < 0 ? lower : Math.min(lower, upper);
    }

    /** The severity a line of text states, or {@link Severity#UNKNOWN}. */
    static Severity severityOf(String line, String head, int afterTimestamp) {
        String body = afterTimestamp > 0 && afterTimestamp <= head.length()
                ? stripPrefix(head.substring(afterTimestamp)) : head.strip();
        if (!body.isEmpty() && "pfEUF".indexOf(body.charAt(0)) >= 0 && CRASH_CRITICAL.matcher(body).find()) {
            return Severity.CRITICAL;
        }
        Matcher m;
        if (mentionsLevelKey(head)) {
            m = LOGFMT_LEVEL.matcher(head);
            if (m.find()) {
                Severity s = Severity.parse(m.group(1));
                if (s != Severity.UNKNOWN) {
                    return s;
                }
            }
        }
        String bracketed = bracketedLevel(head);
        if (bracketed != null) {
            return Severity.parse(bracketed);
        }
        String word = firstLevelWord(head);
        if (word != null) {
            return Severity.parse(word);
        }
        if (!body.isEmpty() && "ewfpcEWFPC".indexOf(body.charAt(0)) >= 0) {
            m = START_LEVEL.matcher(body);
            if (m.find()) {
                return Severity.parse(m.group(1));
            }
        }
        if ((body.contains("Exception") || body.contains("Error")) && EXCEPTION_LINE.matcher(body).find() || (mayBeStrongFailure(head) && STRONG_FAILURE.matcher(head).find())) {
            return Severity.ERROR;
        }
        return Severity.UNKNOWN;
    }

    private static final java.util.Set<String> LEVEL_WORDS = java.util.Set.of("TRACE", "DEBUG", "INFO", "NOTICE", "WARN",
            "WARNING", "ERROR", "ERR", "FATAL", "CRITICAL", "CRIT", "SEVERE", "PANIC");

    /**
     * The first upper-case level word standing alone in the text (what {@code \b(INFO|WARN|...)\b} finds), by
     * a single scan over the characters: this runs on every line of every log, where a regex alternation is
     * the most expensive step of reading.
     */
    static String firstLevelWord(String text) {
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (c >= 'A' && c <= 'Z' && (i == 0 || !isWordChar(text.charAt(i - 1)))) {
                int j = i + 1;
                while (j < n && text.charAt(j) >= 'A' && text.charAt(j) <= 'Z') {
                    j++;
                }
                if (j - i >= 3 && j - i <= 8 && (j == n || !isWordChar(text.charAt(j)))) {
                    String w = text.substring(i, j);
                    if (LEVEL_WORDS.contains(w)) {
                        return w;
                    }
                }
                i = j;
            } else {
                i++;
            }
        }
        return null;
    }

    private static final java.util.Set<String> BRACKET_WORDS = java.util.Set.of("trace", "debug", "info", "notice", "warn",
            "warning", "error", "err", "fatal", "critical", "crit", "severe", "panic", "emerg", "alert");

    /**
     * The first level written in brackets, {@code [WARN]}, {@code <error>} or {@code (info)}, in any case (what
     * {@code [\[<(](trace|...)[\]>)]} finds), by a scan that only looks closer at bracket characters.
     */
    static String bracketedLevel(String text) {
        int n = text.length();
        // only bracket characters can start one: jump between them rather than look at every character
        int square = text.indexOf('[');
        int angle = text.indexOf('<');
        int round = text.indexOf('(');
        while (square >= 0 || angle >= 0 || round >= 0) {
            int i = min(square, angle, round);
            int j = i + 1;
            while (j < n && j - i <= 9 && isAsciiLetter(text.charAt(j))) {
                j++;
            }
            if (j > i + 1 && j < n && j - i - 1 <= 8) {
                char close = text.charAt(j);
                if (close == ']' || close == '>' || close == ')') {
                    String w = bracketWord(text, i + 1, j - i - 1);
                    if (w != null) {
                        return w;
                    }
                }
            }
            if (i == square) {
                square = text.indexOf('[', i + 1);
            } else if (i == angle) {
                angle = text.indexOf('<', i + 1);
            } else {
                round = text.indexOf('(', i + 1);
            }
        }
        return null;
    }

    private static int min(int a, int b, int c) {
        int m = Integer.MAX_VALUE;
        if (a >= 0) {
            m = a;
        }
        if (b >= 0 && b < m) {
            m = b;
        }
        if (c >= 0 && c < m) {
            m = c;
        }
        return m;
    }

    /** The level word of {@link #BRACKET_WORDS} written at {@code [from, from + length)} in any case, lower-cased. */
    private static String bracketWord(String text, int from, int length) {
        for (String w : BRACKET_WORD_LIST) {
            if (w.length() == length && text.regionMatches(true, from, w, 0, length)) {
                return w;
            }
        }
        return null;
    }

    private static final String[] BRACKET_WORD_LIST = BRACKET_WORDS.toArray(new String[0]);

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static boolean mayBeStrongFailure(String head) {
        return head.contains("Task timed out") || head.contains("Runtime") || head.contains("Traceback");
    }

    private static String stripPrefix(String s) {
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || c == ']' || c == '|' || c == '-' || c == ':' || c == '"') {
                i++;
            } else {
                break;
            }
        }
        return s.substring(i);
    }

    private static int nanos(String fraction) {
        return fraction == null ? 0 : Integer.parseInt((fraction + "000000000").substring(0, 9));
    }

    private static final String[] LEVEL_KEYS = {"level", "log.level", "lvl", "severity", "levelname", "loglevel", "log_level",
        "@l", "Level", "LEVEL", "Severity", "@level"};
    private static final String[] MESSAGE_KEYS = {"msg", "message", "@m", "@mt", "Message", "MESSAGE", "event",
        "textPayload", "text"};
    private static final String[] TIME_KEYS = {"time", "timestamp", "ts", "@timestamp", "@t", "datetime", "date",
        "Timestamp", "t", "logtime"};
    private static final String[] ERROR_KEYS = {"error", "err", "exception", "exc_info", "stack_trace",
        "stacktrace", "stack", "error.message", "cause", "reason"};

    private static Optional<Parsed> structured(String trimmed, Context ctx) {
        JsonNode node;
        try {
            node = record(trimmed);
        } catch (Exception e) {
            return Optional.empty();
        }
        if (node == null || !node.isObject()) {
            return Optional.empty();
        }
        // docker json-file: {"log":"...","stream":"stderr","time":"..."}
        JsonNode docker = node.get("log");
        if (docker != null && docker.isTextual() && node.has("stream")) {
            String inner = stripNewline(docker.asText());
            Parsed p = text(inner, ctx);
            Optional<Instant> ts = p.timestamp().isPresent() ? p.timestamp() : time(node.get("time"), ctx);
            Severity sev = p.severity() == Severity.UNKNOWN && "stderr".equals(node.path("stream").asText())
                    ? Severity.UNKNOWN : p.severity();
            return Optional.of(new Parsed(ts, sev, inner, Map.of("stream", node.path("stream").asText()), false));
        }
        String message = null;
        for (String k : MESSAGE_KEYS) {
            JsonNode v = node.get(k);
            if (v != null && v.isValueNode()) {
                message = v.asText();
                break;
            }
        }
        Severity sev = Severity.UNKNOWN;
        JsonNode levelNode = null;
        for (String k : LEVEL_KEYS) {
            if (node.has(k)) {
                levelNode = node.get(k);
                break;
            }
        }
        if (levelNode == null && node.path("log").isObject()) {
            levelNode = node.path("log").get("level");
        }
        if (levelNode != null) {
            sev = levelNode.isNumber() ? numericLevel(levelNode.asInt()) : Severity.parse(levelNode.asText());
        }
        Optional<Instant> ts = Optional.empty();
        for (String k : TIME_KEYS) {
            if (node.has(k)) {
                ts = time(node.get(k), ctx);
                if (ts.isPresent()) {
                    break;
                }
            }
        }
        if (message == null && sev == Severity.UNKNOWN && ts.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder msg = new StringBuilder(message == null ? trimmed : message);
        if (message != null) {
            for (String k : ERROR_KEYS) {
                JsonNode v = node.get(k);
                if (v != null && !v.isNull() && !(v.isTextual() && v.asText().isEmpty())) {
                    msg.append(' ').append(k).append('=').append(v.isValueNode() ? v.asText() : v.toString());
                }
            }
        }
        if (sev == Severity.UNKNOWN) {
            sev = severityOf(msg.toString(), msg.length() > SCAN ? msg.substring(0, SCAN) : msg.toString(), 0);
        }
        Map<String, String> attrs = new LinkedHashMap<>();
        for (String k : new String[]{"logger", "logger_name", "caller", "component"}) {
            JsonNode v = node.get(k);
            if (v != null && v.isValueNode()) {
                attrs.put(k, v.asText());
            }
        }
        ts.ifPresent(ctx::sawYear);
        return Optional.of(new Parsed(ts, sev, msg.toString(), attrs, false));
    }

    /** Every key {@link #structured} looks at; the values of others are skipped unread. */
    private static final java.util.Set<String> READ_KEYS = readKeys();

    private static java.util.Set<String> readKeys() {
        java.util.Set<String> keys = new java.util.HashSet<>(java.util.List.of("log", "stream", "logger", "logger_name",
                "caller", "component"));
        keys.addAll(java.util.List.of(LEVEL_KEYS));
        keys.addAll(java.util.List.of(MESSAGE_KEYS));
        keys.addAll(java.util.List.of(TIME_KEYS));
        keys.addAll(java.util.List.of(ERROR_KEYS));
        return java.util.Set.copyOf(keys);
    }

    /**
     * One JSON record as {@code readTree} reads it, but only the fields {@link #structured} looks at: the values
     * of the others are skipped, so a log record costs a pass of the tokenizer and a few nodes rather than a
     * whole tree. Null when the text does not open with an object; malformed JSON throws as {@code readTree}
     * does, and what follows the object is not read, as {@code readTree} does not read it.
     */
    static JsonNode record(String json) throws java.io.IOException {
        try (com.fasterxml.jackson.core.JsonParser p = JsonSupport.JSON.createParser(json)) {
            if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                return JsonSupport.JSON.readTree(json);
            }
            com.fasterxml.jackson.databind.node.ObjectNode out = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            com.fasterxml.jackson.core.JsonToken t;
            while ((t = p.nextToken()) == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String name = p.currentName();
                com.fasterxml.jackson.core.JsonToken v = p.nextToken();
                if (!READ_KEYS.contains(name)) {
                    p.skipChildren();
                    continue;
                }
                out.set(name, switch (v) {
                    case VALUE_STRING -> com.fasterxml.jackson.databind.node.TextNode.valueOf(p.getText());
                    case VALUE_TRUE -> com.fasterxml.jackson.databind.node.BooleanNode.TRUE;
                    case VALUE_FALSE -> com.fasterxml.jackson.databind.node.BooleanNode.FALSE;
                    case VALUE_NULL -> com.fasterxml.jackson.databind.node.NullNode.getInstance();
                    case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
                        case INT -> com.fasterxml.jackson.databind.node.IntNode.valueOf(p.getIntValue());
                        case LONG -> com.fasterxml.jackson.databind.node.LongNode.valueOf(p.getLongValue());
                        default -> com.fasterxml.jackson.databind.node.BigIntegerNode.valueOf(p.getBigIntegerValue());
                    };
                    case VALUE_NUMBER_FLOAT -> com.fasterxml.jackson.databind.node.DoubleNode.valueOf(p.getDoubleValue());
                    default -> JsonSupport.JSON.readTree(p);
                });
            }
            if (t != com.fasterxml.jackson.core.JsonToken.END_OBJECT) {
                throw new java.io.IOException("not one JSON object");
            }
            return out;
        }
    }

    private static Optional<Instant> time(JsonNode v, Context ctx) {
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (v.isNumber()) {
            return Timestamps.epoch(v.asDouble());
        }
        if (v.isObject() && v.has("$date")) {
            return time(v.get("$date"), ctx);
        }
        return Timestamps.parse(v.asText(), ctx.zone);
    }

    /** Pino and Bunyan write levels as numbers. */
    private static Severity numericLevel(int level) {
        if (level >= 60) {
            return Severity.CRITICAL;
        } else if (level >= 50) {
            return Severity.ERROR;
        } else if (level >= 40) {
            return Severity.WARNING;
        } else if (level >= 30) {
            return Severity.INFO;
        } else if (level >= 10) {
            return Severity.DEBUG;
        }
        return Severity.UNKNOWN;
    }

    static String stripNewline(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
            end--;
        }
        return s.substring(0, end);
    }

    /** Lower-cased text for cheap keyword checks. */
    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
