package dev.deploydiagnostics.core.read.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import dev.deploydiagnostics.api.CollectionGap;

import java.util.ArrayList;
import java.util.List;
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

    private enum Mode { LOG, JSON, YAML, DESCRIBE, TABLE }

    private final ReadSession session;
    private final String inputName;
    private String heading;
    private Mode mode = Mode.LOG;
    private final List<String> buffer = new ArrayList<>();
    private long bufferChars;
    private long bufferStart;
    private JsonDepth depth;
    private KubectlTableReader.Kind tableKind;
    private ColumnTable table;
    private boolean inEvents;
    private LogTextReader log;

    /** A segmenter for the input of this name. */
    public TextSegmenter(ReadSession session, String inputName) {
        this.session = session;
        this.inputName = inputName;
    }

    /** The source name of the segment being read: the input name, and the heading if one was seen. */
    public String source() {
        return heading == null ? inputName : inputName + ":" + heading;
    }

    /** Takes the next line. */
    public void accept(String line, long lineNumber) {
        switch (mode) {
            case JSON -> json(line, lineNumber);
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
        String name = headingName(line);
        if (name != null) {
            endLog();
            heading = name;
            return;
        }
        if (FENCE.matcher(line).matches()) {
            endLog();
            return;
        }
        String trimmed = line.strip();
        if (trimmed.equals("{") || trimmed.equals("[")) {
            endLog();
            start(Mode.JSON, line, lineNumber);
            depth = new JsonDepth();
            depth.feed(line);
            return;
        }
        if ((trimmed.startsWith("{\"") || trimmed.startsWith("[{") || trimmed.startsWith("[\""))
                && JsonDocumentReader.mayBeDocument(trimmed) && trimmed.length() <= JsonSupport.MAX_DOCUMENT_CHARS) {
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
        if (YAML_START.matcher(line).matches()) {
            endLog();
            start(Mode.YAML, line, lineNumber);
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
        if (log == null) {
            log = new LogTextReader(session, source());
        }
        log.line(line, lineNumber);
    }

    /** The name a heading line gives the segments after it, or null when the line is no heading. */
    static String headingName(String line) {
        if (line.length() > 400) {
            return null;
        }
        String t = line.strip();
        Matcher m = COMMAND.matcher(t);
        if (m.matches()) {
            return clean(m.group(1));
        }
        m = MARKDOWN.matcher(t);
        if (m.matches() && !line.startsWith(" ")) {
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
        } else if (bufferChars > JsonSupport.MAX_DOCUMENT_CHARS) {
            session.gap(source(), "the JSON document starting at line " + bufferStart
                    + " is larger than " + (JsonSupport.MAX_DOCUMENT_CHARS >> 20) + " MiB; read as text lines",
                    CollectionGap.Kind.UNREADABLE);
            mode = Mode.LOG;
            bufferAsLog();
        }
    }

    private static JsonNode parseJson(String text) {
        try {
            return JsonSupport.JSON.readTree(text);
        } catch (Exception e) {
            return null;
        }
    }

    private boolean continuesYaml(String line) {
        if (bufferChars > JsonSupport.MAX_DOCUMENT_CHARS) {
            return false;
        }
        if (line.isBlank() || line.equals("---") || Character.isWhitespace(line.charAt(0))
                || line.startsWith("- ") || line.equals("-")) {
            return true;
        }
        Matcher m = YAML_KEY.matcher(line);
        return m.matches() && YAML_KEYS.contains(m.group(1));
    }

    private void endYaml() {
        mode = Mode.LOG;
        if (bufferChars > JsonSupport.MAX_DOCUMENT_CHARS) {
            session.gap(source(), "the YAML document starting at line " + bufferStart + " is larger than "
                    + (JsonSupport.MAX_DOCUMENT_CHARS >> 20) + " MiB; read as text lines", CollectionGap.Kind.UNREADABLE);
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
        new KubectlDescribeReader(session).read(new ArrayList<>(buffer), source());
        buffer.clear();
    }

    private void table(String line, long lineNumber) {
        if (line.isBlank()) {
            endTable();
            return;
        }
        boolean continuation = Character.isWhitespace(line.charAt(0)) && tableKind == KubectlTableReader.Kind.EVENTS
                && buffer.size() > 1;
        if (buffer.size() < 200_000 && headingName(line) == null
                && (continuation || KubectlTableReader.isRow(tableKind, table, line))) {
            buffer(line);
            return;
        }
        endTable();
        examine(line, lineNumber);
    }

    private void endTable() {
        mode = Mode.LOG;
        new KubectlTableReader(session).read(tableKind, new ArrayList<>(buffer), source());
        buffer.clear();
    }

    private void bufferAsLog() {
        if (log == null) {
            log = new LogTextReader(session, source());
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
