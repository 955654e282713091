package dev.deploydiagnostics.gcp.internal;

import com.google.logging.type.LogSeverity;
import com.google.logging.v2.LogEntry;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import dev.deploydiagnostics.api.Event;
import dev.deploydiagnostics.api.LogLine;
import dev.deploydiagnostics.api.Severity;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Turns Cloud Logging entries into log lines and events, and writes the filters that select them. */
public final class LogEntries {
    private static final JsonFormat.Printer JSON = JsonFormat.printer().omittingInsignificantWhitespace();

    private LogEntries() {
    }

    /** The filter clause for a time window, in the RFC 3339 form the Logging query language expects. */
    public static String window(Instant from, Instant to) {
        return "timestamp>=\"" + DateTimeFormatter.ISO_INSTANT.format(from) + "\" AND timestamp<=\""
                + DateTimeFormatter.ISO_INSTANT.format(to) + "\"";
    }

    /** Quotes a value for the Logging query language. */
    public static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /**
     * Checks a severity floor such as {@code DEFAULT}, {@code WARNING} or {@code error} and returns it in
     * upper case; an unknown name falls back to {@code DEFAULT} so a typo never hides logs.
     */
    public static String severityFloor(String configured) {
        String upper = configured == null ? "" : configured.trim().toUpperCase(Locale.ROOT);
        try {
            LogSeverity s = LogSeverity.valueOf(upper);
            return s == LogSeverity.UNRECOGNIZED ? "DEFAULT" : s.name();
        } catch (IllegalArgumentException e) {
            return "DEFAULT";
        }
    }

    /** The entry's time as an instant, if it has one. */
    public static Optional<Instant> time(LogEntry entry) {
        Timestamp t = entry.hasTimestamp() ? entry.getTimestamp()
                : entry.hasReceiveTimestamp() ? entry.getReceiveTimestamp() : null;
        return t == null ? Optional.empty() : Optional.of(Instant.ofEpochSecond(t.getSeconds(), t.getNanos()));
    }

    /** Maps a Cloud Logging severity to ours. */
    public static Severity severity(LogSeverity s) {
        return switch (s) {
            case DEBUG -> Severity.DEBUG;
            case INFO, NOTICE -> Severity.INFO;
            case WARNING -> Severity.WARNING;
            case ERROR -> Severity.ERROR;
            case CRITICAL, ALERT, EMERGENCY -> Severity.CRITICAL;
            default -> Severity.UNKNOWN;
        };
    }

    /** True for request logs: entries that carry an {@code httpRequest}. */
    public static boolean isRequestLog(LogEntry entry) {
        return entry.hasHttpRequest();
    }

    /**
     * The message of an entry: the text payload, the {@code message} of a JSON payload (or the JSON itself),
     * or for a request log the method, status and URL the platform recorded.
     */
    public static String message(LogEntry entry) {
        if (!entry.getTextPayload().isEmpty()) {
            return stripNewline(entry.getTextPayload());
        }
        if (entry.hasJsonPayload()) {
            Struct json = entry.getJsonPayload();
            for (String key : List.of("message", "msg", "textPayload", "log")) {
                Value v = json.getFieldsMap().get(key);
                if (v != null && v.hasStringValue() && !v.getStringValue().isBlank()) {
                    return stripNewline(v.getStringValue());
                }
            }
            return toJson(json);
        }
        if (entry.hasHttpRequest()) {
            var r = entry.getHttpRequest();
            StringBuilder sb = new StringBuilder().append(r.getRequestMethod()).append(' ').append(r.getStatus())
                    .append(' ').append(r.getRequestUrl());
            if (r.hasLatency()) {
                sb.append(" (").append(r.getLatency().getSeconds() * 1000 + r.getLatency().getNanos() / 1_000_000)
                        .append(" ms)");
            }
            return sb.toString().trim();
        }
        if (entry.hasProtoPayload()) {
            return entry.getProtoPayload().getTypeUrl();
        }
        return "";
    }

    /** A log line for the entry, with transport detail in attributes. */
    public static LogLine toLogLine(LogEntry entry, String source, Map<String, String> extra) {
        Map<String, String> attrs = new LinkedHashMap<>(extra);
        attrs.put("logName", entry.getLogName());
        attrs.put("logType", isRequestLog(entry) ? "request" : "application");
        attrs.put("severity", entry.getSeverity().name());
        if (!entry.getInsertId().isEmpty()) {
            attrs.put("insertId", entry.getInsertId());
        }
        if (entry.hasHttpRequest()) {
            attrs.put("httpStatus", Integer.toString(entry.getHttpRequest().getStatus()));
            attrs.put("requestMethod", entry.getHttpRequest().getRequestMethod());
        }
        entry.getResource().getLabelsMap().forEach((k, v) -> attrs.put("resource." + k, v));
        return new LogLine(time(entry), source, message(entry), severity(entry.getSeverity()), 0, attrs);
    }

    /**
     * A Kubernetes event that GKE exported to the {@code events} log, whose JSON payload is the Event object;
     * empty when the payload is not one.
     */
    public static Optional<Event> kubernetesEvent(LogEntry entry) {
        if (!entry.hasJsonPayload()) {
            return Optional.empty();
        }
        Map<String, Value> f = entry.getJsonPayload().getFieldsMap();
        if (!"Event".equals(str(f.get("kind"))) || str(f.get("reason")).isEmpty()) {
            return Optional.empty();
        }
        Map<String, Value> involved = struct(f.get("involvedObject"));
        String object = str(involved.get("kind")) + "/" + str(involved.get("name"));
        int count = f.containsKey("count") && f.get("count").hasNumberValue() ? (int) f.get("count").getNumberValue() : 1;
        Map<String, Value> src = struct(f.get("source"));
        String component = str(src.get("component"));
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("namespace", str(involved.get("namespace")));
        attrs.put("logName", entry.getLogName());
        return Optional.of(new Event(time(entry), Optional.empty(), component.isEmpty() ? "kubernetes" : component,
                str(f.get("type")), str(f.get("reason")), stripNewline(str(f.get("message"))),
                involved.isEmpty() ? "" : object, count, attrs));
    }

    /**
     * Events from a GKE cluster-autoscaler visibility entry: a failed scale-up ({@code resultInfo} with an
     * {@code errorMsg} such as {@code scale.up.error.out.of.resources}) or a {@code noDecisionStatus.noScaleUp}
     * with the reasons pods could not trigger one.
     */
    public static List<Event> autoscalerEvents(LogEntry entry, String cluster) {
        List<Event> out = new ArrayList<>();
        if (!entry.hasJsonPayload()) {
            return out;
        }
        Map<String, Value> f = entry.getJsonPayload().getFieldsMap();
        for (Value result : list(struct(f.get("resultInfo")).get("results"))) {
            Map<String, Value> error = struct(struct(result).get("errorMsg"));
            String id = str(error.get("messageId"));
            if (!id.isEmpty()) {
                String params = join(list(error.get("parameters")));
                out.add(autoscalerEvent(entry, cluster, id, id + (params.isEmpty() ? "" : ": " + params)));
            }
        }
        Map<String, Value> noScaleUp = struct(struct(f.get("noDecisionStatus")).get("noScaleUp"));
        if (!noScaleUp.isEmpty()) {
            List<String> reasons = new ArrayList<>();
            collectMessageIds(Value.newBuilder().setStructValue(Struct.newBuilder().putAllFields(noScaleUp)).build(),
                    reasons);
            String pods = podNames(noScaleUp);
            out.add(autoscalerEvent(entry, cluster, "noScaleUp",
                    "pod didn't trigger scale-up" + (pods.isEmpty() ? "" : " (" + pods + ")")
                            + (reasons.isEmpty() ? "" : ": " + String.join(", ", reasons))));
        }
        return out;
    }

    private static Event autoscalerEvent(LogEntry entry, String cluster, String reason, String message) {
        return new Event(time(entry), Optional.empty(), "cluster-autoscaler", "Warning", reason, message,
                "Cluster/" + cluster, 1, Map.of("logName", entry.getLogName()));
    }

    private static String podNames(Map<String, Value> noScaleUp) {
        List<String> pods = new ArrayList<>();
        for (Value group : list(noScaleUp.get("unhandledPodGroups"))) {
            Map<String, Value> pod = struct(struct(struct(group).get("podGroup")).get("samplePod"));
            if (!pod.isEmpty()) {
                pods.add(str(pod.get("namespace")) + "/" + str(pod.get("name")));
            }
        }
        return String.join(", ", pods);
    }

    private static void collectMessageIds(Value value, List<String> into) {
        if (value.hasStructValue()) {
            Map<String, Value> m = value.getStructValue().getFieldsMap();
            String id = str(m.get("messageId"));
            if (!id.isEmpty()) {
                String params = join(list(m.get("parameters")));
                String rendered = id + (params.isEmpty() ? "" : " [" + params + "]");
                if (!into.contains(rendered)) {
                    into.add(rendered);
                }
            }
            m.values().forEach(v -> collectMessageIds(v, into));
        } else if (value.hasListValue()) {
            value.getListValue().getValuesList().forEach(v -> collectMessageIds(v, into));
        }
    }

    private static String join(List<Value> values) {
        List<String> parts = new ArrayList<>();
        for (Value v : values) {
            parts.add(v.hasStringValue() ? v.getStringValue() : toJson(v));
        }
        return String.join(", ", parts);
    }

    private static Map<String, Value> struct(Value v) {
        return v != null && v.hasStructValue() ? v.getStructValue().getFieldsMap() : Map.of();
    }

    private static List<Value> list(Value v) {
        return v != null && v.hasListValue() ? v.getListValue().getValuesList() : ListValue.getDefaultInstance()
                .getValuesList();
    }

    private static String str(Value v) {
        return v != null && v.hasStringValue() ? v.getStringValue() : "";
    }

    private static String toJson(com.google.protobuf.MessageOrBuilder m) {
        try {
            return JSON.print(m);
        } catch (InvalidProtocolBufferException e) {
            return m.toString();
        }
    }

    private static String stripNewline(String s) {
        String t = s;
        while (t.endsWith("\n") || t.endsWith("\r")) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }
}
