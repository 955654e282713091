package dev.deploydiagnostics.core.read.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deploydiagnostics.api.Event;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.api.ResourceState;
import dev.deploydiagnostics.api.Termination;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.deploydiagnostics.core.read.internal.JsonSupport.count;
import static dev.deploydiagnostics.core.read.internal.JsonSupport.integer;
import static dev.deploydiagnostics.core.read.internal.JsonSupport.opt;
import static dev.deploydiagnostics.core.read.internal.JsonSupport.text;

/**
 * Reads Kubernetes objects as {@code kubectl get -o json|yaml} prints them, single or in a list: pods (with
 * their container and init-container states), core and {@code events.k8s.io} events, deployments, replica
 * sets, stateful sets, daemon sets, jobs, nodes and persistent volume claims.
 */
public final class KubernetesObjectReader {
    private static final Pattern FIELD_PATH_CONTAINER = Pattern.compile("containers\\{([^}]+)}");

    private final ReadSession session;
    private final ZoneId zone;

    /** A reader adding to this session. */
    public KubernetesObjectReader(ReadSession session) {
        this.session = session;
        this.zone = session.options().zone();
    }

    /** True when the document looks like a Kubernetes object or list. */
    public static boolean accepts(JsonNode doc) {
        if (!doc.isObject()) {
            return false;
        }
        String kind = text(doc, "kind");
        String api = text(doc, "apiVersion");
        if (api.startsWith("serving.knative.dev")) {
            return false;
        }
        return !kind.isEmpty() && (doc.has("apiVersion") || doc.has("metadata") || doc.path("items").isArray());
    }

    /** Reads the document; returns how many items it added. */
    public int read(JsonNode doc, String source) {
        int before = session.size();
        String kind = text(doc, "kind");
        if (doc.path("items").isArray() && (kind.equals("List") || kind.endsWith("List"))) {
            String itemKind = kind.endsWith("List") && !kind.equals("List") ? kind.substring(0, kind.length() - 4) : "";
            for (JsonNode item : doc.path("items")) {
                String k = text(item, "kind");
                object(item, k.isEmpty() ? itemKind : k, source);
            }
        } else {
            object(doc, kind, source);
        }
        int added = session.size() - before;
        if (added > 0) {
            session.platform(Platform.KUBERNETES);
        }
        return added;
    }

    private void object(JsonNode o, String kind, String source) {
        if (!o.isObject()) {
            return;
        }
        switch (kind) {
            case "Pod" -> pod(o, source);
            case "Event" -> event(o, source);
            case "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job" -> workload(o, kind, source);
            case "Node" -> node(o, source);
            case "PersistentVolumeClaim" -> claim(o, source);
            default -> {
                // other kinds carry no failure evidence of their own
            }
        }
        platformFromLabels(o.path("metadata").path("labels"));
    }

    private void platformFromLabels(JsonNode labels) {
        if (!labels.isObject()) {
            return;
        }
        labels.fieldNames().forEachRemaining(k -> {
            if (k.startsWith("eks.amazonaws.com/")) {
                session.platform(Platform.AWS_EKS);
            } else if (k.startsWith("cloud.google.com/gke")) {
                session.platform(Platform.GCP_GKE);
            } else if (k.startsWith("kubernetes.azure.com/")) {
                session.platform(Platform.AZURE_AKS);
            }
        });
    }

    private void pod(JsonNode pod, String source) {
        String name = text(pod, "metadata", "name");
        String ns = text(pod, "metadata", "namespace");
        String node = text(pod, "spec", "nodeName");
        JsonNode status = pod.path("status");
        ResourceState.Builder b = ResourceState.builder("pod", name).source(source)
                .status(opt(status, "phase").orElse("Unknown"))
                .reason(text(status, "reason")).message(text(status, "message"))
                .timestamp(JsonSupport.first(JsonSupport.time(status, zone, "startTime"),
                        JsonSupport.time(pod, zone, "metadata", "creationTimestamp")));
        put(b, "namespace", ns);
        put(b, "node", node);
        put(b, "qosClass", text(status, "qosClass"));
        JsonNode owner = pod.path("metadata").path("ownerReferences").path(0);
        if (owner.isObject()) {
            put(b, "controlledBy", text(owner, "kind") + "/" + text(owner, "name"));
        }
        if (pod.path("metadata").has("deletionTimestamp")) {
            b.attribute("deleting", "true");
        }
        for (JsonNode c : status.path("conditions")) {
            String st = text(c, "status");
            if (!st.equals("True")) {
                b.attribute("condition." + text(c, "type"), condition(st, text(c, "reason"), text(c, "message")));
            }
        }
        session.add(b.build());
        Map<String, JsonNode> specs = new HashMap<>();
        for (JsonNode c : pod.path("spec").path("initContainers")) {
            specs.put("init/" + text(c, "name"), c);
        }
        for (JsonNode c : pod.path("spec").path("containers")) {
            specs.put(text(c, "name"), c);
        }
        for (JsonNode cs : status.path("initContainerStatuses")) {
            container(cs, specs.get("init/" + text(cs, "name")), "init-container", name, ns, node, source);
        }
        for (JsonNode cs : status.path("containerStatuses")) {
            container(cs, specs.get(text(cs, "name")), "container", name, ns, node, source);
        }
    }

    private void container(JsonNode cs, JsonNode spec, String kind, String pod, String ns, String node,
                           String source) {
        String cname = text(cs, "name");
        ResourceState.Builder b = ResourceState.builder(kind, pod + "/" + cname).source(source);
        JsonNode state = cs.path("state");
        if (state.has("waiting")) {
            JsonNode w = state.path("waiting");
            b.status("Waiting").reason(text(w, "reason")).message(Timestamps.oneLine(text(w, "message")));
        } else if (state.has("terminated")) {
            JsonNode t = state.path("terminated");
            b.status("Terminated").reason(text(t, "reason")).message(Timestamps.oneLine(text(t, "message")))
                    .exitCode(integer(t, "exitCode")).timestamp(JsonSupport.time(t, zone, "finishedAt"));
            Integer signal = integer(t, "signal");
            if (signal != null && signal > 0) {
                b.attribute("signal", signal.toString());
            }
        } else if (state.has("running")) {
            b.status("Running").timestamp(JsonSupport.time(state, zone, "running", "startedAt"));
        } else {
            b.status("Waiting");
        }
        JsonNode last = cs.path("lastState").path("terminated");
        if (last.isObject()) {
            b.lastTermination(termination(last));
        }
        b.restartCount(count(cs, "restartCount"));
        String image = spec != null ? text(spec, "image") : "";
        b.image(image.isEmpty() ? text(cs, "image") : image);
        put(b, "pod", pod);
        put(b, "namespace", ns);
        put(b, "container", cname);
        put(b, "node", node);
        if (cs.has("ready")) {
            b.attribute("ready", Boolean.toString(cs.path("ready").asBoolean()));
        }
        if (spec != null) {
            containerSpec(b, spec);
        }
        session.add(b.build());
    }

    /** Limits, requests, ports and probes of a container spec, as attributes. */
    static void containerSpec(ResourceState.Builder b, JsonNode spec) {
        JsonNode res = spec.path("resources");
        for (String part : new String[]{"limits", "requests"}) {
            res.path(part).properties().forEach(e -> {
                if (e.getValue().isValueNode()) {
                    b.attribute(part + "." + e.getKey(), e.getValue().asText());
                }
            });
        }
        Quantities.bytes(text(res, "limits", "memory")).ifPresent(b::memoryLimitBytes);
        StringJoiner ports = new StringJoiner(",");
        for (JsonNode p : spec.path("ports")) {
            opt(p, "containerPort").ifPresent(ports::add);
        }
        if (ports.length() > 0) {
            b.attribute("ports", ports.toString());
        }
        probe(b, "liveness", spec.path("livenessProbe"));
        probe(b, "readiness", spec.path("readinessProbe"));
        probe(b, "startup", spec.path("startupProbe"));
    }

    private static void probe(ResourceState.Builder b, String name, JsonNode p) {
        if (!p.isObject()) {
            return;
        }
        String action;
        if (p.has("httpGet")) {
            JsonNode h = p.path("httpGet");
            action = "http-get " + text(h, "host") + ":" + text(h, "port") + opt(h, "path").orElse("/");
        } else if (p.has("tcpSocket")) {
            action = "tcp-socket " + text(p, "tcpSocket", "host") + ":" + text(p, "tcpSocket", "port");
        } else if (p.has("grpc")) {
            action = "grpc " + text(p, "grpc", "host") + ":" + text(p, "grpc", "port");
        } else if (p.has("exec")) {
            StringJoiner cmd = new StringJoiner(" ", "[", "]");
            p.path("exec").path("command").forEach(c -> cmd.add(c.asText()));
            action = "exec " + cmd;
        } else {
            return;
        }
        b.attribute("probe." + name, action);
        b.attribute("probe." + name + ".settings", "delay=" + count(p, "initialDelaySeconds") + "s timeout="
                + orDefault(integer(p, "timeoutSeconds"), 1) + "s period=" + orDefault(integer(p, "periodSeconds"), 10)
                + "s #success=" + orDefault(integer(p, "successThreshold"), 1) + " #failure="
                + orDefault(integer(p, "failureThreshold"), 3));
    }

    private static int orDefault(Integer v, int d) {
        return v == null ? d : v;
    }

    private Termination termination(JsonNode t) {
        Integer signal = integer(t, "signal");
        return new Termination(text(t, "reason"), Optional.ofNullable(integer(t, "exitCode")),
                Optional.ofNullable(signal).filter(s -> s > 0), opt(t, "message").map(Timestamps::oneLine),
                Optional.ofNullable(JsonSupport.time(t, zone, "finishedAt")));
    }

    private void event(JsonNode e, String source) {
        boolean v1 = text(e, "apiVersion").startsWith("events.k8s.io") || e.has("regarding") || e.has("note");
        JsonNode obj = v1 ? e.path("regarding") : e.path("involvedObject");
        String involved = text(obj, "kind").isEmpty() ? text(obj, "name") : text(obj, "kind") + "/" + text(obj, "name");
        String message = Timestamps.oneLine(v1 ? text(e, "note") : text(e, "message"));
        int n = v1 ? JsonSupport.first(integer(e, "series", "count"), integer(e, "deprecatedCount"), 1)
                : JsonSupport.first(integer(e, "count"), integer(e, "series", "count"), 1);
        Instant last = v1
                ? JsonSupport.first(JsonSupport.time(e, zone, "series", "lastObservedTime"),
                JsonSupport.time(e, zone, "deprecatedLastTimestamp"), JsonSupport.time(e, zone, "eventTime"))
                : JsonSupport.first(JsonSupport.time(e, zone, "lastTimestamp"),
                JsonSupport.time(e, zone, "series", "lastObservedTime"), JsonSupport.time(e, zone, "eventTime"),
                JsonSupport.time(e, zone, "firstTimestamp"));
        Instant first = v1 ? JsonSupport.time(e, zone, "deprecatedFirstTimestamp")
                : JsonSupport.first(JsonSupport.time(e, zone, "firstTimestamp"), JsonSupport.time(e, zone, "eventTime"));
        String reporter = v1
                ? opt(e, "reportingController").orElse(text(e, "deprecatedSource", "component"))
                : opt(e, "source", "component").orElse(text(e, "reportingComponent"));
        Map<String, String> attrs = new LinkedHashMap<>();
        String ns = opt(obj, "namespace").orElse(text(e, "metadata", "namespace"));
        putAttr(attrs, "namespace", ns);
        putAttr(attrs, "input", source);
        String fieldPath = text(obj, "fieldPath");
        putAttr(attrs, "fieldPath", fieldPath);
        Matcher m = FIELD_PATH_CONTAINER.matcher(fieldPath);
        if (m.find()) {
            attrs.put("container", m.group(1));
        }
        putAttr(attrs, "host", v1 ? text(e, "deprecatedSource", "host") : text(e, "source", "host"));
        if (text(obj, "kind").equals("Pod")) {
            attrs.put("pod", text(obj, "name"));
        }
        session.add(new Event(Optional.ofNullable(last), Optional.ofNullable(first),
                reporter.isEmpty() ? source : reporter, text(e, "type"), text(e, "reason"), message, involved,
                n, attrs));
    }

    private void workload(JsonNode w, String kind, String source) {
        String name = text(w, "metadata", "name");
        JsonNode spec = w.path("spec");
        JsonNode st = w.path("status");
        Map<String, JsonNode> conditions = new LinkedHashMap<>();
        for (JsonNode c : st.path("conditions")) {
            conditions.put(text(c, "type"), c);
        }
        ResourceState.Builder b = ResourceState.builder(kind.toLowerCase(Locale.ROOT), name).source(source);
        put(b, "namespace", text(w, "metadata", "namespace"));
        int desired;
        int ready;
        int available;
        int updated;
        if (kind.equals("DaemonSet")) {
            desired = count(st, "desiredNumberScheduled");
            ready = count(st, "numberReady");
            available = count(st, "numberAvailable");
            updated = count(st, "updatedNumberScheduled");
        } else if (kind.equals("Job")) {
            desired = JsonSupport.first(integer(spec, "completions"), 1);
            ready = count(st, "ready");
            available = count(st, "succeeded");
            updated = count(st, "active");
            put(b, "failed", text(st, "failed"));
            put(b, "backoffLimit", text(spec, "backoffLimit"));
        } else {
            desired = JsonSupport.first(integer(spec, "replicas"), 1);
            ready = count(st, "readyReplicas");
            available = count(st, "availableReplicas");
            updated = count(st, "updatedReplicas");
        }
        b.attribute("replicas.desired", Integer.toString(desired));
        b.attribute("replicas.updated", Integer.toString(updated));
        b.attribute("replicas.ready", Integer.toString(ready));
        b.attribute("replicas.available", Integer.toString(available));
        String revision = text(w, "metadata", "annotations", "deployment.kubernetes.io/revision");
        put(b, "revision", revision.isEmpty() ? text(st, "currentRevision") : revision);
        conditions.forEach((type, c) -> b.attribute("condition." + type,
                condition(text(c, "status"), text(c, "reason"), text(c, "message"))));
        JsonNode progressing = conditions.get("Progressing");
        JsonNode failure = conditions.get("ReplicaFailure");
        JsonNode failed = conditions.get("Failed");
        if (kind.equals("Job")) {
            if (failed != null && text(failed, "status").equals("True")) {
                b.status("Failed").reason(text(failed, "reason")).message(text(failed, "message"));
            } else if (conditions.containsKey("Complete") && text(conditions.get("Complete"), "status").equals("True")) {
                b.status("Complete");
            } else {
                b.status("Progressing");
            }
        } else if (progressing != null && text(progressing, "status").equals("False")) {
            b.status("Failed").reason(text(progressing, "reason")).message(text(progressing, "message"));
        } else if (failure != null && text(failure, "status").equals("True")) {
            b.status("Failed").reason(text(failure, "reason")).message(text(failure, "message"));
        } else if (available >= desired && updated >= desired && ready >= desired) {
            b.status("Available");
        } else {
            b.status("Progressing");
            if (progressing != null) {
                b.reason(text(progressing, "reason")).message(text(progressing, "message"));
            }
        }
        Instant ts = null;
        for (JsonNode c : conditions.values()) {
            Instant t = JsonSupport.first(JsonSupport.time(c, zone, "lastUpdateTime"),
                    JsonSupport.time(c, zone, "lastTransitionTime"));
            if (t != null && (ts == null || t.isAfter(ts))) {
                ts = t;
            }
        }
        b.timestamp(ts);
        JsonNode containers = spec.path("template").path("spec").path("containers");
        List<String> images = new ArrayList<>();
        containers.forEach(c -> opt(c, "image").ifPresent(images::add));
        if (!images.isEmpty()) {
            b.image(String.join(",", images));
        }
        session.add(b.build());
    }

    private void node(JsonNode n, String source) {
        String name = text(n, "metadata", "name");
        ResourceState.Builder b = ResourceState.builder("node", name).source(source);
        b.status("NotReady");
        boolean pressure = false;
        for (JsonNode c : n.path("status").path("conditions")) {
            String type = text(c, "type");
            String st = text(c, "status");
            b.attribute("condition." + type, condition(st, text(c, "reason"), text(c, "message")));
            if (type.equals("Ready")) {
                if (st.equals("True")) {
                    b.status("Ready");
                } else {
                    b.reason(text(c, "reason")).message(text(c, "message"));
                }
                b.timestamp(JsonSupport.time(c, zone, "lastTransitionTime"));
            } else if (st.equals("True")) {
                pressure = true;
            }
        }
        StringJoiner taints = new StringJoiner(",");
        for (JsonNode t : n.path("spec").path("taints")) {
            String v = text(t, "value");
            taints.add(text(t, "key") + (v.isEmpty() ? "" : "=" + v) + ":" + text(t, "effect"));
        }
        if (taints.length() > 0) {
            b.attribute("taints", taints.toString());
        }
        if (n.path("spec").path("unschedulable").asBoolean(false)) {
            b.attribute("unschedulable", "true");
        }
        if (pressure) {
            b.attribute("severity", "warning");
        }
        session.add(b.build());
    }

    private void claim(JsonNode c, String source) {
        ResourceState.Builder b = ResourceState.builder("volume-claim", text(c, "metadata", "name")).source(source)
                .status(opt(c, "status", "phase").orElse("Unknown"))
                .timestamp(JsonSupport.time(c, zone, "metadata", "creationTimestamp"));
        put(b, "namespace", text(c, "metadata", "namespace"));
        put(b, "storageClass", text(c, "spec", "storageClassName"));
        put(b, "requests.storage", text(c, "spec", "resources", "requests", "storage"));
        put(b, "volumeName", text(c, "spec", "volumeName"));
        session.add(b.build());
    }

    /** A condition rendered as {@code False: Unschedulable: 0/3 nodes are available...}. */
    static String condition(String status, String reason, String rawMessage) {
        String message = Timestamps.oneLine(rawMessage);
        StringBuilder sb = new StringBuilder(status.isEmpty() ? "Unknown" : status);
        if (!reason.isEmpty()) {
            sb.append(": ").append(reason);
        }
        if (!message.isEmpty()) {
            sb.append(": ").append(message);
        }
        return sb.toString();
    }

    private static void put(ResourceState.Builder b, String key, String value) {
        if (value != null && !value.isEmpty()) {
            b.attribute(key, value);
        }
    }

    private static void putAttr(Map<String, String> attrs, String key, String value) {
        if (value != null && !value.isEmpty()) {
            attrs.put(key, value);
        }
    }
}
