package dev.deploydiagnostics.k8s.internal;

import dev.deploydiagnostics.api.Event;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lists a namespace's events once through each events API ({@code core/v1} and {@code events.k8s.io/v1}),
 * keeps those about the objects involved, and merges the copies both APIs serve of the same event.
 *
 * <p>One list per namespace rather than one call per object: a field selector per pod would cost hundreds of
 * calls for a large workload.
 */
public final class EventCollector {
    private static final Pattern FIELD_CONTAINER = Pattern.compile("spec\\.(?:initContainers|containers|"
            + "ephemeralContainers)\\{([^}]+)}");

    private final KubernetesClient client;
    private final Calls calls;

    /** A collector using this client. */
    public EventCollector(KubernetesClient client, Calls calls) {
        this.client = client;
        this.calls = calls;
    }

    /**
     * The events of the namespace about objects {@code involved} accepts, last seen within the window, oldest
     * first.
     *
     * @param involved accepts an involved object as {@code Kind/name}
     */
    public List<Event> collect(String namespace, Predicate<String> involved, Instant from, Optional<Instant> to) {
        Map<String, Event> byKey = new LinkedHashMap<>();
        Set<String> uids = new HashSet<>();
        calls.listAll("events (core/v1) in namespace " + namespace,
                        Access.namespaced("list", "events", "core/v1", namespace),
                        o -> client.v1().events().inNamespace(namespace).list(o))
                .ifPresent(items -> {
                    for (io.fabric8.kubernetes.api.model.Event e : items) {
                        Optional<Event> mapped = core(e, namespace);
                        mapped.ifPresent(m -> keep(byKey, uids, e.getMetadata().getUid(), m, involved, from, to));
                    }
                });
        calls.listAll("events (events.k8s.io/v1) in namespace " + namespace,
                        Access.namespaced("list", "events", "events.k8s.io/v1", namespace),
                        o -> client.events().v1().events().inNamespace(namespace).list(o))
                .ifPresent(items -> {
                    for (io.fabric8.kubernetes.api.model.events.v1.Event e : items) {
                        Optional<Event> mapped = eventsApi(e, namespace);
                        mapped.ifPresent(m -> keep(byKey, uids, e.getMetadata().getUid(), m, involved, from, to));
                    }
                });
        List<Event> events = new ArrayList<>(byKey.values());
        events.sort(Comparator.comparing((Event e) -> e.timestamp().orElse(Instant.MIN)));
        return events;
    }

    private static void keep(Map<String, Event> byKey, Set<String> uids, String uid, Event e,
                             Predicate<String> involved, Instant from, Optional<Instant> to) {
        if (!involved.test(e.involvedObject())) {
            return;
        }
        if (e.timestamp().isPresent() && (e.timestamp().get().isBefore(from)
                || to.filter(end -> e.timestamp().get().isAfter(end)).isPresent())) {
            return;
        }
        // Both APIs serve the same stored event: the uid catches that, the content key catches copies
        // recorded without one.
        if (uid != null && !uids.add(uid)) {
            return;
        }
        String key = e.involvedObject() + "|" + e.reason() + "|" + e.message() + "|"
                + e.firstTimestamp().or(e::timestamp).map(Instant::toString).orElse("");
        byKey.putIfAbsent(key, e);
    }

    static Optional<Event> core(io.fabric8.kubernetes.api.model.Event e, String namespace) {
        ObjectReference ref = e.getInvolvedObject();
        if (ref == null) {
            return Optional.empty();
        }
        Optional<Instant> last = Kube.time(e.getLastTimestamp())
                .or(() -> e.getSeries() == null ? Optional.empty() : Kube.time(e.getSeries().getLastObservedTime()))
                .or(() -> Kube.time(e.getEventTime()))
                .or(() -> Kube.time(e.getMetadata().getCreationTimestamp()));
        Optional<Instant> first = Kube.time(e.getFirstTimestamp()).or(() -> Kube.time(e.getEventTime()));
        int count = e.getSeries() != null && e.getSeries().getCount() != null ? e.getSeries().getCount()
                : Kube.num(e.getCount());
        String source = e.getSource() != null && e.getSource().getComponent() != null
                ? e.getSource().getComponent() : Optional.ofNullable(e.getReportingComponent()).orElse("");
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("namespace", namespace);
        attributes.put("api", "core/v1");
        if (e.getSource() != null && e.getSource().getHost() != null) {
            attributes.put("node", e.getSource().getHost());
        }
        fieldPath(attributes, ref.getFieldPath());
        return Optional.of(new Event(last, first, source, nz(e.getType()), nz(e.getReason()), nz(e.getMessage()),
                ref.getKind() + "/" + ref.getName(), Math.max(1, count), attributes));
    }

    static Optional<Event> eventsApi(io.fabric8.kubernetes.api.model.events.v1.Event e, String namespace) {
        ObjectReference ref = e.getRegarding();
        if (ref == null) {
            return Optional.empty();
        }
        Optional<Instant> last = (e.getSeries() == null ? Optional.<Instant>empty()
                : Kube.time(e.getSeries().getLastObservedTime()))
                .or(() -> Kube.time(e.getDeprecatedLastTimestamp()))
                .or(() -> Kube.time(e.getEventTime()))
                .or(() -> Kube.time(e.getMetadata().getCreationTimestamp()));
        Optional<Instant> first = Kube.time(e.getDeprecatedFirstTimestamp()).or(() -> Kube.time(e.getEventTime()));
        int count = e.getSeries() != null && e.getSeries().getCount() != null ? e.getSeries().getCount()
                : Kube.num(e.getDeprecatedCount());
        String source = e.getReportingController() != null ? e.getReportingController()
                : e.getDeprecatedSource() != null ? nz(e.getDeprecatedSource().getComponent()) : "";
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("namespace", namespace);
        attributes.put("api", "events.k8s.io/v1");
        if (e.getReportingInstance() != null) {
            attributes.put("reportingInstance", e.getReportingInstance());
        }
        if (e.getAction() != null) {
            attributes.put("action", e.getAction());
        }
        fieldPath(attributes, ref.getFieldPath());
        return Optional.of(new Event(last, first, source, nz(e.getType()), nz(e.getReason()), nz(e.getNote()),
                ref.getKind() + "/" + ref.getName(), Math.max(1, count), attributes));
    }

    private static void fieldPath(Map<String, String> attributes, String fieldPath) {
        if (fieldPath == null || fieldPath.isBlank()) {
            return;
        }
        attributes.put("fieldPath", fieldPath);
        Matcher m = FIELD_CONTAINER.matcher(fieldPath);
        if (m.find()) {
            attributes.put("container", m.group(1));
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
