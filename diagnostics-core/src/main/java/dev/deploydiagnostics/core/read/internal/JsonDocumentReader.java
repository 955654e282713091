package dev.deploydiagnostics.core.read.internal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Chooses the reader for one parsed JSON or YAML document by its shape: Kubernetes objects, ECS tasks and
 * services, CloudWatch log events, Lambda configurations, Cloud Run revisions and services, Azure container
 * groups, Cloud Logging entries; arrays of those element by element.
 */
public final class JsonDocumentReader {
    private static final String[] MARKERS = {"\"kind\"", "\"tasks\"", "\"services\"", "\"events\"",
        "\"FunctionName\"", "\"Configuration\"", "\"containers\"", "\"logName\"", "\"taskArn\"",
        "\"TargetHealthDescriptions\"", "\"State\""};

    private final ReadSession session;

    /** A reader adding to this session. */
    public JsonDocumentReader(ReadSession session) {
        this.session = session;
    }

    /** The texts {@link #mayBeDocument} looks for. */
    static java.util.List<String> markers() {
        return java.util.List.of(MARKERS);
    }

    /** A cheap check whether one line of JSON may be a document this reader knows, rather than a log record. */
    public static boolean mayBeDocument(String json) {
        for (String m : MARKERS) {
            if (json.contains(m)) {
                return true;
            }
        }
        return false;
    }

    /** True when the document has a shape this reader knows, judged without reading it. */
    public static boolean recognises(JsonNode doc) {
        if (doc == null) {
            return false;
        }
        if (doc.isArray()) {
            if (GcpLogEntriesReader.accepts(doc) || CloudWatchLogsReader.acceptsEvents(doc)) {
                return true;
            }
            for (JsonNode element : doc) {
                if (element.isObject() && recognisesObject(element)) {
                    return true;
                }
            }
            return false;
        }
        return doc.isObject() && recognisesObject(doc);
    }

    private static boolean recognisesObject(JsonNode doc) {
        return CloudRunReader.accepts(doc) || KubernetesObjectReader.accepts(doc) || EcsReader.acceptsTasks(doc)
                || EcsReader.acceptsServices(doc) || EcsReader.isTask(doc) || CloudWatchLogsReader.accepts(doc)
                || LambdaReader.accepts(doc) || AciReader.accepts(doc) || TargetHealthReader.accepts(doc)
                || DockerInspectReader.accepts(doc);
    }

    /** Reads the document if its shape is known; returns false, adding nothing, when it is not. */
    public boolean read(JsonNode doc, String source) {
        if (doc == null) {
            return false;
        }
        if (doc.isArray()) {
            if (GcpLogEntriesReader.accepts(doc)) {
                new GcpLogEntriesReader(session).read(doc, source);
                return true;
            }
            if (CloudWatchLogsReader.acceptsEvents(doc)) {
                new CloudWatchLogsReader(session).read(doc, source);
                return true;
            }
            boolean any = false;
            for (JsonNode element : doc) {
                if (element.isObject()) {
                    any |= object(element, source);
                }
            }
            return any;
        }
        return doc.isObject() && object(doc, source);
    }

    private boolean object(JsonNode doc, String source) {
        if (CloudRunReader.accepts(doc)) {
            return new CloudRunReader(session).read(doc, source) > 0;
        }
        if (KubernetesObjectReader.accepts(doc)) {
            return new KubernetesObjectReader(session).read(doc, source) > 0;
        }
        if (EcsReader.acceptsTasks(doc)) {
            new EcsReader(session).readTasks(doc, source);
            return true;
        }
        if (EcsReader.acceptsServices(doc)) {
            new EcsReader(session).readServices(doc, source);
            return true;
        }
        if (EcsReader.isTask(doc)) {
            EcsReader ecs = new EcsReader(session);
            ecs.task(doc, source);
            session.platform(dev.deploydiagnostics.api.Platform.AWS_ECS);
            return true;
        }
        if (CloudWatchLogsReader.accepts(doc)) {
            new CloudWatchLogsReader(session).read(doc.path("events"), source);
            return true;
        }
        if (LambdaReader.accepts(doc)) {
            return new LambdaReader(session).read(doc, source) > 0;
        }
        if (AciReader.accepts(doc)) {
            return new AciReader(session).read(doc, source) > 0;
        }
        if (TargetHealthReader.accepts(doc)) {
            return new TargetHealthReader(session).read(doc, source) > 0;
        }
        if (DockerInspectReader.accepts(doc)) {
            return new DockerInspectReader(session).read(doc, source) > 0;
        }
        return false;
    }
}
