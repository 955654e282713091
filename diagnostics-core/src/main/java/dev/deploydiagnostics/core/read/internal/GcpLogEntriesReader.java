package dev.deploydiagnostics.core.read.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.api.Severity;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static dev.deploydiagnostics.core.read.internal.JsonSupport.opt;
import static dev.deploydiagnostics.core.read.internal.JsonSupport.text;

/** Reads {@code gcloud logging read --format json} output: an array of Cloud Logging entries. */
public final class GcpLogEntriesReader {
    private final ReadSession session;

    /** A reader adding to this session. */
    public GcpLogEntriesReader(ReadSession session) {
        this.session = session;
    }

    /** True for an array of log entries. */
    public static boolean accepts(JsonNode doc) {
        JsonNode e = doc.path(0);
        return doc.isArray() && e.isObject() && e.has("logName")
                && (e.has("textPayload") || e.has("jsonPayload") || e.has("protoPayload"));
    }

    /** Reads the entries; returns how many it read. */
    public int read(JsonNode entries, String source) {
        Map<String, LogTextReader> streams = new LinkedHashMap<>();
        int index = 0;
        for (JsonNode e : entries) {
            index++;
            String type = text(e, "resource", "type");
            if (type.startsWith("cloud_run")) {
                session.platform(Platform.GCP_CLOUD_RUN);
            } else if (type.startsWith("k8s_")) {
                session.platform(Platform.GCP_GKE);
            }
            String revision = opt(e, "resource", "labels", "revision_name")
                    .orElse(text(e, "resource", "labels", "pod_name"));
            String name = revision.isEmpty() ? source : source + ":" + revision;
            LogTextReader reader = streams.computeIfAbsent(name, n -> new LogTextReader(session, n,
                    revision.isEmpty() ? Map.of() : Map.of("resource", revision)));
            String message;
            if (e.has("textPayload")) {
                message = text(e, "textPayload");
            } else if (e.path("jsonPayload").isObject()) {
                JsonNode p = e.path("jsonPayload");
                message = opt(p, "message").orElse(p.toString());
            } else {
                JsonNode proto = e.path("protoPayload");
                message = opt(proto, "status", "message").orElse(proto.toString());
            }
            Instant ts = JsonSupport.time(e, session.options().zone(), "timestamp");
            reader.line(message, index, ts, Severity.parse(text(e, "severity")));
        }
        streams.values().forEach(LogTextReader::finish);
        return index;
    }
}
