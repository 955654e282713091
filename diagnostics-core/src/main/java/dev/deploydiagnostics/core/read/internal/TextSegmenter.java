package dev.deploydiagnostics.core.read.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import dev.deploydiagnostics.api.CollectionGap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits text, line by line as it streams past, into segments and reads each with the right reader, in
 * order of appearance: JSON documents (by balanced braces), YAML documents, {@code kubectl describe} blocks,
 * {@code kubectl get events|pods} tables, and log text for the rest. Headings such as
 * {@code $ kubectl logs api-7d9 --previous}, {@code --- events ---}, {@code ## Logs} or {@code ==> app.log <==}
 * name the segments after them; markdown code fences only separate segments.
 *
 * <p>Only documents and blocks are held in memory (documents up to {@link JsonSupport#MAX_DOCUMENT_CHARS});
 * log text streams through a bounded collector.
 */
public final class TextSegmenter {
    private static final Pattern COMMAND = Pattern.compile(
            "^(?:\\S{0,64}[$#%>]\\s?)?((?:kubectl|oc|aws|gcloud|az|docker|podman|helm|eksctl|stern|journalctl)\\s+\\S.*)$");
    private static final Pattern MARKDOWN = Pattern.compile("^#{1,6}\\s+(\\S.*)$");
    private static final Pattern RULED = Pattern.compile("^(?:-{2,}|={2,}|\\*{3,})\\s*([^-=*\\s].*?)\\s*(?:-{2,}|={2,}|\\*{3,})\\s*$");
    private static final Pattern TAIL = Pattern.compile("^==> (.+) <==$");
    private static final Pattern FENCE = Pattern.compile("^\\s*(?:```|~~~).*$");
    private static final Pattern YAML_START = Pattern.compile("^(?:apiVersion|kind):\\s*\\S.*$");
    private static final Set<String> YAML_KEYS = Set.of("apiVersion", "kind", "metadata", "spec", "status", "items",
            "count", "eventTime", "firstTimestamp", "lastTimestamp", "involvedObject", "message", "reason",
            "reportingComponent", "reportingInstance", "source", "type", "action", "related", "regarding", "note",
            "series", "reportingController", "deprecatedCount", "deprecatedFirstTimestamp",
            "deprecatedLastTimestamp", "deprecatedSource", "data", "stringData", "binaryData", "immutable");
    private static final Pattern YAML_KEY = Pattern.compile("^([A-Za-z][\\w.-]*):(?:\\s.*)?$");

    private enum Mode { LOG, JSON, OVERSIZED_JSON, YAML, DESCRIBE, TABLE }

    private final ReadSession session;
    private final String inputName;
    private final long maxDocumentChars;
    private String heading;
    private String headingBeforeFence;
    private boolean inFence;
    private Mode mode = Mode.LOG;
    private final List<String> buffer = new ArrayList<>();
    private long bufferChars;
    private long bufferStart;
    private JsonDepth depth;
    private KubectlTableReader.Kind tableKind;
    private ColumnTable table;
    private boolean inEvents;
    private final java.util.Set<String> yamlKeys = new java.util.HashSet<>();
    private LogTextReader log;

    /** A segmenter for the input of this name. */
    public TextSegmenter(ReadSession session, String inputName) {
        this(session, inputName, JsonSupport.MAX_DOCUMENT_CHARS);
    }

    /** A segmenter that reads documents larger than {@code maxDocumentChars} as text lines. */
    public TextSegmenter(ReadSession session, String inputName, long maxDocumentChars) {
        this.session = session;
        this.inputName = inputName;
        this.maxDocumentChars = maxDocumentChars;
    }

    /** The source name of the segment being read: the input name, and the heading if one was seen. */
    public String source() {
        return heading == null ? inputName : inputName + ":" + heading;
    }

    /** Takes the next line. */
    public void accept(String line, long lineNumber) {
        switch (mode) {
            case JSON -> json(line, lineNumber);
            case OVERSIZED_JSON -> {
                // the rest of a document too large to parse stays text until its braces close
                depth.feed(line);
                if (depth.closed() || depth.broken()) {
                    mode = Mode.LOG;
                }
                if (log == null) {
                    log = new LogTextReader(session, source(), logAttributes(heading));
                }
                log.line(line, lineNumber);
            }
            case YAML -> {
                if (continuesYaml(line)) {
                    buffer(line);
                } else {
                    endYaml();
                    examine(line, lineNumber);
                }
            }
            case DESCRIBE -> {
                if (continuesDescribe(line)) {
                    buffer(line);
                } else {
                    endDescribe();
                    examine(line, lineNumber);
                }
            }
            case TABLE -> table(line, lineNumber);
            default -> examine(line, lineNumber);
        }
    }

    /** Reads whatever is still open. */
    public void finish() {
        switch (mode) {
            case OVERSIZED_JSON -> {
            }
            case JSON -> {
                session.gap(source(), "the JSON document starting at line " + bufferStart
                        + " is incomplete (the input may be cut short); read as text", CollectionGap.Kind.UNREADABLE);
                bufferAsLog();
            }
            case YAML -> endYaml();
            case DESCRIBE -> endDescribe();
            case TABLE -> endTable();
            default -> {
            }
        }
        endLog();
    }

    private void examine(String line, long lineNumber) {
        if (plainText(line)) {
            toLog(line, lineNumber);
            return;
        }
        String name = headingName(line);
        if (name != null) {
            endLog();
            heading = name;
            return;
        }
        if (mayBeFence(line) && FENCE.matcher(line).matches()) {
            endLog();
            // a heading inside a code block names only that block
            if (inFence) {
                heading = headingBeforeFence;
            } else {
                headingBeforeFence = heading;
            }
            inFence = !inFence;
            return;
        }
        String trimmed = line.strip();
        if (line.equals("---") || line.equals("...")) {
            // a YAML document separator between segments
            endLog();
            return;
        }
        if (trimmed.equals("{") || trimmed.equals("[")) {
            endLog();
            start(Mode.JSON, line, lineNumber);
            depth = new JsonDepth();
            depth.feed(line);
            return;
        }
        if ((trimmed.startsWith("{\"") || trimmed.startsWith("[{") || trimmed.startsWith("[\""))
                && JsonDocumentReader.mayBeDocument(trimmed) && trimmed.length() <= maxDocumentChars) {
            JsonDepth d = new JsonDepth();
            d.feed(trimmed);
            if (d.closedAtEnd()) {
                JsonNode doc = parseJson(trimmed);
                if (doc != null && JsonDocumentReader.recognises(doc)) {
                    endLog();
                    if (new JsonDocumentReader(session).read(doc, source())) {
                        return;
                    }
                }
            }
        }
        if ((line.startsWith("apiVersion:") || line.startsWith("kind:")) && YAML_START.matcher(line).matches()) {
            endLog();
            start(Mode.YAML, line, lineNumber);
            yamlKeys.clear();
            yamlKeys.add(line.substring(0, line.indexOf(':')));
            return;
        }
        if (KubectlDescribeReader.startsBlock(line)) {
            endLog();
            start(Mode.DESCRIBE, line, lineNumber);
            inEvents = false;
            return;
        }
        KubectlTableReader.Kind kind = KubectlTableReader.headerKind(line);
        if (kind != null) {
            endLog();
            start(Mode.TABLE, line, lineNumber);
            tableKind = kind;
            table = ColumnTable.header(line);
            return;
        }
        toLog(line, lineNumber);
    }

    private void toLog(String line, long lineNumber) {
        if (log == null) {
            log = new LogTextReader(session, source(), logAttributes(heading));
        }
        log.line(line, lineNumber);
    }

    /**
     * True for a line that can start no segment and is no heading, judged from its first characters: every
     * segment opens with a character this rules out ({@code # - = * ` ~ { [ .}, or {@code a k N L T} at
     * the start of the line) or with a command. It runs on every line of a log, so it looks no further than
     * the first word.
     */
    static boolean plainText(String line) {
        int n = line.length();
        int i = 0;
        while (i < n && Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        if (i == n) {
            return true;
        }
        char c = line.charAt(i);
        if ("#-=*`~{[.".indexOf(c) >= 0 || (i == 0 && "akNLT".indexOf(c) >= 0)
                || (c == 'T' && line.startsWith("Type", i))) {
            return false;
        }
        return n > 400 || !mayBeHeading(line, i, n, firstPrompt(line, i, n));
    }

    /**
     * {@link #plainText(String)} for one line of ASCII text, {@code [start, end)} of {@code t}, as
     * {@link Utf8LineScanner} sees it in its buffer: a line holding no text that may make a {@code {...}} line a
     * document, whose first prompt character ({@code $ # % >}) is at {@code prompt} (-1: none). A blank line is
     * not plain here: it takes the ordinary path.
     */
    static boolean plainText(CharSequence t, int start, int end, int prompt) {
        int i = start;
        while (i < end && Character.isWhitespace(t.charAt(i))) {
            i++;
        }
        if (i == end) {
            return false;
        }
        char c = t.charAt(i);
        if (c == '{') {
            // a JSON record on one line is log text unless it is a lone brace, and never a heading
            int k = i + 1;
            while (k < end && Character.isWhitespace(t.charAt(k))) {
                k++;
            }
            return k < end;
        }
        if ("#-=*`~[.".indexOf(c) >= 0 || (i == start && "akNLT".indexOf(c) >= 0)
                || (c == 'T' && regionMatches(t, i, end, "Type"))) {
            return false;
        }
        return end - start > 400 || !mayBeHeading(t, i, end, prompt);
    }

    /**
     * The first prompt character ({@code $ # % >}) of the first word from {@code from}, within the 66 characters
     * a prompt may take; -1 when there is none.
     */
    private static int firstPrompt(CharSequence t, int from, int end) {
        int limit = Math.min(end, from + 66);
        for (int i = from; i < limit; i++) {
            char p = t.charAt(i);
            if (p == '$' || p == '#' || p == '%' || p == '>') {
                return i;
            }
            if (Character.isWhitespace(p)) {
                return -1;
            }
        }
        return -1;
    }

    /**
     * A cheap test before the heading expressions: a heading starts with a markdown hash, a rule or a tail
     * marker, or is a command line (a command word at the start, or right after a prompt character that has
     * no space before it, here at {@code prompt}). It runs on every line, so it looks at a few characters only.
     */
    private static boolean mayBeHeading(CharSequence t, int from, int end, int prompt) {
        char c = t.charAt(from);
        if (c == '#' || c == '-' || c == '=' || c == '*' || startsWithCommand(t, from, end)) {
            return true;
        }
        if (prompt < 0 || prompt >= from + 66) {
            return false;
        }
        for (int k = from; k < prompt; k++) {
            if (Character.isWhitespace(t.charAt(k))) {
                return false; // a prompt has no spaces before its prompt character
            }
        }
        int start = prompt + 1 < end && t.charAt(prompt + 1) == ' ' ? prompt + 2 : prompt + 1;
        return startsWithCommand(t, start, end);
    }

    private static boolean startsWithCommand(CharSequence t, int from, int end) {
        if (from >= end || t.charAt(from) >= 128 || !COMMAND_START[t.charAt(from)]) {
            return false;
        }
        for (String w : COMMAND_WORDS) {
            int stop = from + w.length();
            if (stop < end && Character.isWhitespace(t.charAt(stop)) && regionMatches(t, from, stop, w)) {
                return true;
            }
        }
        return false;
    }

    private static boolean regionMatches(CharSequence t, int from, int end, String w) {
        if (from + w.length() > end) {
            return false;
        }
        for (int k = 0; k < w.length(); k++) {
            if (t.charAt(from + k) != w.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Takes a run of lines the byte path found plain ({@link #plainText(CharSequence, int, int, int)}): ASCII,
     * without a carriage return, no longer than the line limit, and holding nothing that may make them matter.
     * In log text they stay log text, so the whole rest of the run goes to the log reader at once; outside it,
     * each takes the ordinary path until log text resumes.
     */
    public void acceptPlain(PlainLines lines) {
        for (int k = 0; k < lines.size(); k++) {
            if (mode == Mode.LOG) {
                if (log == null) {
                    log = new LogTextReader(session, source(), logAttributes(heading));
                }
                log.plainLines(lines, k);
                return;
            }
            accept(lines.text(k), lines.lineNumber(k));
        }
    }

    private static boolean mayBeFence(String line) {
        int i = 0;
        int n = line.length();
        while (i < n && Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        return line.startsWith("```", i) || line.startsWith("~~~", i);
    }

    /** The name a heading line gives the segments after it, or null when the line is no heading. */
    static String headingName(String line) {
        if (line.length() > 400) {
            return null;
        }
        String t = line.strip();
        // a JSON record is never a heading, even when its first value opens like a prompt ("$ kubectl ...")
        if (t.isEmpty() || t.charAt(0) == '{' || !mayBeHeading(t, 0, t.length(), firstPrompt(t, 0, t.length()))) {
            return null;
        }
        Matcher m = COMMAND.matcher(t);
        if (m.matches()) {
            return clean(m.group(1));
        }
        m = MARKDOWN.matcher(t);
        // "# error: timed out ...": tools (bats, the JVM's fatal error banner, shell scripts) comment their
        // output with '#'; a line that may name a failure is read as text, not taken for a Markdown heading
        if (m.matches() && !line.startsWith(" ") && (LineGate.check(m.group(1)) & LineGate.MAY_MATTER) == 0) {
            return clean(m.group(1));
        }
        m = TAIL.matcher(t);
        if (m.matches()) {
            return clean(m.group(1));
        }
        m = RULED.matcher(t);
        if (m.matches()) {
            return clean(m.group(1));
        }
        return null;
    }

    private static final String[] COMMAND_WORDS = {"kubectl", "oc", "aws", "gcloud", "az", "docker", "podman", "helm",
        "eksctl", "stern", "journalctl"};

    /** The first letters of {@link #COMMAND_WORDS}: most lines are ruled out by their first byte. */
    private static final boolean[] COMMAND_START = new boolean[128];

    static {
        for (String w : COMMAND_WORDS) {
            COMMAND_START[w.charAt(0)] = true;
        }
    }


    private static final Set<String> VALUE_FLAGS = Set.of("--tail", "--since", "--since-time", "-l", "--selector",
            "--max-log-requests", "--limit-bytes", "--pod-running-timeout", "--context", "--kubeconfig", "--cluster",
            "--region", "--profile", "--log-stream-names", "--format", "--output");

    /**
     * What a log command heading says about the lines under it: {@code kubectl logs api-7d9 -c app --previous}
     * gives {@code pod}, {@code container}, {@code namespace} and {@code previous=true}; {@code docker logs x}
     * gives {@code container}; {@code aws logs tail GROUP} gives {@code logGroup}.
     */
    static Map<String, String> logAttributes(String heading) {
        if (heading == null) {
            return Map.of();
        }
        String[] t = heading.strip().split("\\s+");
        if (t.length < 3 || !t[1].equals("logs")) {
            return Map.of();
        }
        Map<String, String> attrs = new LinkedHashMap<>();
        boolean kube = t[0].equals("kubectl") || t[0].equals("oc");
        for (int i = 2; i < t.length; i++) {
            String tok = t[i];
            if (tok.equals("-p") || tok.equals("--previous") || tok.equals("--previous=true")) {
                attrs.put("previous", "true");
            } else if ((tok.equals("-c") || tok.equals("--container")) && i + 1 < t.length) {
                attrs.put("container", t[++i]);
            } else if (tok.startsWith("--container=")) {
                attrs.put("container", tok.substring(12));
            } else if ((tok.equals("-n") || tok.equals("--namespace")) && i + 1 < t.length) {
                attrs.put("namespace", t[++i]);
            } else if (tok.startsWith("--namespace=")) {
                attrs.put("namespace", tok.substring(12));
            } else if (VALUE_FLAGS.contains(tok)) {
                i++;
            } else if (tok.startsWith("-")) {
                continue;
            } else if (kube && !attrs.containsKey("pod") && !attrs.containsKey("workload")) {
                if (tok.startsWith("pod/") || tok.startsWith("pods/")) {
                    attrs.put("pod", tok.substring(tok.indexOf('/') + 1));
                } else if (tok.contains("/")) {
                    attrs.put("workload", tok);
                } else {
                    attrs.put("pod", tok);
                }
            } else if (kube && !attrs.containsKey("container")) {
                attrs.put("container", tok);
            } else if (t[0].equals("aws") && tok.equals("tail")) {
                continue;
            } else if (t[0].equals("aws") && tok.startsWith("/") && !attrs.containsKey("logGroup")) {
                attrs.put("logGroup", tok);
            } else if ((t[0].equals("docker") || t[0].equals("podman")) && !attrs.containsKey("container")) {
                attrs.put("container", tok);
            }
        }
        return attrs;
    }

    private static String clean(String name) {
        String n = name.strip();
        while (n.endsWith(":")) {
            n = n.substring(0, n.length() - 1).strip();
        }
        if (n.startsWith("`") && n.endsWith("`") && n.length() > 1) {
            n = n.substring(1, n.length() - 1);
        }
        return n.length() > 160 ? n.substring(0, 160) : n;
    }

    private void start(Mode m, String line, long lineNumber) {
        mode = m;
        buffer.clear();
        bufferChars = 0;
        bufferStart = lineNumber;
        buffer(line);
    }

    private void buffer(String line) {
        buffer.add(line);
        bufferChars += line.length() + 1;
    }

    private void json(String line, long lineNumber) {
        if (!line.isEmpty() && "}]{[\"".indexOf(line.charAt(0)) < 0 && !Character.isWhitespace(line.charAt(0))) {
            // pretty-printed JSON has nothing else at column 0: the document was cut short and other text follows
            session.gap(source(), "the JSON document starting at line " + bufferStart
                    + " is incomplete (it was cut short before line " + lineNumber + "); read as text",
                    CollectionGap.Kind.UNREADABLE);
            mode = Mode.LOG;
            bufferAsLog();
            examine(line, lineNumber);
            return;
        }
        buffer(line);
        depth.feed(line);
        if (depth.broken()) {
            mode = Mode.LOG;
            bufferAsLog();
        } else if (depth.closed()) {
            mode = Mode.LOG;
            String text = String.join("\n", buffer);
            JsonNode doc;
            try {
                doc = JsonSupport.JSON.readTree(text);
            } catch (Exception e) {
                session.gap(source(), "the JSON document at lines " + bufferStart + "-" + lineNumber
                        + " could not be parsed (" + firstLine(e.getMessage()) + "); read as text",
                        CollectionGap.Kind.UNREADABLE);
                bufferAsLog();
                return;
            }
            if (!new JsonDocumentReader(session).read(doc, source())) {
                bufferAsLog();
            }
            buffer.clear();
        } else if (bufferChars > maxDocumentChars) {
            session.gap(source(), "the JSON document starting at line " + bufferStart
                    + " is larger than " + sizeLimit() + "; read as text lines",
                    CollectionGap.Kind.UNREADABLE);
            mode = Mode.OVERSIZED_JSON;
            bufferAsLog();
        }
    }

    private String sizeLimit() {
        return maxDocumentChars >= 1 << 20 ? (maxDocumentChars >> 20) + " MiB" : maxDocumentChars + " characters";
    }

    private static JsonNode parseJson(String text) {
        try {
            return JsonSupport.JSON.readTree(text);
        } catch (Exception e) {
            return null;
        }
    }

    private boolean continuesYaml(String line) {
        if (bufferChars > maxDocumentChars) {
            return false;
        }
        if (line.isBlank() || Character.isWhitespace(line.charAt(0))
                || line.startsWith("- ") || line.equals("-")) {
            return true;
        }
        if (line.equals("---")) {
            yamlKeys.clear();
            return true;
        }
        Matcher m = YAML_KEY.matcher(line);
        // a top-level key seen twice means a second document pasted without a separator
        return m.matches() && YAML_KEYS.contains(m.group(1)) && yamlKeys.add(m.group(1));
    }

    private void endYaml() {
        mode = Mode.LOG;
        if (bufferChars > maxDocumentChars) {
            session.gap(source(), "the YAML document starting at line " + bufferStart + " is larger than "
                    + sizeLimit() + "; read as text lines", CollectionGap.Kind.UNREADABLE);
            bufferAsLog();
            return;
        }
        String text = String.join("\n", buffer);
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = JsonSupport.YAML.readerFor(JsonNode.class).readValues(text)) {
            while (it.hasNextValue()) {
                JsonNode n = it.nextValue();
                if (n != null) {
                    docs.add(n);
                }
            }
        } catch (Exception e) {
            session.gap(source(), "the YAML document starting at line " + bufferStart + " could not be parsed ("
                    + firstLine(e.getMessage()) + "); read as text", CollectionGap.Kind.UNREADABLE);
            bufferAsLog();
            return;
        }
        JsonDocumentReader reader = new JsonDocumentReader(session);
        boolean any = false;
        for (JsonNode d : docs) {
            any |= reader.read(d, source());
        }
        if (!any) {
            bufferAsLog();
        }
        buffer.clear();
    }

    private boolean continuesDescribe(String line) {
        if (buffer.size() > 200_000) {
            return false;
        }
        if (line.isBlank() || KubectlDescribeReader.startsBlock(line)) {
            if (KubectlDescribeReader.startsBlock(line)) {
                inEvents = false;
            }
            return true;
        }
        if (Character.isWhitespace(line.charAt(0))) {
            return true;
        }
        if (inEvents || headingName(line) != null) {
            return false;
        }
        if (KubectlDescribeReader.isTopKey(line)) {
            if (line.startsWith("Events:")) {
                inEvents = true;
            }
            return true;
        }
        return false;
    }

    private void endDescribe() {
        mode = Mode.LOG;
        if (new KubectlDescribeReader(session).read(new ArrayList<>(buffer), source()) == 0) {
            bufferAsLog();
        }
        buffer.clear();
    }

    private void table(String line, long lineNumber) {
        if (line.isBlank()) {
            endTable();
            return;
        }
        // a wrapped message of `kubectl get events` continues indented; describe's own (indented) table has its
        // header underlined and no wrapped rows
        boolean indented = table.firstStart() > 0;
        boolean underline = buffer.size() == 1 && line.strip().chars().allMatch(c -> c == '-' || c == ' ');
        boolean continuation = !indented && Character.isWhitespace(line.charAt(0))
                && tableKind == KubectlTableReader.Kind.EVENTS && buffer.size() > 1;
        if (buffer.size() < 200_000 && headingName(line) == null
                && (underline || continuation || KubectlTableReader.isRow(tableKind, table, line))) {
            buffer(line);
            return;
        }
        endTable();
        examine(line, lineNumber);
    }

    private void endTable() {
        mode = Mode.LOG;
        if (new KubectlTableReader(session).read(tableKind, new ArrayList<>(buffer), source()) == 0) {
            bufferAsLog();
        }
        buffer.clear();
    }

    private void bufferAsLog() {
        if (log == null) {
            log = new LogTextReader(session, source(), logAttributes(heading));
        }
        long n = bufferStart;
        for (String l : buffer) {
            log.line(l, n++);
        }
        buffer.clear();
        bufferChars = 0;
    }

    private void endLog() {
        if (log != null) {
            log.finish();
            log = null;
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        String s = nl < 0 ? message : message.substring(0, nl);
        return s.length() > 200 ? s.substring(0, 200) : s;
    }

    /** Tracks brace and bracket depth outside JSON strings across lines. */
    static final class JsonDepth {
        private int depth;
        private boolean inString;
        private boolean escape;
        private boolean started;
        private boolean closed;
        private boolean broken;
        private boolean trailing;

        void feed(String line) {
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (closed) {
                    if (!Character.isWhitespace(c)) {
                        trailing = true;
                    }
                    continue;
                }
                if (inString) {
                    if (escape) {
                        escape = false;
                    } else if (c == '\\') {
                        escape = true;
                    } else if (c == '"') {
                        inString = false;
                    }
                } else if (c == '"') {
                    inString = true;
                } else if (c == '{' || c == '[') {
                    depth++;
                    started = true;
                } else if (c == '}' || c == ']') {
                    depth--;
                    if (depth < 0) {
                        broken = true;
                        return;
                    }
                    if (depth == 0 && started) {
                        closed = true;
                    }
                }
            }
        }

        boolean closed() {
            return closed;
        }

        boolean closedAtEnd() {
            return closed && !trailing;
        }

        boolean broken() {
            return broken;
        }
    }
}
