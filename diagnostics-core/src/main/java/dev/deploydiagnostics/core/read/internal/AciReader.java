package dev.deploydiagnostics.core.read.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deploydiagnostics.api.Event;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.api.ResourceState;
import dev.deploydiagnostics.api.Termination;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static dev.deploydiagnostics.core.read.internal.JsonSupport.integer;
import static dev.deploydiagnostics.core.read.internal.JsonSupport.opt;
import static dev.deploydiagnostics.core.read.internal.JsonSupport.text;

/**
 * Reads {@code az container show} output (and the ARM shape with {@code properties}) into a container-group
 * state, container states and instance-view events.
 */
public final class AciReader {
    private final ReadSession session;
    private final ZoneId zone;

    /** A reader adding to this session. */
    public AciReader(ReadSession session) {
        this.session = session;
        this.zone = session.options().zone();
    }

    /** True for a container group. */
    public static boolean accepts(JsonNode doc) {
        if (!doc.isObject()) {
            return false;
        }
        if (text(doc, "type").equalsIgnoreCase("Microsoft.ContainerInstance/containerGroups")) {
            return true;
        }
        JsonNode g = doc.has("properties") ? doc.path("properties") : doc;
        return g.path("containers").isArray() && (g.has("osType") || g.has("instanceView"))
                && g.has("restartPolicy");
    }

    /** Reads the document; returns the items added. */
    public int read(JsonNode doc, String source) {
        int before = session.size();
        JsonNode g = doc.has("properties") && doc.path("properties").isObject() ? doc.path("properties") : doc;
        String group = text(doc, "name");
        ResourceState.Builder b = ResourceState.builder("container-group", group).source(source)
                .status(opt(g, "instanceView", "state").orElse("Unknown")).reason(text(g, "provisioningState"));
        put(b, "restartPolicy", text(g, "restartPolicy"));
        put(b, "osType", text(g, "osType"));
        put(b, "resourceGroup", text(doc, "resourceGroup"));
        put(b, "location", text(doc, "location"));
        session.add(b.build());
        events(g.path("instanceView").path("events"), group, "", source);
        for (JsonNode c : g.path("containers")) {
            JsonNode cp = c.has("properties") && c.path("properties").isObject() ? c.path("properties") : c;
            String name = text(c, "name");
            JsonNode view = cp.path("instanceView");
            JsonNode cur = view.path("currentState");
            ResourceState.Builder cb = ResourceState.builder("container", group + "/" + name).source(source)
                    .status(opt(cur, "state").orElse("Unknown")).reason(text(cur, "detailStatus"))
                    .exitCode(integer(cur, "exitCode")).restartCount(JsonSupport.count(view, "restartCount"))
                    .image(text(cp, "image"))
                    .timestamp(JsonSupport.first(JsonSupport.time(cur, zone, "finishTime"),
                            JsonSupport.time(cur, zone, "startTime")));
            JsonNode prev = view.path("previousState");
            if (prev.isObject() && text(prev, "state").equals("Terminated")) {
                cb.lastTermination(new Termination(text(prev, "detailStatus"),
                        Optional.ofNullable(integer(prev, "exitCode")), Optional.empty(), Optional.empty(),
                        Optional.ofNullable(JsonSupport.time(prev, zone, "finishTime"))));
            }
            JsonNode res = cp.path("resources");
            JsonNode mem = res.path("limits").path("memoryInGB").isMissingNode() ? res.path("limits").path("memoryInGb")
                    : res.path("limits").path("memoryInGB");
            if (!mem.isNumber()) {
                mem = res.path("requests").path("memoryInGB").isMissingNode() ? res.path("requests").path("memoryInGb")
                        : res.path("requests").path("memoryInGB");
            }
            if (mem.isNumber() && mem.asDouble() > 0 && mem.asDouble() < 1e6) {
                // ACI sizes memory in GB of 1024 MiB
                cb.memoryLimitBytes((long) (mem.asDouble() * 1024 * 1024 * 1024));
                cb.attribute("memoryInGB", mem.asText());
            }
            put(cb, "container-group", group);
            put(cb, "container", name);
            StringBuilder ports = new StringBuilder();
            for (JsonNode p : cp.path("ports")) {
                if (p.has("port")) {
                    ports.append(ports.length() == 0 ? "" : ",").append(p.path("port").asText());
                }
            }
            put(cb, "ports", ports.toString());
            session.add(cb.build());
            events(view.path("events"), group, name, source);
        }
        session.platform(Platform.AZURE_ACI);
        return session.size() - before;
    }

    private void events(JsonNode events, String group, String container, String source) {
        for (JsonNode e : events) {
            Map<String, String> attrs = new LinkedHashMap<>();
            attrs.put("container-group", group);
            if (!container.isEmpty()) {
                attrs.put("container", container);
            }
            attrs.put("input", source);
            session.add(new Event(Optional.ofNullable(JsonSupport.time(e, zone, "lastTimestamp")),
                    Optional.ofNullable(JsonSupport.time(e, zone, "firstTimestamp")), "aci container-group " + group,
                    text(e, "type"), text(e, "name"), text(e, "message"),
                    container.isEmpty() ? "ContainerGroup/" + group : "Container/" + group + "/" + container,
                    JsonSupport.count(e, "count"), attrs));
        }
    }

    private static void put(ResourceState.Builder b, String key, String value) {
        if (!value.isEmpty()) {
            b.attribute(key, value);
        }
    }
}
