package dev.deploydiagnostics.core.read.internal;

import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.api.ResourceState;
import dev.deploydiagnostics.api.Termination;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code kubectl describe} text for pods (one or several: containers and init containers with
 * State, Last State, Reason, Exit Code, Restart Count, Limits, probes, Image; Conditions; the Events table),
 * deployments (replicas, conditions, revision) and nodes (conditions, taints). Other kinds give their
 * events only.
 */
public final class KubectlDescribeReader {
    private static final Pattern TOP_KEY = Pattern.compile("^([A-Z][A-Za-z0-9 ()/.-]{0,40}):(?:\\s+(.*))?$");
    private static final Pattern SUB_KEY = Pattern.compile("^\\s*([A-Z][A-Za-z ]{0,30}):(?:\\s+(.*))?$");
    private static final Pattern CONTAINER_HEADER = Pattern.compile("^\\s*([A-Za-z0-9][\\w.-]*):\\s*$");
    private static final Pattern REPLICAS = Pattern.compile("(\\d+) (desired|updated|total|available|unavailable|current)");
    private static final Pattern REVISION = Pattern.compile("deployment\\.kubernetes\\.io/revision:\\s*(\\d+)");

    private final ReadSession session;
    private final ZoneId zone;

    /** A reader adding to this session. */
    public KubectlDescribeReader(ReadSession session) {
        this.session = session;
        this.zone = session.options().zone();
    }

    /** True for the first line of a describe block. */
    public static boolean startsBlock(String line) {
        return line.startsWith("Name:") && line.length() > 5 && !line.substring(5).isBlank();
    }

    /** True for a top-level {@code Key: value} line of describe output. */
    public static boolean isTopKey(String line) {
        return !line.isEmpty() && !Character.isWhitespace(line.charAt(0)) && TOP_KEY.matcher(line).matches();
    }

    private static final class Entry {
        final String key;
        final String value;
        final List<String> children = new ArrayList<>();

        Entry(String key, String value) {
            this.key = key;
            this.value = value == null ? "" : value.strip();
        }
    }

    /** Reads the lines of one or more describe blocks; returns how many items it added. */
    public int read(List<String> lines, String source) {
        int before = session.size();
        List<String> current = null;
        for (String line : lines) {
            if (startsBlock(line)) {
                if (current != null) {
                    object(current, source);
                }
                current = new ArrayList<>();
            }
            if (current != null) {
                current.add(line);
            }
        }
        if (current != null) {
            object(current, source);
        }
        return session.size() - before;
    }

    private void object(List<String> lines, String source) {
        int before = session.size();
        Map<String, Entry> top = new LinkedHashMap<>();
        Entry last = null;
        for (String raw : lines) {
            String line = Lines.expandTabs(raw);
            Matcher m = TOP_KEY.matcher(line);
            if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0)) && m.matches()) {
                last = new Entry(m.group(1), m.group(2));
                top.putIfAbsent(last.key, last);
            } else if (last != null && !line.isBlank()) {
                last.children.add(line);
            }
        }
        String name = value(top, "Name");
        String kind;
        if (top.containsKey("Containers") && top.containsKey("Status")) {
            kind = "Pod";
            pod(top, name, source);
        } else if (top.containsKey("Replicas") && top.containsKey("StrategyType")) {
            kind = "Deployment";
            deployment(top, name, source);
        } else if (top.containsKey("Taints") || (top.containsKey("Roles") && top.containsKey("Conditions"))) {
            kind = "Node";
            node(top, name, source);
        } else {
            kind = kindFromControlledBy(top);
        }
        Entry events = top.get("Events");
        if (events != null) {
            events(events, kind.isEmpty() ? name : kind + "/" + name, value(top, "Namespace"), source);
        }
        if (session.size() > before) {
            session.platform(Platform.KUBERNETES);
        }
    }

    private static String kindFromControlledBy(Map<String, Entry> top) {
        if (top.containsKey("Completions")) {
            return "Job";
        }
        if (top.containsKey("Update Strategy") && top.containsKey("Pods Status")) {
            return "StatefulSet";
        }
        if (top.containsKey("Replicas") && top.containsKey("Pods Status")) {
            return "ReplicaSet";
        }
        if (top.containsKey("StorageClass") && top.containsKey("Access Modes")) {
            return "PersistentVolumeClaim";
        }
        return "";
    }

    private void pod(Map<String, Entry> top, String name, String source) {
        String ns = value(top, "Namespace");
        String node = value(top, "Node");
        if (node.equals("<none>")) {
            node = "";
        } else if (node.contains("/")) {
            node = node.substring(0, node.indexOf('/'));
        }
        String status = value(top, "Status");
        String phase = status.isEmpty() ? "Unknown" : status.split("\\s+")[0];
        ResourceState.Builder b = ResourceState.builder("pod", name).source(source).status(phase)
                .reason(value(top, "Reason")).message(value(top, "Message"))
                .timestamp(Timestamps.parse(value(top, "Start Time"), zone).orElse(null));
        put(b, "namespace", ns);
        put(b, "node", node);
        put(b, "qosClass", value(top, "QoS Class"));
        put(b, "controlledBy", value(top, "Controlled By"));
        if (status.startsWith("Terminating")) {
            b.attribute("deleting", "true");
        }
        Entry conditions = top.get("Conditions");
        if (conditions != null) {
            for (String row : conditions.children) {
                String[] cells = row.strip().split("\\s+");
                if (cells.length >= 2 && !cells[0].equals("Type") && !cells[0].startsWith("--")
                        && !cells[1].equals("True")) {
                    b.attribute("condition." + cells[0], cells[1]);
                }
            }
        }
        session.add(b.build());
        if (top.containsKey("Init Containers")) {
            containers(top.get("Init Containers"), "init-container", name, ns, node, source);
        }
        containers(top.get("Containers"), "container", name, ns, node, source);
    }

    private static final class Prop {
        final String value;
        final List<String> sub = new ArrayList<>();

        Prop(String value) {
            this.value = value == null ? "" : value.strip();
        }
    }

    private void containers(Entry section, String kind, String pod, String ns, String node, String source) {
        if (section == null || section.children.isEmpty()) {
            return;
        }
        int min = Integer.MAX_VALUE;
        for (String l : section.children) {
            min = Math.min(min, Lines.indent(l));
        }
        String cname = null;
        Map<String, Prop> props = null;
        int propIndent = -1;
        Prop lastProp = null;
        for (String l : section.children) {
            int indent = Lines.indent(l);
            Matcher header = CONTAINER_HEADER.matcher(l);
            if (indent == min && header.matches()) {
                if (cname != null) {
                    container(kind, pod, cname, props, ns, node, source);
                }
                cname = header.group(1);
                props = new LinkedHashMap<>();
                propIndent = -1;
                lastProp = null;
                continue;
            }
            if (cname == null) {
                continue;
            }
            if (propIndent < 0) {
                propIndent = indent;
            }
            Matcher m = SUB_KEY.matcher(l);
            if (indent <= propIndent && m.matches()) {
                lastProp = new Prop(m.group(2));
                props.putIfAbsent(m.group(1), lastProp);
            } else if (lastProp != null) {
                lastProp.sub.add(l);
            }
        }
        if (cname != null) {
            container(kind, pod, cname, props, ns, node, source);
        }
    }

    private void container(String kind, String pod, String cname, Map<String, Prop> props, String ns, String node,
                           String source) {
        ResourceState.Builder b = ResourceState.builder(kind, pod + "/" + cname).source(source);
        Prop state = props.get("State");
        if (state != null) {
            Map<String, String> s = subValues(state);
            String st = state.value.isEmpty() ? "Waiting" : state.value.split("\\s+")[0];
            b.status(st).reason(s.get("Reason")).message(s.get("Message"));
            if (st.equals("Terminated")) {
                b.exitCode(intOrNull(s.get("Exit Code")));
                b.timestamp(Timestamps.parse(s.getOrDefault("Finished", ""), zone).orElse(null));
                Integer signal = intOrNull(s.get("Signal"));
                if (signal != null && signal > 0) {
                    b.attribute("signal", signal.toString());
                }
            } else if (st.equals("Running")) {
                b.timestamp(Timestamps.parse(s.getOrDefault("Started", ""), zone).orElse(null));
            }
        } else {
            b.status("Waiting");
        }
        Prop last = props.get("Last State");
        if (last != null && last.value.startsWith("Terminated")) {
            Map<String, String> s = subValues(last);
            Integer signal = intOrNull(s.get("Signal"));
            b.lastTermination(new Termination(s.getOrDefault("Reason", ""), Optional.ofNullable(intOrNull(s.get("Exit Code"))),
                    Optional.ofNullable(signal).filter(x -> x > 0), Optional.ofNullable(s.get("Message")),
                    Timestamps.parse(s.getOrDefault("Finished", ""), zone)));
        }
        Integer restarts = intOrNull(value(props, "Restart Count"));
        if (restarts != null && restarts >= 0) {
            b.restartCount(restarts);
        }
        b.image(value(props, "Image"));
        put(b, "pod", pod);
        put(b, "namespace", ns);
        put(b, "container", cname);
        put(b, "node", node);
        String ready = value(props, "Ready");
        if (ready.equals("True") || ready.equals("False")) {
            b.attribute("ready", ready.equals("True") ? "true" : "false");
        }
        for (String part : new String[]{"Limits", "Requests"}) {
            Prop p = props.get(part);
            if (p != null) {
                subValuesLower(p).forEach((k, v) -> b.attribute(part.toLowerCase(java.util.Locale.ROOT) + "." + k, v));
            }
        }
        Prop limits = props.get("Limits");
        if (limits != null) {
            String memory = subValuesLower(limits).get("memory");
            if (memory != null) {
                Quantities.bytes(memory).ifPresent(b::memoryLimitBytes);
            }
        }
        String ports = value(props, "Ports").isEmpty() ? value(props, "Port") : value(props, "Ports");
        StringJoiner pj = new StringJoiner(",");
        for (String p : ports.split(",")) {
            String t = p.strip();
            int slash = t.indexOf('/');
            String num = slash > 0 ? t.substring(0, slash) : t;
            if (num.matches("\\d{1,5}")) {
                pj.add(num);
            }
        }
        if (pj.length() > 0) {
            b.attribute("ports", pj.toString());
        }
        probe(b, "liveness", value(props, "Liveness"));
        probe(b, "readiness", value(props, "Readiness"));
        probe(b, "startup", value(props, "Startup"));
        session.add(b.build());
    }

    private static void probe(ResourceState.Builder b, String name, String value) {
        if (value.isEmpty()) {
            return;
        }
        int settings = value.indexOf(" delay=");
        String action = settings < 0 ? value : value.substring(0, settings);
        if (action.startsWith("http-get ")) {
            action = "http-get " + action.substring(9).replaceFirst("^https?://", "");
        }
        b.attribute("probe." + name, action.strip());
        if (settings >= 0) {
            b.attribute("probe." + name + ".settings", value.substring(settings + 1).strip());
        }
    }

    private void deployment(Map<String, Entry> top, String name, String source) {
        ResourceState.Builder b = ResourceState.builder("deployment", name).source(source);
        put(b, "namespace", value(top, "Namespace"));
        Map<String, Integer> replicas = new LinkedHashMap<>();
        Matcher m = REPLICAS.matcher(value(top, "Replicas"));
        while (m.find()) {
            if (m.group(1).length() < 10) {
                replicas.put(m.group(2), Integer.parseInt(m.group(1)));
            }
        }
        int desired = replicas.getOrDefault("desired", 1);
        int updated = replicas.getOrDefault("updated", 0);
        int available = replicas.getOrDefault("available", 0);
        b.attribute("replicas.desired", Integer.toString(desired));
        b.attribute("replicas.updated", Integer.toString(updated));
        b.attribute("replicas.available", Integer.toString(available));
        if (replicas.containsKey("unavailable")) {
            b.attribute("replicas.unavailable", replicas.get("unavailable").toString());
        }
        Entry annotations = top.get("Annotations");
        if (annotations != null) {
            StringBuilder all = new StringBuilder(annotations.value);
            annotations.children.forEach(c -> all.append('\n').append(c));
            Matcher r = REVISION.matcher(all);
            if (r.find()) {
                b.attribute("revision", r.group(1));
            }
        }
        put(b, "newReplicaSet", value(top, "NewReplicaSet"));
        Map<String, String[]> conditions = new LinkedHashMap<>();
        Entry cond = top.get("Conditions");
        if (cond != null) {
            for (String row : cond.children) {
                String[] cells = row.strip().split("\\s+");
                if (cells.length >= 2 && !cells[0].equals("Type") && !cells[0].startsWith("--")) {
                    String reason = cells.length > 2 ? cells[2] : "";
                    conditions.put(cells[0], new String[]{cells[1], reason});
                    b.attribute("condition." + cells[0], KubernetesObjectReader.condition(cells[1], reason, ""));
                }
            }
        }
        String[] progressing = conditions.get("Progressing");
        String[] failure = conditions.get("ReplicaFailure");
        if (progressing != null && progressing[0].equals("False")) {
            b.status("Failed").reason(progressing[1]);
        } else if (failure != null && failure[0].equals("True")) {
            b.status("Failed").reason(failure[1]);
        } else if (available >= desired && updated >= desired) {
            b.status("Available");
        } else {
            b.status("Progressing").reason(progressing == null ? null : progressing[1]);
        }
        Entry template = top.get("Pod Template");
        if (template != null) {
            StringJoiner images = new StringJoiner(",");
            for (String c : template.children) {
                Matcher im = SUB_KEY.matcher(c);
                if (im.matches() && im.group(1).equals("Image") && im.group(2) != null) {
                    images.add(im.group(2).strip());
                }
            }
            if (images.length() > 0) {
                b.image(images.toString());
            }
        }
        session.add(b.build());
    }

    private void node(Map<String, Entry> top, String name, String source) {
        ResourceState.Builder b = ResourceState.builder("node", name).source(source).status("NotReady");
        Entry cond = top.get("Conditions");
        boolean pressure = false;
        if (cond != null && !cond.children.isEmpty()) {
            ColumnTable table = null;
            for (String row : cond.children) {
                if (table == null) {
                    if (row.strip().startsWith("Type")) {
                        table = ColumnTable.header(row);
                    }
                    continue;
                }
                if (row.strip().startsWith("--")) {
                    continue;
                }
                List<String> cells = table.cells(row);
                int iType = table.index("TYPE");
                int iStatus = table.index("STATUS");
                int iReason = table.index("REASON");
                int iMessage = table.index("MESSAGE");
                if (iType < 0 || iStatus < 0) {
                    break;
                }
                String type = cells.get(iType);
                String st = cells.get(iStatus);
                String reason = iReason >= 0 ? cells.get(iReason) : "";
                String message = iMessage >= 0 ? cells.get(iMessage) : "";
                if (type.isEmpty()) {
                    continue;
                }
                b.attribute("condition." + type, KubernetesObjectReader.condition(st, reason, message));
                if (type.equals("Ready")) {
                    if (st.equals("True")) {
                        b.status("Ready");
                    } else {
                        b.reason(reason).message(message);
                    }
                } else if (st.equals("True")) {
                    pressure = true;
                }
            }
        }
        Entry taints = top.get("Taints");
        if (taints != null && !taints.value.equals("<none>") && !taints.value.isEmpty()) {
            StringJoiner tj = new StringJoiner(",");
            tj.add(taints.value);
            taints.children.forEach(c -> tj.add(c.strip()));
            b.attribute("taints", tj.toString());
        }
        if (value(top, "Unschedulable").equals("true")) {
            b.attribute("unschedulable", "true");
        }
        if (pressure) {
            b.attribute("severity", "warning");
        }
        session.add(b.build());
    }

    private void events(Entry events, String object, String ns, String source) {
        ColumnTable table = null;
        String[] pending = null;
        StringBuilder message = new StringBuilder();
        KubectlText.Age pendingAge = null;
        for (String row : events.children) {
            if (table == null) {
                String t = row.strip();
                if (t.startsWith("Type") && t.contains("Reason") || t.startsWith("FirstSeen")) {
                    table = ColumnTable.header(row);
                }
                continue;
            }
            if (row.strip().startsWith("----")) {
                continue;
            }
            List<String> cells = table.cells(row);
            int iType = table.index("TYPE");
            int iReason = table.index("REASON");
            int iMessage = table.index("MESSAGE");
            int iAge = table.index("AGE") >= 0 ? table.index("AGE") : table.index("LASTSEEN");
            int iFrom = table.index("FROM");
            int iCount = table.index("COUNT");
            if (iType < 0 || iReason < 0 || iMessage < 0) {
                return;
            }
            if (!KubectlText.eventType(cells.get(iType))) {
                if (pending != null) {
                    message.append(' ').append(row.strip());
                }
                continue;
            }
            if (pending != null) {
                emitEvent(pending, pendingAge, message, object, ns, source);
            }
            KubectlText.Age age = KubectlText.age(iAge >= 0 ? cells.get(iAge) : "");
            if (iCount >= 0 && cells.get(iCount).matches("\\d{1,9}")) {
                age = new KubectlText.Age(age.last(), Integer.parseInt(cells.get(iCount)), age.first());
            }
            pending = new String[]{iFrom >= 0 ? cells.get(iFrom) : "", cells.get(iType), cells.get(iReason)};
            pendingAge = age;
            message.setLength(0);
            message.append(cells.get(iMessage));
        }
        if (pending != null) {
            emitEvent(pending, pendingAge, message, object, ns, source);
        }
    }

    private void emitEvent(String[] p, KubectlText.Age age, StringBuilder message, String object, String ns,
                           String source) {
        Map<String, String> attrs = new LinkedHashMap<>();
        if (!ns.isEmpty()) {
            attrs.put("namespace", ns);
        }
        session.add(KubectlText.event(source, p[0], p[1], p[2], message.toString(), object, age, attrs));
    }

    private static Map<String, String> subValues(Prop p) {
        Map<String, String> out = new LinkedHashMap<>();
        String lastKey = null;
        for (String l : p.sub) {
            Matcher m = SUB_KEY.matcher(l);
            if (m.matches()) {
                lastKey = m.group(1);
                out.putIfAbsent(lastKey, m.group(2) == null ? "" : m.group(2).strip());
            } else if (lastKey != null) {
                out.merge(lastKey, l.strip(), (a, b) -> a.isEmpty() ? b : a + " " + b);
            }
        }
        return out;
    }

    private static Map<String, String> subValuesLower(Prop p) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String l : p.sub) {
            String t = l.strip();
            int colon = t.indexOf(':');
            if (colon > 0) {
                out.put(t.substring(0, colon).strip(), t.substring(colon + 1).strip());
            }
        }
        return out;
    }

    private static String value(Map<String, ? extends Object> map, String key) {
        Object o = map.get(key);
        if (o instanceof Entry e) {
            return e.value;
        }
        if (o instanceof Prop p) {
            return p.value;
        }
        return "";
    }

    private static Integer intOrNull(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void put(ResourceState.Builder b, String key, String value) {
        if (value != null && !value.isEmpty()) {
            b.attribute(key, value);
        }
    }

}
