package dev.deploydiagnostics.core.read.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.api.ResourceState;

import java.time.Instant;

import static dev.deploydiagnostics.core.read.internal.JsonSupport.opt;
import static dev.deploydiagnostics.core.read.internal.JsonSupport.text;

/**
 * Reads {@code gcloud run revisions describe --format json} and {@code gcloud run services describe --format
 * json} output (Knative {@code serving.knative.dev/v1} objects) into revision and service states.
 */
public final class CloudRunReader {
    private final ReadSession session;

    /** A reader adding to this session. */
    public CloudRunReader(ReadSession session) {
        this.session = session;
    }

    /** True for a Knative serving Revision or Service. */
    public static boolean accepts(JsonNode doc) {
        return doc.isObject() && text(doc, "apiVersion").startsWith("serving.knative.dev")
                && (text(doc, "kind").equals("Revision") || text(doc, "kind").equals("Service"));
    }

    /** Reads the document; returns the items added. */
    public int read(JsonNode doc, String source) {
        boolean revision = text(doc, "kind").equals("Revision");
        JsonNode podSpec = revision ? doc.path("spec") : doc.path("spec").path("template").path("spec");
        ResourceState.Builder b = ResourceState.builder(revision ? "revision" : "service",
                text(doc, "metadata", "name")).source(source);
        b.status("Unknown");
        Instant ts = null;
        for (JsonNode c : doc.path("status").path("conditions")) {
            String type = text(c, "type");
            b.attribute("condition." + type, KubernetesObjectReader.condition(text(c, "status"), text(c, "reason"),
                    text(c, "message")));
            if (type.equals("Ready")) {
                b.status(opt(c, "status").orElse("Unknown")).reason(text(c, "reason"))
                        .message(Timestamps.oneLine(text(c, "message")));
                if (text(c, "status").equals("False")) {
                    b.attribute("severity", "error");
                }
                ts = JsonSupport.time(c, session.options().zone(), "lastTransitionTime");
            }
        }
        b.timestamp(ts != null ? ts : JsonSupport.time(doc, session.options().zone(), "metadata", "creationTimestamp"));
        JsonNode container = podSpec.path("containers").path(0);
        b.image(text(container, "image"));
        if (container.isObject()) {
            KubernetesObjectReader.containerSpec(b, container);
            b.attribute("ports", null);
            JsonNode port = container.path("ports").path(0);
            // Cloud Run sends requests to 8080 when no port is declared
            b.attribute("port", port.has("containerPort") ? text(port, "containerPort") : "8080");
        }
        put(b, "timeoutSeconds", text(podSpec, "timeoutSeconds"));
        put(b, "containerConcurrency", text(podSpec, "containerConcurrency"));
        put(b, "serviceAccount", text(podSpec, "serviceAccountName"));
        put(b, "service", text(doc, "metadata", "labels", "serving.knative.dev/service"));
        put(b, "region", text(doc, "metadata", "labels", "cloud.googleapis.com/location"));
        put(b, "latestCreatedRevision", text(doc, "status", "latestCreatedRevisionName"));
        put(b, "latestReadyRevision", text(doc, "status", "latestReadyRevisionName"));
        put(b, "url", text(doc, "status", "url"));
        session.add(b.build());
        session.platform(Platform.GCP_CLOUD_RUN);
        return 1;
    }

    private static void put(ResourceState.Builder b, String key, String value) {
        if (!value.isEmpty()) {
            b.attribute(key, value);
        }
    }
}
