package dev.deploydiagnostics.k8s.internal;

import dev.deploydiagnostics.api.CollectionContext;
import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.DiagnosticRequest.Attributes;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.Platform;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One collection against one cluster: resolves the target, then gathers rollout state, pods, events, logs
 * and context in that order, stopping with a {@link CollectionGap.Kind#TIMEOUT} gap when the deadline comes.
 *
 * <p>Not thread-safe; the provider makes one per collection.
 */
public final class KubernetesCollector {
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesCollector.class);
    private static final List<String> WORKLOAD_KINDS = List.of("Deployment", "StatefulSet", "DaemonSet", "Job");

    private final KubernetesClient client;
    private final DiagnosticRequest request;
    private final CollectionContext context;
    private final String provider;
    private final String namespace;
    private final EvidenceBundle.Builder out = EvidenceBundle.builder();
    private final Calls calls;
    private final int maxLogContainers;
    private final Instant now;

    private HasMetadata workload;
    private String workloadKind;
    private final List<ReplicaSet> replicaSets = new ArrayList<>();
    private Optional<ReplicaSet> newReplicaSet = Optional.empty();
    private final List<Pod> pods = new ArrayList<>();

    /** A collection of {@code request} through {@code client}. */
    public KubernetesCollector(String provider, KubernetesClient client, DiagnosticRequest request,
                               CollectionContext context) {
        this.provider = provider;
        this.client = client;
        this.request = request;
        this.context = context;
        this.namespace = request.namespace()
                .or(() -> Optional.ofNullable(client.getNamespace()).filter(s -> !s.isBlank()))
                .orElse("default");
        this.calls = new Calls(provider, out, context, setting("pageSize", 500));
        this.maxLogContainers = (int) setting("logs.maxContainers", 10);
        this.now = context.clock().instant();
    }

    private long setting(String key, long fallback) {
        return context.setting(key).map(v -> {
            try {
                return Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                return fallback;
            }
        }).filter(v -> v > 0).orElse(fallback);
    }

    /** Runs every step it has time for and returns what it found. */
    public EvidenceBundle collect() {
        long started = System.nanoTime();
        if (resolveTarget()) {
            out.platform(request.platform().filter(Platform::isKubernetes).orElse(Platform.KUBERNETES));
            Map<String, Runnable> steps = new LinkedHashMap<>();
            steps.put("events in namespace " + namespace, this::events);
            steps.put("logs of failing containers in namespace " + namespace, this::logs);
            steps.put("volume claims in namespace " + namespace, () -> context().volumeClaims(pods, out));
            steps.put("referenced ConfigMaps and Secrets in namespace " + namespace,
                    () -> context().missingReferences(pods, out));
            steps.put("resource quotas in namespace " + namespace, () -> context().quotas(out));
            steps.put("limit ranges in namespace " + namespace, () -> context().limitRanges(out));
            steps.put("nodes of the pods", () -> context().nodes(pods, out));
            steps.put("services selecting the pods in namespace " + namespace, () -> context().services(pods, out));
            List<String> names = new ArrayList<>(steps.keySet());
            for (int i = 0; i < names.size(); i++) {
                if (context.isExpired()) {
                    out.add(CollectionGap.of(provider, String.join("; ", names.subList(i, names.size())),
                            "the collection deadline passed before these were reached", CollectionGap.Kind.TIMEOUT));
                    break;
                }
                steps.get(names.get(i)).run();
            }
        }
        LOG.debug("collected {} items from namespace {} in {} ms", out.size(), namespace,
                (System.nanoTime() - started) / 1_000_000);
        return out.build();
    }

    private ContextCollector context() {
        return new ContextCollector(client, calls, namespace);
    }

    // ---- target ----

    private boolean resolveTarget() {
        Optional<String> kind = request.attribute(Attributes.WORKLOAD_KIND).map(KubernetesCollector::normalKind);
        Optional<String> pod = request.attribute(Attributes.POD)
                .or(() -> kind.filter("Pod"::equals).flatMap(k -> request.service()));
        if (pod.isPresent()) {
            return resolvePod(pod.get());
        }
        if (request.service().isPresent()) {
            return resolveWorkload(request.service().get(), kind);
        }
        Optional<String> selector = request.attribute(Attributes.LABEL_SELECTOR);
        if (selector.isPresent()) {
            return listPods(selector.get(), p -> true);
        }
        out.add(CollectionGap.of(provider, "the workload to diagnose", "the request names no workload, pod or"
                + " label selector", CollectionGap.Kind.NOT_FOUND));
        return false;
    }

    private static String normalKind(String kind) {
        String k = kind.trim().toLowerCase(Locale.ROOT);
        return switch (k) {
            case "deployment", "deployments", "deploy" -> "Deployment";
            case "statefulset", "statefulsets", "sts" -> "StatefulSet";
            case "daemonset", "daemonsets", "ds" -> "DaemonSet";
            case "job", "jobs" -> "Job";
            case "pod", "pods", "po" -> "Pod";
            default -> kind.trim();
        };
    }

    private boolean resolvePod(String name) {
        Calls.Outcome<Pod> found = calls.attempt("pod " + name + " in namespace " + namespace,
                Access.namespaced("get", "pods", "core/v1", namespace),
                () -> client.pods().inNamespace(namespace).withName(name).get());
        if (found.gap().isPresent()) {
            out.add(found.gap().get());
            return false;
        }
        if (found.value().isEmpty()) {
            out.add(notFound("pod " + name + " in namespace " + namespace));
            return false;
        }
        pods.add(found.value().get());
        out.addAll(PodStates.describe(found.value().get(), Map.of()));
        return true;
    }

    private boolean resolveWorkload(String name, Optional<String> kind) {
        List<String> kinds = kind.map(List::of).orElse(WORKLOAD_KINDS);
        List<CollectionGap> refused = new ArrayList<>();
        for (String k : kinds) {
            if (!WORKLOAD_KINDS.contains(k)) {
                out.add(CollectionGap.of(provider, k + " " + name, "workload kind " + k + " is not supported; use"
                        + " one of " + WORKLOAD_KINDS + " or Pod", CollectionGap.Kind.UNSUPPORTED));
                return false;
            }
            Calls.Outcome<? extends HasMetadata> found = calls.attempt(k.toLowerCase(Locale.ROOT) + " " + name
                    + " in namespace " + namespace, access("get", k), get(k, name));
            if (found.gap().isPresent()) {
                if (found.gap().get().kind() != CollectionGap.Kind.PERMISSION_DENIED) {
                    // The server is unreachable or failing: asking for the other kinds would fail the same way.
                    out.add(found.gap().get());
                    return false;
                }
                refused.add(found.gap().get());
                continue;
            }
            if (found.value().isPresent()) {
                workload = found.value().get();
                workloadKind = k;
                return collectWorkload();
            }
        }
        if (!refused.isEmpty()) {
            out.addAll(refused);
        } else {
            String kindsText = kinds.size() == 1 ? kinds.get(0) : String.join(", ", kinds.subList(0, kinds.size() - 1))
                    + " or " + kinds.get(kinds.size() - 1);
            out.add(notFound(kindsText + " " + name + " in namespace " + namespace));
        }
        return false;
    }

    private CollectionGap notFound(String what) {
        return CollectionGap.of(provider, what, "it does not exist in the cluster (404 Not Found); check the name,"
                + " kind and namespace", CollectionGap.Kind.NOT_FOUND);
    }

    private Supplier<? extends HasMetadata> get(String kind, String name) {
        return switch (kind) {
            case "Deployment" -> () -> client.apps().deployments().inNamespace(namespace).withName(name).get();
            case "StatefulSet" -> () -> client.apps().statefulSets().inNamespace(namespace).withName(name).get();
            case "DaemonSet" -> () -> client.apps().daemonSets().inNamespace(namespace).withName(name).get();
            default -> () -> client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
        };
    }

    private Access access(String verb, String kind) {
        return switch (kind) {
            case "Deployment" -> Access.namespaced(verb, "deployments", "apps/v1", namespace);
            case "StatefulSet" -> Access.namespaced(verb, "statefulsets", "apps/v1", namespace);
            case "DaemonSet" -> Access.namespaced(verb, "daemonsets", "apps/v1", namespace);
            default -> Access.namespaced(verb, "jobs", "batch/v1", namespace);
        };
    }

    private boolean collectWorkload() {
        String uid = workload.getMetadata().getUid();
        switch (workloadKind) {
            case "Deployment" -> {
                Deployment d = (Deployment) workload;
                LabelSelector selector = d.getSpec().getSelector();
                Optional<List<ReplicaSet>> listed = calls.listAll("replica sets of deployment "
                                + d.getMetadata().getName() + " in namespace " + namespace,
                        Access.namespaced("list", "replicasets", "apps/v1", namespace),
                        o -> client.apps().replicaSets().inNamespace(namespace).withLabelSelector(selector).list(o));
                listed.ifPresent(all -> all.stream().filter(rs -> ownedBy(rs, uid)).forEach(replicaSets::add));
                WorkloadStates.Rollout rollout = WorkloadStates.rollout(d, replicaSets);
                newReplicaSet = rollout.current();
                out.add(WorkloadStates.deployment(d, rollout));
                rollout.current().ifPresent(rs -> out.add(WorkloadStates.replicaSet(rs, true)));
                rollout.old().forEach(rs -> out.add(WorkloadStates.replicaSet(rs, false)));
                Set<String> owners = new HashSet<>();
                replicaSets.forEach(rs -> owners.add(rs.getMetadata().getUid()));
                // Without the ReplicaSets (refused), every pod the selector matches is the best guess.
                return listPods(selector, p -> listed.isEmpty() || Kube.controller(p)
                        .map(o -> owners.contains(o.getUid())).orElse(false));
            }
            case "StatefulSet" -> {
                StatefulSet s = (StatefulSet) workload;
                out.add(WorkloadStates.statefulSet(s));
                return listPods(s.getSpec().getSelector(), p -> ownedBy(p, uid));
            }
            case "DaemonSet" -> {
                DaemonSet s = (DaemonSet) workload;
                out.add(WorkloadStates.daemonSet(s));
                return listPods(s.getSpec().getSelector(), p -> ownedBy(p, uid));
            }
            default -> {
                Job j = (Job) workload;
                out.add(WorkloadStates.job(j));
                return listPods(j.getSpec().getSelector(), p -> ownedBy(p, uid));
            }
        }
    }

    private static boolean ownedBy(HasMetadata object, String uid) {
        return uid == null || Kube.controller(object).map(OwnerReference::getUid).filter(uid::equals).isPresent();
    }

    private boolean listPods(String selector, java.util.function.Predicate<Pod> keep) {
        Optional<List<Pod>> listed = calls.listAll("pods matching " + selector + " in namespace " + namespace,
                Access.namespaced("list", "pods", "core/v1", namespace),
                o -> client.pods().inNamespace(namespace).withLabelSelector(selector).list(o));
        return addPods(listed, keep, true);
    }

    private boolean listPods(LabelSelector selector, java.util.function.Predicate<Pod> keep) {
        LabelSelector s = selector == null ? new LabelSelectorBuilder().build() : selector;
        Optional<List<Pod>> listed = calls.listAll("pods of " + workloadKind.toLowerCase(Locale.ROOT) + " "
                        + workload.getMetadata().getName() + " in namespace " + namespace,
                Access.namespaced("list", "pods", "core/v1", namespace),
                o -> client.pods().inNamespace(namespace).withLabelSelector(s).list(o));
        addPods(listed, keep, false);
        // The workload itself was found, so its events are worth collecting even without pods.
        return true;
    }

    private boolean addPods(Optional<List<Pod>> listed, java.util.function.Predicate<Pod> keep, boolean bySelector) {
        if (listed.isEmpty()) {
            return false;
        }
        Map<String, ReplicaSet> rsByUid = new HashMap<>();
        replicaSets.forEach(rs -> rsByUid.put(rs.getMetadata().getUid(), rs));
        String newUid = newReplicaSet.map(rs -> rs.getMetadata().getUid()).orElse(null);
        listed.get().stream().filter(keep).sorted(Comparator.comparing(p -> p.getMetadata().getName()))
                .forEach(pods::add);
        for (Pod p : pods) {
            Map<String, String> extra = new LinkedHashMap<>();
            Kube.controller(p).map(o -> rsByUid.get(o.getUid())).ifPresent(rs -> {
                extra.put("replicaset", rs.getMetadata().getName());
                Kube.revision(rs).ifPresent(r -> extra.put("revision", String.valueOf(r)));
                extra.put("rollout", rs.getMetadata().getUid().equals(newUid) ? "new" : "old");
            });
            out.addAll(PodStates.describe(p, extra));
        }
        if (bySelector && pods.isEmpty()) {
            out.add(notFound("pods matching " + request.attribute(Attributes.LABEL_SELECTOR).orElse("")
                    + " in namespace " + namespace));
            return false;
        }
        return true;
    }

    // ---- events ----

    private void events() {
        Set<String> exact = new HashSet<>();
        Set<String> podPrefixes = new HashSet<>();
        if (workload != null) {
            exact.add(workloadKind + "/" + workload.getMetadata().getName());
            if (!"Deployment".equals(workloadKind)) {
                podPrefixes.add(workload.getMetadata().getName() + "-");
            }
        }
        for (ReplicaSet rs : replicaSets) {
            exact.add("ReplicaSet/" + rs.getMetadata().getName());
            podPrefixes.add(rs.getMetadata().getName() + "-");
        }
        for (Pod p : pods) {
            exact.add("Pod/" + p.getMetadata().getName());
            for (var v : Kube.list(p.getSpec() == null ? null : p.getSpec().getVolumes())) {
                if (v.getPersistentVolumeClaim() != null) {
                    exact.add("PersistentVolumeClaim/" + v.getPersistentVolumeClaim().getClaimName());
                }
            }
        }
        Instant from = request.from().orElseGet(() -> request.to().orElse(now)
                .minus(max(request.lookback(), context.eventLookback())));
        // Pods that were replaced or evicted are gone from the list but not from the events.
        out.addAll(new EventCollector(client, calls).collect(namespace, involved -> exact.contains(involved)
                || (involved.startsWith("Pod/") && podPrefixes.stream().anyMatch(pre -> involved.startsWith("Pod/"
                + pre))), from, request.to()));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    // ---- logs ----

    private void logs() {
        String newUid = newReplicaSet.map(rs -> rs.getMetadata().getUid()).orElse(null);
        List<Pod> ordered = new ArrayList<>(pods);
        // The new revision's pods say why the rollout fails; the most restarted say it loudest.
        ordered.sort(Comparator.comparing((Pod p) -> newUid != null && !Kube.controller(p)
                        .map(o -> newUid.equals(o.getUid())).orElse(false))
                .thenComparing(Comparator.comparingInt(KubernetesCollector::restarts).reversed()));
        List<LogCollector.Stream> streams = new ArrayList<>();
        Set<String> containers = new HashSet<>();
        for (Pod p : ordered) {
            for (LogCollector.Stream s : LogCollector.streams(p)) {
                String key = p.getMetadata().getName() + "/" + s.container();
                if (containers.contains(key) || containers.size() < maxLogContainers) {
                    containers.add(key);
                    streams.add(s);
                }
            }
        }
        LogCollector logs = new LogCollector(client, calls, context.logLineLimit());
        Instant from = request.windowStart(now);
        for (int i = 0; i < streams.size(); i++) {
            if (context.isExpired()) {
                out.add(CollectionGap.of(provider, (streams.size() - i) + " log stream(s), starting with "
                        + streams.get(i).source(), "the collection deadline passed", CollectionGap.Kind.TIMEOUT));
                return;
            }
            Optional<CollectionGap> gap = logs.read(streams.get(i), from, request.to(), out);
            if (gap.isPresent() && gap.get().kind() == CollectionGap.Kind.PERMISSION_DENIED) {
                // Every other stream would be refused the same way: one gap says it.
                CollectionGap g = gap.get();
                out.add(new CollectionGap(g.provider(), "logs of " + containers.size()
                        + " failing container(s) in namespace " + namespace, g.reason(), g.kind(), g.permission()));
                return;
            }
            gap.ifPresent(out::add);
        }
    }

    private static int restarts(Pod p) {
        if (p.getStatus() == null) {
            return 0;
        }
        return Kube.list(p.getStatus().getContainerStatuses()).stream().mapToInt(s -> Kube.num(s.getRestartCount()))
                .sum() + Kube.list(p.getStatus().getInitContainerStatuses()).stream()
                .mapToInt(s -> Kube.num(s.getRestartCount())).sum();
    }
}
