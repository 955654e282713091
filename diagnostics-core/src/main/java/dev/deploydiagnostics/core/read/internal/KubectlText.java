package dev.deploydiagnostics.core.read.internal;

import dev.deploydiagnostics.api.Event;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What {@code kubectl}'s text outputs share: event ages with repeat counts and resource kind names. */
final class KubectlText {
    private static final Pattern AGE = Pattern.compile("^(\\S+)(?:\\s+\\(x(\\d+) over (\\S+)\\))?");
    private static final Map<String, String> KINDS = Map.ofEntries(
            Map.entry("pod", "Pod"), Map.entry("deployment", "Deployment"), Map.entry("replicaset", "ReplicaSet"),
            Map.entry("statefulset", "StatefulSet"), Map.entry("daemonset", "DaemonSet"), Map.entry("job", "Job"),
            Map.entry("cronjob", "CronJob"), Map.entry("node", "Node"), Map.entry("service", "Service"),
            Map.entry("endpoints", "Endpoints"), Map.entry("persistentvolumeclaim", "PersistentVolumeClaim"),
            Map.entry("persistentvolume", "PersistentVolume"), Map.entry("configmap", "ConfigMap"),
            Map.entry("secret", "Secret"), Map.entry("ingress", "Ingress"), Map.entry("namespace", "Namespace"),
            Map.entry("horizontalpodautoscaler", "HorizontalPodAutoscaler"), Map.entry("serviceaccount", "ServiceAccount"));

    private KubectlText() {
    }

    /** An age cell such as {@code 10s (x20 over 4m)}: the age, the count (1 when absent), the first age. */
    record Age(String last, int count, String first) {
    }

    static Age age(String cell) {
        Matcher m = AGE.matcher(cell.strip());
        if (!m.find()) {
            return new Age("", 1, "");
        }
        int count = 1;
        if (m.group(2) != null) {
            try {
                count = Integer.parseInt(m.group(2));
            } catch (NumberFormatException e) {
                count = Integer.MAX_VALUE;
            }
        }
        return new Age(m.group(1), count, m.group(3) == null ? "" : m.group(3));
    }

    /** {@code pod/api-7d9} as {@code Pod/api-7d9}. */
    static String object(String cell) {
        int slash = cell.indexOf('/');
        if (slash <= 0) {
            return cell;
        }
        String kind = cell.substring(0, slash);
        String bare = kind.contains(".") ? kind.substring(0, kind.indexOf('.')) : kind;
        String mapped = KINDS.get(bare.toLowerCase(Locale.ROOT));
        if (mapped == null) {
            mapped = Character.toUpperCase(bare.charAt(0)) + bare.substring(1);
        }
        return mapped + cell.substring(slash);
    }

    static boolean eventType(String cell) {
        return cell.equals("Normal") || cell.equals("Warning");
    }

    static Event event(String source, String reporter, String type, String reason, String message, String object,
                       Age age, Map<String, String> extra) {
        Map<String, String> attrs = new LinkedHashMap<>(extra);
        attrs.put("input", source);
        if (!age.last().isEmpty()) {
            attrs.put("age", age.last());
        }
        if (!age.first().isEmpty()) {
            attrs.put("firstSeenAge", age.first());
        }
        if (object.startsWith("Pod/")) {
            attrs.put("pod", object.substring(4));
        }
        return new Event(Optional.empty(), Optional.empty(), reporter.isEmpty() ? source : reporter, type, reason,
                message, object, age.count(), attrs);
    }
}
