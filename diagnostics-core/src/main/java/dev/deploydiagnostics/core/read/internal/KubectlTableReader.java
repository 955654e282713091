package dev.deploydiagnostics.core.read.internal;

import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.api.ResourceState;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code kubectl get events} tables (with or without the NAMESPACE column, {@code -o wide} too) into
 * events, and {@code kubectl get pods} tables into pod states whose reason is the STATUS column.
 */
public final class KubectlTableReader {
    /** Which table a header starts. */
    public enum Kind { EVENTS, PODS }

    private static final Pattern READY = Pattern.compile("\\d+/\\d+");
    private static final Pattern RESTARTS = Pattern.compile("^(\\d+)");
    private static final Set<String> FAILED = Set.of("Error", "OOMKilled", "Evicted", "Failed", "ContainerStatusUnknown",
            "StartError", "DeadlineExceeded", "Init:Error", "Init:OOMKilled");
    private static final Set<String> PENDING = Set.of("Pending", "ContainerCreating", "PodInitializing",
            "ErrImagePull", "ImagePullBackOff", "CreateContainerConfigError", "CreateContainerError",
            "InvalidImageName", "ErrImageNeverPull", "RegistryUnavailable", "SchedulingGated");
    private static final Set<String> ERRORS = Set.of("CrashLoopBackOff", "Error", "OOMKilled", "ErrImagePull",
            "ImagePullBackOff", "CreateContainerConfigError", "CreateContainerError", "InvalidImageName",
            "RunContainerError", "ContainerStatusUnknown", "StartError", "ErrImageNeverPull", "Evicted");

    private final ReadSession session;

    /** A reader adding to this session. */
    public KubectlTableReader(ReadSession session) {
        this.session = session;
    }

    /** The columns of {@code kubectl describe}'s events table. */
    private static final List<String> DESCRIBE_EVENTS = List.of("TYPE", "REASON", "AGE", "FROM", "MESSAGE");

    /**
     * Which table this line heads, if any: {@code kubectl get events} and {@code kubectl get pods} headers, and
     * the events table of {@code kubectl describe} ({@code Type Reason Age From Message}, indented or not)
     * pasted without the object it belongs to.
     */
    public static Kind headerKind(String line) {
        if (line.isEmpty() || line.length() > 400) {
            return null;
        }
        if (Character.isWhitespace(line.charAt(0))) {
            return line.strip().startsWith("Type") && ColumnTable.header(line).names().equals(DESCRIBE_EVENTS)
                    ? Kind.EVENTS : null;
        }
        // Every header this reader knows starts with one of these columns; most log lines are ruled out here
        // without splitting them into columns.
        if (!(line.startsWith("NAME") || line.startsWith("LAST") || line.startsWith("TYPE") || line.startsWith("Type"))) {
            return null;
        }
        List<String> names = ColumnTable.header(line).names();
        if (names.equals(DESCRIBE_EVENTS)) {
            return Kind.EVENTS;
        }
        if (names.contains("TYPE") && names.contains("REASON") && names.contains("MESSAGE")
                && (names.contains("LAST SEEN") || names.contains("LASTSEEN"))) {
            return Kind.EVENTS;
        }
        if (names.size() >= 4 && (names.get(0).equals("NAME") || names.get(0).equals("NAMESPACE"))
                && names.contains("READY") && names.contains("STATUS") && names.contains("RESTARTS")) {
            return Kind.PODS;
        }
        return null;
    }

    /** True when {@code row} is a row of the table headed by {@code table}, rather than text after it. */
    public static boolean isRow(Kind kind, ColumnTable table, String row) {
        List<String> cells = table.cells(row);
        if (kind == Kind.EVENTS) {
            int type = table.index("TYPE");
            return type >= 0 && KubectlText.eventType(cells.get(type));
        }
        int ready = table.index("READY");
        return ready >= 0 && READY.matcher(cells.get(ready)).matches();
    }

    /** Reads a table: its header line and the lines after it (rows and indented continuations); returns how
     * many items it added. */
    public int read(Kind kind, List<String> lines, String source) {
        if (lines.isEmpty() || headerKind(lines.get(0)) != kind) {
            return 0;
        }
        int before = session.size();
        ColumnTable table = ColumnTable.header(lines.get(0));
        if (kind == Kind.EVENTS) {
            events(table, lines, source);
        } else {
            pods(table, lines, source);
        }
        if (session.size() > before) {
            session.platform(Platform.KUBERNETES);
        }
        return session.size() - before;
    }

    private void events(ColumnTable t, List<String> lines, String source) {
        String[] pending = null;
        Map<String, String> pendingAttrs = null;
        int iType = t.index("TYPE");
        int iReason = t.index("REASON");
        int iMessage = t.index("MESSAGE");
        int iLast = t.index("LAST SEEN") >= 0 ? t.index("LAST SEEN")
                : t.index("LASTSEEN") >= 0 ? t.index("LASTSEEN") : t.index("AGE");
        int iObject = t.index("OBJECT");
        int iSource = t.index("SOURCE") >= 0 ? t.index("SOURCE") : t.index("FROM");
        int iNs = t.index("NAMESPACE");
        int iCount = t.index("COUNT");
        int iName = t.index("NAME");
        int iKind = t.index("KIND");
        StringBuilder message = new StringBuilder();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            List<String> cells = t.cells(line);
            if (!KubectlText.eventType(cells.get(iType))) {
                if (pending != null) {
                    message.append(' ').append(line.strip());
                }
                continue;
            }
            if (pending != null) {
                emit(pending, message, pendingAttrs, source);
            }
            String object = iObject >= 0 ? cells.get(iObject)
                    : (iKind >= 0 && iName >= 0 ? cells.get(iKind) + "/" + cells.get(iName) : "");
            KubectlText.Age age = KubectlText.age(cells.get(iLast));
            if (iCount >= 0 && cells.get(iCount).matches("\\d{1,9}")) {
                age = new KubectlText.Age(age.last(), Integer.parseInt(cells.get(iCount)), age.first());
            }
            pending = new String[]{iSource >= 0 ? cells.get(iSource) : "", cells.get(iType), cells.get(iReason),
                KubectlText.object(object), age.last(), Integer.toString(age.count()), age.first()};
            pendingAttrs = new LinkedHashMap<>();
            if (iNs >= 0 && !cells.get(iNs).isEmpty()) {
                pendingAttrs.put("namespace", cells.get(iNs));
            }
            message.setLength(0);
            message.append(cells.get(iMessage));
        }
        if (pending != null) {
            emit(pending, message, pendingAttrs, source);
        }
    }

    private void emit(String[] p, StringBuilder message, Map<String, String> attrs, String source) {
        KubectlText.Age age = new KubectlText.Age(p[4], Integer.parseInt(p[5]), p[6]);
        session.add(KubectlText.event(source, p[0], p[1], p[2], message.toString(), p[3], age, attrs));
    }

    private void pods(ColumnTable t, List<String> lines, String source) {
        int iName = t.index("NAME");
        int iNs = t.index("NAMESPACE");
        int iReady = t.index("READY");
        int iStatus = t.index("STATUS");
        int iRestarts = t.index("RESTARTS");
        int iAge = t.index("AGE");
        int iNode = t.index("NODE");
        int iIp = t.index("IP");
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || !isRow(Kind.PODS, t, line)) {
                continue;
            }
            List<String> c = t.cells(line);
            String status = c.get(iStatus);
            ResourceState.Builder b = ResourceState.builder("pod", c.get(iName)).source(source)
                    .status(phase(status)).reason(Set.of("Running", "Completed", "Succeeded", "Pending", "Failed").contains(status) ? null : status);
            Matcher m = RESTARTS.matcher(iRestarts >= 0 ? c.get(iRestarts) : "");
            if (m.find() && m.group(1).length() < 10) {
                b.restartCount(Integer.parseInt(m.group(1)));
                b.attribute("restarts", c.get(iRestarts));
            }
            b.attribute("ready", c.get(iReady));
            put(b, "namespace", iNs >= 0 ? c.get(iNs) : "");
            put(b, "age", iAge >= 0 ? c.get(iAge) : "");
            put(b, "node", iNode >= 0 && !c.get(iNode).equals("<none>") ? c.get(iNode) : "");
            put(b, "ip", iIp >= 0 && !c.get(iIp).equals("<none>") ? c.get(iIp) : "");
            String bare = status.startsWith("Init:") ? status.substring(5) : status;
            if (ERRORS.contains(status) || ERRORS.contains(bare)) {
                b.attribute("severity", "error");
            }
            session.add(b.build());
        }
    }

    /** The pod phase a STATUS column implies. */
    static String phase(String status) {
        if (status.equals("Running") || status.equals("Terminating") || status.equals("CrashLoopBackOff")
                || status.equals("RunContainerError") || status.equals("NotReady")) {
            return "Running";
        }
        if (status.equals("Completed") || status.equals("Succeeded")) {
            return "Succeeded";
        }
        if (FAILED.contains(status)) {
            return "Failed";
        }
        if (PENDING.contains(status) || status.startsWith("Init:")) {
            return "Pending";
        }
        return "Unknown";
    }

    private static void put(ResourceState.Builder b, String key, String value) {
        if (!value.isEmpty()) {
            b.attribute(key, value);
        }
    }
}
