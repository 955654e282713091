package dev.deploydiagnostics.k8s.internal;

import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.ResourceState;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeItem;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Collects what surrounds the failing pods: their volume claims, the ConfigMaps and Secrets they reference
 * that do not exist, the namespace's quotas and limit ranges, their nodes, and the Services that select them.
 */
public final class ContextCollector {
    /** Above this many nodes one list is cheaper than a get per node. */
    private static final int NODE_GETS = 20;
    /** Asks the API server for the object's metadata only, so a Secret's data never crosses the wire. */
    private static final String METADATA_ONLY = "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,"
            + "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1beta1,application/json";

    private final KubernetesClient client;
    private final Calls calls;
    private final String namespace;

    /** A collector for one namespace. */
    public ContextCollector(KubernetesClient client, Calls calls, String namespace) {
        this.client = client;
        this.calls = calls;
        this.namespace = namespace;
    }

    /** The claims the pods mount, listed once, with a {@code Missing} state for claims that do not exist. */
    public void volumeClaims(List<Pod> pods, EvidenceBundle.Builder out) {
        Set<String> names = new LinkedHashSet<>();
        for (Pod p : pods) {
            for (Volume v : Kube.list(p.getSpec() == null ? null : p.getSpec().getVolumes())) {
                if (v.getPersistentVolumeClaim() != null && v.getPersistentVolumeClaim().getClaimName() != null) {
                    names.add(v.getPersistentVolumeClaim().getClaimName());
                }
            }
        }
        if (names.isEmpty()) {
            return;
        }
        calls.listAll("persistent volume claims in namespace " + namespace,
                Access.namespaced("list", "persistentvolumeclaims", "core/v1", namespace),
                o -> client.persistentVolumeClaims().inNamespace(namespace).list(o)).ifPresent(claims -> {
                    Map<String, PersistentVolumeClaim> byName = claims.stream()
                            .collect(Collectors.toMap(c -> c.getMetadata().getName(), c -> c, (a, b) -> a));
                    for (String name : names) {
                        PersistentVolumeClaim c = byName.get(name);
                        out.add(c == null ? missing("volume-claim", name, "persistentvolumeclaim \"" + name
                                + "\" not found", Map.of()) : claim(c));
                    }
                });
    }

    private ResourceState claim(PersistentVolumeClaim c) {
        String name = c.getMetadata().getName();
        ResourceState.Builder b = ResourceState.builder("volume-claim", name)
                .source("kubernetes persistentvolumeclaim " + namespace + "/" + name)
                .timestamp(Kube.time(c.getMetadata().getCreationTimestamp()).orElse(null))
                .status(c.getStatus() == null || c.getStatus().getPhase() == null ? "Unknown"
                        : c.getStatus().getPhase())
                .attribute("namespace", namespace);
        if (c.getSpec() != null) {
            b.attribute("storageClass", c.getSpec().getStorageClassName())
                    .attribute("volumeName", c.getSpec().getVolumeName())
                    .attribute("accessModes", String.join(",", Kube.list(c.getSpec().getAccessModes())));
            if (c.getSpec().getResources() != null) {
                Quantity q = Kube.map(c.getSpec().getResources().getRequests()).get("storage");
                b.attribute("requests.storage", q == null ? null : Kube.written(q));
            }
        }
        if (c.getStatus() != null) {
            Kube.list(c.getStatus().getConditions()).forEach(cond -> b.attribute("condition." + cond.getType(),
                    Kube.condition(cond.getStatus(), cond.getReason(), cond.getMessage())));
        }
        return b.build();
    }

    /**
     * Checks that every ConfigMap and Secret the pods need exists, asking for metadata only, and reports the
     * missing ones by name. References marked optional are left out: the pod starts without them.
     */
    public void missingReferences(List<Pod> pods, EvidenceBundle.Builder out) {
        Map<String, Map<String, String>> secrets = new LinkedHashMap<>();
        Map<String, Map<String, String>> configMaps = new LinkedHashMap<>();
        for (Pod p : pods) {
            if (p.getSpec() == null) {
                continue;
            }
            String pod = p.getMetadata().getName();
            List<Container> containers = new ArrayList<>(Kube.list(p.getSpec().getInitContainers()));
            containers.addAll(Kube.list(p.getSpec().getContainers()));
            for (Container c : containers) {
                for (EnvVar e : Kube.list(c.getEnv())) {
                    if (e.getValueFrom() == null) {
                        continue;
                    }
                    var s = e.getValueFrom().getSecretKeyRef();
                    if (s != null && !Boolean.TRUE.equals(s.getOptional())) {
                        ref(secrets, s.getName(), pod, c.getName(), "env " + e.getName() + " (key " + s.getKey() + ")");
                    }
                    var m = e.getValueFrom().getConfigMapKeyRef();
                    if (m != null && !Boolean.TRUE.equals(m.getOptional())) {
                        ref(configMaps, m.getName(), pod, c.getName(), "env " + e.getName() + " (key " + m.getKey()
                                + ")");
                    }
                }
                for (EnvFromSource e : Kube.list(c.getEnvFrom())) {
                    if (e.getSecretRef() != null && !Boolean.TRUE.equals(e.getSecretRef().getOptional())) {
                        ref(secrets, e.getSecretRef().getName(), pod, c.getName(), "envFrom");
                    }
                    if (e.getConfigMapRef() != null && !Boolean.TRUE.equals(e.getConfigMapRef().getOptional())) {
                        ref(configMaps, e.getConfigMapRef().getName(), pod, c.getName(), "envFrom");
                    }
                }
            }
            for (Volume v : Kube.list(p.getSpec().getVolumes())) {
                if (v.getSecret() != null && !Boolean.TRUE.equals(v.getSecret().getOptional())) {
                    ref(secrets, v.getSecret().getSecretName(), pod, null, "volume " + v.getName());
                }
                if (v.getConfigMap() != null && !Boolean.TRUE.equals(v.getConfigMap().getOptional())) {
                    ref(configMaps, v.getConfigMap().getName(), pod, null, "volume " + v.getName());
                }
                if (v.getProjected() != null) {
                    for (VolumeProjection pr : Kube.list(v.getProjected().getSources())) {
                        if (pr.getSecret() != null && !Boolean.TRUE.equals(pr.getSecret().getOptional())) {
                            ref(secrets, pr.getSecret().getName(), pod, null, "volume " + v.getName());
                        }
                        if (pr.getConfigMap() != null && !Boolean.TRUE.equals(pr.getConfigMap().getOptional())) {
                            ref(configMaps, pr.getConfigMap().getName(), pod, null, "volume " + v.getName());
                        }
                    }
                }
            }
            for (LocalObjectReference r : Kube.list(p.getSpec().getImagePullSecrets())) {
                ref(secrets, r.getName(), pod, null, "imagePullSecrets");
            }
        }
        check("secret", "secrets", secrets, out);
        check("configmap", "configmaps", configMaps, out);
    }

    private static void ref(Map<String, Map<String, String>> refs, String name, String pod, String container,
                            String usage) {
        if (name == null || name.isBlank()) {
            return;
        }
        Map<String, String> first = refs.computeIfAbsent(name, n -> new LinkedHashMap<>());
        if (first.isEmpty()) {
            first.put("pod", pod);
            if (container != null) {
                first.put("container", container);
            }
            first.put("usage", usage);
        }
    }

    private void check(String kind, String resource, Map<String, Map<String, String>> refs,
                       EvidenceBundle.Builder out) {
        for (Map.Entry<String, Map<String, String>> ref : refs.entrySet()) {
            if (calls.context().isExpired()) {
                calls.gap(CollectionGap.of(calls.provider(), "existence of " + resource + " in namespace "
                        + namespace, "the collection deadline passed", CollectionGap.Kind.TIMEOUT));
                return;
            }
            String name = ref.getKey();
            Access access = Access.namespaced("get", resource, "core/v1", namespace);
            String what = kind + " " + name + " in namespace " + namespace;
            Calls.Outcome<Integer> code = calls.attempt(what, access, () -> metadataStatus(resource, name));
            if (code.gap().isPresent()) {
                calls.gap(code.gap().get());
                continue;
            }
            int status = code.value().orElse(0);
            if (status == 404) {
                out.add(missing(kind, name, kind + " \"" + name + "\" not found", ref.getValue()));
            } else if (status == 403) {
                calls.gap(CollectionGap.permissionDenied(calls.provider(), "whether " + what + " exists",
                        "the API server answered 403 Forbidden", access.describe()));
            } else if (status >= 300) {
                calls.gap(CollectionGap.of(calls.provider(), "whether " + what + " exists",
                        "the API server answered HTTP " + status, CollectionGap.Kind.ERROR));
            }
        }
    }

    /** The status code of a metadata-only GET; the body is never read. */
    private int metadataStatus(String resource, String name) {
        String base = client.getMasterUrl().toString();
        if (!base.endsWith("/")) {
            base += "/";
        }
        String uri = base + "api/v1/namespaces/" + enc(namespace) + "/" + resource + "/" + enc(name);
        HttpRequest request = client.getHttpClient().newHttpRequestBuilder().uri(uri)
                .header("Accept", METADATA_ONLY).build();
        long wait = Math.max(1, calls.context().remaining().toMillis());
        try {
            HttpResponse<byte[]> response = client.getHttpClient().sendAsync(request, byte[].class)
                    .get(wait, TimeUnit.MILLISECONDS);
            return response.code();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.fabric8.kubernetes.client.KubernetesClientException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new io.fabric8.kubernetes.client.KubernetesClientException("metadata request failed", e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private ResourceState missing(String kind, String name, String message, Map<String, String> referencedBy) {
        ResourceState.Builder b = ResourceState.builder(kind, name)
                .source("kubernetes " + kind + " " + namespace + "/" + name)
                .status("Missing").reason("NotFound").message(message)
                .attribute("namespace", namespace);
        referencedBy.forEach((k, v) -> b.attribute("referencedBy." + k, v));
        return b.build();
    }

    /** The namespace's resource quotas, marked {@code Exhausted} when a resource is used up. */
    public void quotas(EvidenceBundle.Builder out) {
        calls.listAll("resource quotas in namespace " + namespace,
                Access.namespaced("list", "resourcequotas", "core/v1", namespace),
                o -> client.resourceQuotas().inNamespace(namespace).list(o)).ifPresent(quotas -> {
                    for (ResourceQuota q : quotas) {
                        out.add(quota(q));
                    }
                });
    }

    private ResourceState quota(ResourceQuota q) {
        String name = q.getMetadata().getName();
        Map<String, Quantity> hard = new TreeMap<>(q.getStatus() == null ? Map.of() : Kube.map(q.getStatus().getHard()));
        Map<String, Quantity> used = q.getStatus() == null ? Map.of() : Kube.map(q.getStatus().getUsed());
        ResourceState.Builder b = ResourceState.builder("resource-quota", name)
                .source("kubernetes resourcequota " + namespace + "/" + name)
                .attribute("namespace", namespace);
        List<String> exhausted = new ArrayList<>();
        for (Map.Entry<String, Quantity> h : hard.entrySet()) {
            Quantity u = used.get(h.getKey());
            b.attribute("hard." + h.getKey(), Kube.written(h.getValue()));
            b.attribute("used." + h.getKey(), u == null ? "0" : Kube.written(u));
            Optional<BigDecimal> limit = Kube.amount(h.getValue());
            Optional<BigDecimal> now = Kube.amount(u);
            if (limit.isPresent() && now.isPresent() && now.get().compareTo(limit.get()) >= 0) {
                exhausted.add(h.getKey() + " " + Kube.written(u) + "/" + Kube.written(h.getValue()));
            }
        }
        if (exhausted.isEmpty()) {
            return b.status("Available").build();
        }
        return b.status("Exhausted").reason("QuotaExhausted").message("used/hard: " + String.join(", ", exhausted))
                .build();
    }

    /** The namespace's limit ranges, every default, minimum and maximum as written. */
    public void limitRanges(EvidenceBundle.Builder out) {
        calls.listAll("limit ranges in namespace " + namespace,
                Access.namespaced("list", "limitranges", "core/v1", namespace),
                o -> client.limitRanges().inNamespace(namespace).list(o)).ifPresent(ranges -> {
                    for (LimitRange r : ranges) {
                        String name = r.getMetadata().getName();
                        ResourceState.Builder b = ResourceState.builder("limit-range", name)
                                .source("kubernetes limitrange " + namespace + "/" + name)
                                .status("Active").attribute("namespace", namespace);
                        for (LimitRangeItem item : Kube.list(r.getSpec() == null ? null : r.getSpec().getLimits())) {
                            String type = item.getType() == null ? "Container" : item.getType();
                            put(b, type + ".max.", item.getMax());
                            put(b, type + ".min.", item.getMin());
                            put(b, type + ".default.", item.getDefault());
                            put(b, type + ".defaultRequest.", item.getDefaultRequest());
                            put(b, type + ".maxLimitRequestRatio.", item.getMaxLimitRequestRatio());
                        }
                        out.add(b.build());
                    }
                });
    }

    private static void put(ResourceState.Builder b, String prefix, Map<String, Quantity> values) {
        Kube.map(values).forEach((k, v) -> b.attribute(prefix + k, Kube.written(v)));
    }

    /** The nodes the pods run on: readiness, pressure conditions and taints. */
    public void nodes(List<Pod> pods, EvidenceBundle.Builder out) {
        Set<String> names = pods.stream().map(p -> p.getSpec() == null ? null : p.getSpec().getNodeName())
                .filter(n -> n != null && !n.isBlank()).collect(Collectors.toCollection(java.util.TreeSet::new));
        if (names.isEmpty()) {
            return;
        }
        if (names.size() > NODE_GETS) {
            calls.listAll("nodes", Access.cluster("list", "nodes", "core/v1"), o -> client.nodes().list(o))
                    .ifPresent(nodes -> nodes.stream().filter(n -> names.contains(n.getMetadata().getName()))
                            .forEach(n -> out.add(node(n))));
            return;
        }
        for (String name : names) {
            if (calls.context().isExpired()) {
                calls.gap(CollectionGap.of(calls.provider(), "nodes", "the collection deadline passed",
                        CollectionGap.Kind.TIMEOUT));
                return;
            }
            Calls.Outcome<Node> node = calls.attempt("node " + name, Access.cluster("get", "nodes", "core/v1"),
                    () -> client.nodes().withName(name).get());
            if (node.gap().isPresent()) {
                calls.gap(node.gap().get());
                // One refusal says it all: the others would be refused the same way.
                if (node.gap().get().kind() == CollectionGap.Kind.PERMISSION_DENIED) {
                    return;
                }
            }
            node.value().ifPresent(n -> out.add(node(n)));
        }
    }

    static ResourceState node(Node n) {
        String name = n.getMetadata().getName();
        ResourceState.Builder b = ResourceState.builder("node", name).source("kubernetes node " + name);
        List<NodeCondition> conditions = n.getStatus() == null ? List.of() : Kube.list(n.getStatus().getConditions());
        Optional<NodeCondition> ready = conditions.stream().filter(c -> "Ready".equals(c.getType())).findFirst();
        b.status(ready.map(c -> "True".equals(c.getStatus()) ? "Ready" : "NotReady").orElse("Unknown"));
        ready.ifPresent(c -> {
            b.reason(c.getReason()).timestamp(Kube.time(c.getLastTransitionTime()).orElse(null));
            if (!"True".equals(c.getStatus())) {
                b.message(c.getMessage());
            }
        });
        for (NodeCondition c : conditions) {
            b.attribute("condition." + c.getType(), Kube.condition(c.getStatus(), c.getReason(), c.getMessage()));
        }
        if (n.getSpec() != null) {
            String taints = Kube.list(n.getSpec().getTaints()).stream().map(ContextCollector::taint)
                    .collect(Collectors.joining(","));
            b.attribute("taints", taints.isEmpty() ? null : taints);
            if (Boolean.TRUE.equals(n.getSpec().getUnschedulable())) {
                b.attribute("unschedulable", "true");
            }
        }
        if (n.getStatus() != null) {
            Map<String, Quantity> allocatable = Kube.map(n.getStatus().getAllocatable());
            for (String k : List.of("cpu", "memory", "pods", "ephemeral-storage")) {
                if (allocatable.containsKey(k)) {
                    b.attribute("allocatable." + k, Kube.written(allocatable.get(k)));
                }
            }
        }
        return b.build();
    }

    private static String taint(Taint t) {
        return t.getKey() + (t.getValue() == null || t.getValue().isEmpty() ? "" : "=" + t.getValue()) + ":"
                + t.getEffect();
    }

    /** The Services selecting the pods, with how many of their endpoints are ready. */
    public void services(List<Pod> pods, EvidenceBundle.Builder out) {
        if (pods.isEmpty()) {
            return;
        }
        Optional<List<Service>> services = calls.listAll("services in namespace " + namespace,
                Access.namespaced("list", "services", "core/v1", namespace),
                o -> client.services().inNamespace(namespace).list(o));
        if (services.isEmpty()) {
            return;
        }
        List<Service> selecting = services.get().stream().filter(s -> s.getSpec() != null)
                .filter(s -> pods.stream().anyMatch(p -> Kube.matches(Kube.map(s.getSpec().getSelector()),
                        Kube.map(p.getMetadata().getLabels()))))
                .toList();
        if (selecting.isEmpty()) {
            return;
        }
        Optional<List<Endpoints>> endpoints = calls.listAll("endpoints in namespace " + namespace,
                Access.namespaced("list", "endpoints", "core/v1", namespace),
                o -> client.endpoints().inNamespace(namespace).list(o));
        Map<String, Endpoints> byName = endpoints.orElse(List.of()).stream()
                .collect(Collectors.toMap(e -> e.getMetadata().getName(), e -> e, (a, b) -> a));
        for (Service s : selecting) {
            String name = s.getMetadata().getName();
            ResourceState.Builder b = ResourceState.builder("service", name)
                    .source("kubernetes service " + namespace + "/" + name)
                    .attribute("namespace", namespace)
                    .attribute("type", s.getSpec().getType())
                    .attribute("selector", Kube.join(new TreeMap<>(Kube.map(s.getSpec().getSelector()))))
                    .attribute("ports", Kube.list(s.getSpec().getPorts()).stream()
                            .map(p -> p.getPort() + "->" + (p.getTargetPort() == null ? p.getPort()
                                    : p.getTargetPort().getIntVal() != null ? p.getTargetPort().getIntVal()
                                    : p.getTargetPort().getStrVal()))
                            .collect(Collectors.joining(",")));
            if (endpoints.isEmpty()) {
                out.add(b.status("Unknown").build());
                continue;
            }
            Endpoints e = byName.get(name);
            int ready = 0;
            int notReady = 0;
            for (EndpointSubset subset : e == null ? List.<EndpointSubset>of() : Kube.list(e.getSubsets())) {
                ready += Kube.list(subset.getAddresses()).size();
                notReady += Kube.list(subset.getNotReadyAddresses()).size();
            }
            b.attribute("endpoints.ready", String.valueOf(ready)).attribute("endpoints.notReady",
                    String.valueOf(notReady));
            if (ready > 0) {
                b.status("Ready");
            } else {
                b.status("NotReady").reason("NoReadyEndpoints").message("Service has no ready endpoints ("
                        + notReady + " not ready) for selector " + Kube.join(new TreeMap<>(
                        Kube.map(s.getSpec().getSelector()))));
            }
            out.add(b.build());
        }
    }
}
