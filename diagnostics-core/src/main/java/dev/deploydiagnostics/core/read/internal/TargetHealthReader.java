package dev.deploydiagnostics.core.read.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deploydiagnostics.api.ResourceState;

import static dev.deploydiagnostics.core.read.internal.JsonSupport.opt;
import static dev.deploydiagnostics.core.read.internal.JsonSupport.text;

/** Reads {@code aws elbv2 describe-target-health} output into one {@code target} state per target. */
public final class TargetHealthReader {
    private final ReadSession session;

    /** A reader adding to this session. */
    public TargetHealthReader(ReadSession session) {
        this.session = session;
    }

    /** True for describe-target-health output. */
    public static boolean accepts(JsonNode doc) {
        return doc.isObject() && doc.path("TargetHealthDescriptions").isArray();
    }

    /** Reads the targets; returns how many. */
    public int read(JsonNode doc, String source) {
        int n = 0;
        for (JsonNode d : doc.path("TargetHealthDescriptions")) {
            JsonNode target = d.path("Target");
            String id = text(target, "Id");
            String port = text(target, "Port");
            ResourceState.Builder b = ResourceState.builder("target", port.isEmpty() ? id : id + ":" + port)
                    .source(source).status(opt(d, "TargetHealth", "State").orElse("unknown"))
                    .reason(text(d, "TargetHealth", "Reason")).message(text(d, "TargetHealth", "Description"));
            put(b, "port", port);
            put(b, "healthCheckPort", text(d, "HealthCheckPort"));
            put(b, "availabilityZone", text(target, "AvailabilityZone"));
            session.add(b.build());
            n++;
        }
        return n;
    }

    private static void put(ResourceState.Builder b, String key, String value) {
        if (!value.isEmpty()) {
            b.attribute(key, value);
        }
    }
}
