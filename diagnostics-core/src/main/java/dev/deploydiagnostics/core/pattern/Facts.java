package dev.deploydiagnostics.core.pattern;

import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.Event;
import dev.deploydiagnostics.api.Evidence;
import dev.deploydiagnostics.api.ResourceState;
import dev.deploydiagnostics.api.Termination;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the values remedies quote (memory limit, image, container, exit code, port, ...) from the evidence a
 * finding cites and from the request.
 */
public final class Facts {
    private Facts() {
    }

    /** Facts from cited evidence first, then from the request; earlier values win. */
    public static Map<String, String> from(List<Evidence> cited, DiagnosticRequest request) {
        Map<String, String> facts = new LinkedHashMap<>();
        for (Evidence e : cited) {
            if (e instanceof ResourceState s) {
                fromState(s, facts);
            } else if (e instanceof Event ev) {
                if (!ev.involvedObject().isEmpty()) {
                    facts.putIfAbsent("object", ev.involvedObject());
                    int slash = ev.involvedObject().indexOf('/');
                    if (slash > 0 && ev.involvedObject().substring(0, slash).equalsIgnoreCase("pod")) {
                        facts.putIfAbsent("pod", ev.involvedObject().substring(slash + 1));
                    }
                }
                put(facts, "namespace", ev.attributes().get("namespace"));
            }
            put(facts, "container", e.attributes().get("container"));
            put(facts, "function", e.attributes().get("function"));
            put(facts, "pod", e.attributes().get("pod"));
            put(facts, "namespace", e.attributes().get("namespace"));
        }
        request.service().ifPresent(v -> facts.putIfAbsent("service", v));
        request.namespace().ifPresent(v -> facts.putIfAbsent("namespace", v));
        request.cluster().ifPresent(v -> facts.putIfAbsent("cluster", v));
        request.region().ifPresent(v -> facts.putIfAbsent("region", v));
        request.project().ifPresent(v -> facts.putIfAbsent("project", v));
        request.attribute(DiagnosticRequest.Attributes.AZURE_RESOURCE_GROUP).ifPresent(v -> facts.putIfAbsent("resourceGroup", v));
        request.attribute(DiagnosticRequest.Attributes.AZURE_SUBSCRIPTION).ifPresent(v -> facts.putIfAbsent("subscription", v));
        return facts;
    }

    private static void fromState(ResourceState s, Map<String, String> facts) {
        Map<String, String> a = s.attributes();
        if (s.kind().contains("container")) {
            put(facts, "container", a.getOrDefault("container", s.name()));
        }
        put(facts, s.kind().equals("task") ? "task" : s.kind().equals("function") ? "function" : "resource", s.name());
        s.image().ifPresent(v -> put(facts, "image", v));
        String limit = a.get("limits.memory");
        if (limit == null && s.memoryLimitBytes().isPresent()) {
            limit = formatBytes(s.memoryLimitBytes().get());
        }
        put(facts, "memoryLimit", limit);
        put(facts, "cpuLimit", a.get("limits.cpu"));
        s.exitCode().ifPresent(c -> put(facts, "exitCode", Integer.toString(c)));
        s.lastTermination().flatMap(Termination::exitCode).ifPresent(c -> put(facts, "exitCode", Integer.toString(c)));
        if (s.restartCount() > 0) {
            put(facts, "restartCount", Integer.toString(s.restartCount()));
        }
        String ports = a.get("ports");
        if (ports != null && !ports.isBlank()) {
            put(facts, "port", ports.split("[,\\s]+")[0]);
        }
        put(facts, "port", a.get("port"));
        put(facts, "node", a.get("node"));
        put(facts, "timeout", a.get("timeout"));
        put(facts, "memorySize", a.get("memorySize"));
        put(facts, "runtime", a.get("runtime"));
        put(facts, "handler", a.get("handler"));
        put(facts, "livenessProbe", a.get("probe.liveness"));
        put(facts, "readinessProbe", a.get("probe.readiness"));
        put(facts, "startupProbe", a.get("probe.startup"));
        put(facts, "healthCheckPath", a.get("healthCheckPath"));
        put(facts, "taskDefinition", a.get("taskDefinition"));
    }

    /** Formats bytes the way Kubernetes writes limits: {@code 512Mi}, {@code 2Gi}, or plain bytes. */
    public static String formatBytes(long bytes) {
        long gi = 1024L * 1024 * 1024;
        long mi = 1024L * 1024;
        if (bytes >= gi && bytes % gi == 0) {
            return bytes / gi + "Gi";
        }
        if (bytes >= mi && bytes % mi == 0) {
            return bytes / mi + "Mi";
        }
        if (bytes >= mi) {
            return String.format(Locale.ROOT, "%.0fMi", bytes / (double) mi);
        }
        return Long.toString(bytes);
    }

    private static void put(Map<String, String> facts, String key, String value) {
        if (value != null && !value.isBlank()) {
            facts.putIfAbsent(key, value);
        }
    }
}
