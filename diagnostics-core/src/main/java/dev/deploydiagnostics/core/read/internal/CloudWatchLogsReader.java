package dev.deploydiagnostics.core.read.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deploydiagnostics.api.Severity;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static dev.deploydiagnostics.core.read.internal.JsonSupport.text;

/**
 * Reads {@code aws logs filter-log-events} and {@code get-log-events} output
 * ({@code {"events":[{"timestamp":ms,"message":...,"logStreamName":...}]}}), or a bare array of such events,
 * one stream per log stream name.
 */
public final class CloudWatchLogsReader {
    private final ReadSession session;

    /** A reader adding to this session. */
    public CloudWatchLogsReader(ReadSession session) {
        this.session = session;
    }

    /** True when the array holds log events (each with a message and a numeric timestamp). */
    public static boolean acceptsEvents(JsonNode events) {
        if (!events.isArray() || events.isEmpty()) {
            return false;
        }
        JsonNode e = events.path(0);
        return e.isObject() && e.has("message") && e.path("timestamp").isNumber();
    }

    /** True for filter-log-events or get-log-events output. */
    public static boolean accepts(JsonNode doc) {
        return doc.isObject() && (acceptsEvents(doc.path("events"))
                || (doc.path("events").isArray() && doc.path("events").isEmpty()
                && (doc.has("nextForwardToken") || doc.has("searchedLogStreams"))));
    }

    /** Reads the events array; returns how many log events it read. */
    public int read(JsonNode events, String source) {
        Map<String, LogTextReader> streams = new LinkedHashMap<>();
        int index = 0;
        for (JsonNode e : events) {
            index++;
            if (!e.isObject()) {
                continue;
            }
            String stream = text(e, "logStreamName");
            String group = text(e, "logGroupName");
            String name = stream.isEmpty() ? source : source + ":" + stream;
            LogTextReader reader = streams.computeIfAbsent(name, n -> {
                Map<String, String> attrs = new LinkedHashMap<>();
                if (!stream.isEmpty()) {
                    attrs.put("logStream", stream);
                }
                if (!group.isEmpty()) {
                    attrs.put("logGroup", group);
                }
                return new LogTextReader(session, n, attrs);
            });
            Instant ts = JsonSupport.time(e, session.options().zone(), "timestamp");
            reader.line(text(e, "message"), index, ts, Severity.UNKNOWN);
        }
        streams.values().forEach(LogTextReader::finish);
        return index;
    }
}
