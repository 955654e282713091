package dev.deploydiagnostics.core.read.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.api.ResourceState;

import java.util.StringJoiner;

import static dev.deploydiagnostics.core.read.internal.JsonSupport.integer;
import static dev.deploydiagnostics.core.read.internal.JsonSupport.text;

/**
 * Reads {@code docker inspect} (or {@code podman inspect}) container output into {@code container} states whose
 * reason uses the Kubernetes words ({@code OOMKilled}, {@code Error}, {@code Completed}) so the same patterns
 * apply.
 */
public final class DockerInspectReader {
    private final ReadSession session;

    /** A reader adding to this session. */
    public DockerInspectReader(ReadSession session) {
        this.session = session;
    }

    /** True for one inspected container. */
    public static boolean accepts(JsonNode c) {
        return c.isObject() && c.has("Id") && c.path("State").isObject() && c.path("State").has("Status")
                && (c.has("Config") || c.has("HostConfig"));
    }

    /** Reads one inspected container. */
    public int read(JsonNode c, String source) {
        JsonNode state = c.path("State");
        String name = text(c, "Name");
        if (name.startsWith("/")) {
            name = name.substring(1);
        }
        if (name.isEmpty()) {
            name = text(c, "Id").substring(0, Math.min(12, text(c, "Id").length()));
        }
        String status = text(state, "Status");
        boolean running = state.path("Running").asBoolean(false) || status.equals("running");
        Integer exit = integer(state, "ExitCode");
        ResourceState.Builder b = ResourceState.builder("container", name).source(source).status(status)
                .message(text(state, "Error")).restartCount(JsonSupport.count(c, "RestartCount"))
                .image(text(c, "Config", "Image"));
        if (state.path("OOMKilled").asBoolean(false)) {
            b.reason("OOMKilled");
        } else if (!running && exit != null && !status.equals("created")) {
            b.reason(exit == 0 ? "Completed" : "Error");
        }
        if (!running && exit != null && !status.equals("created")) {
            b.exitCode(exit);
            b.timestamp(JsonSupport.time(state, session.options().zone(), "FinishedAt"));
        } else {
            b.timestamp(JsonSupport.time(state, session.options().zone(), "StartedAt"));
        }
        JsonNode memory = c.path("HostConfig").path("Memory");
        if (memory.isNumber() && memory.asLong() > 0) {
            b.memoryLimitBytes(memory.asLong());
        }
        b.attribute("container", name);
        String health = text(state, "Health", "Status");
        if (!health.isEmpty()) {
            b.attribute("healthStatus", health);
        }
        String policy = text(c, "HostConfig", "RestartPolicy", "Name");
        if (!policy.isEmpty()) {
            b.attribute("restartPolicy", policy);
        }
        StringJoiner ports = new StringJoiner(",");
        c.path("Config").path("ExposedPorts").fieldNames().forEachRemaining(p -> ports.add(p.replaceAll("/.*", "")));
        if (ports.length() > 0) {
            b.attribute("ports", ports.toString());
        }
        session.add(b.build());
        session.platform(Platform.DOCKER);
        return 1;
    }
}
