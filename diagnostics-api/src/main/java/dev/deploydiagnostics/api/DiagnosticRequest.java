package dev.deploydiagnostics.api;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What failed and where to look: the platform, the names that identify the deployment, the time window,
 * the deadline, and any offline evidence to read.
 *
 * <p>Immutable; build one with {@link #builder()} and vary it with {@link #toBuilder()}:
 * <pre>{@code
 * DiagnosticRequest.builder().platform(Platform.AWS_ECS).cluster("prod").service("api")
 *     .since(Duration.ofMinutes(30)).build();
 * }</pre>
 *
 * <p>Identifiers not covered by a method go into {@link #attributes()}; {@link Attributes} lists the
 * well-known keys.
 *
 * @param platform     the platform, when known; offline evidence usually shows it
 * @param service      the service, function or workload name
 * @param deploymentId the platform's id of the failed deployment or revision
 * @param namespace    the Kubernetes namespace
 * @param cluster      the cluster (ECS, EKS, GKE, AKS)
 * @param region       the region or location
 * @param project      the GCP project (or another platform's account-like scope)
 * @param from         start of the time window; when empty, {@code lookback} before the analysis
 * @param to           end of the time window; when empty, the time of the analysis
 * @param lookback     how far back to look when {@code from} is empty
 * @param timeout      the deadline for the whole analysis
 * @param attributes   further identifiers and settings
 * @param inputs       offline evidence to read
 */
@Stable
public record DiagnosticRequest(Optional<Platform> platform, Optional<String> service, Optional<String> deploymentId,
                                Optional<String> namespace, Optional<String> cluster, Optional<String> region,
                                Optional<String> project, Optional<Instant> from, Optional<Instant> to,
                                Duration lookback, Duration timeout, Map<String, String> attributes,
                                List<EvidenceInput> inputs) {

    /** Default time to look back when no window start is given. */
    public static final Duration DEFAULT_LOOKBACK = Duration.ofHours(1);
    /** Default deadline for a whole analysis. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    /** Well-known attribute keys shared by providers. */
    @Stable
    public static final class Attributes {
        /** Kubernetes workload kind: {@code Deployment}, {@code StatefulSet}, {@code DaemonSet}, {@code Job}, {@code Pod}. */
        public static final String WORKLOAD_KIND = "workload.kind";
        /** Kubernetes label selector, e.g. {@code app=api}. */
        public static final String LABEL_SELECTOR = "label.selector";
        /** Kubernetes pod name. */
        public static final String POD = "pod";
        /** kubeconfig context name. */
        public static final String KUBE_CONTEXT = "kube.context";
        /** Path to a kubeconfig file. */
        public static final String KUBECONFIG = "kube.config";
        /** Kubernetes API server URL, when a caller (e.g. the EKS provider) connects for us. */
        public static final String KUBE_API_SERVER = "kube.apiServer";
        /** Bearer token for {@link #KUBE_API_SERVER}; never rendered. */
        public static final String KUBE_TOKEN = "kube.token";
        /** Base64 PEM CA bundle for {@link #KUBE_API_SERVER}. */
        public static final String KUBE_CA_DATA = "kube.caData";
        /** Azure subscription id. */
        public static final String AZURE_SUBSCRIPTION = "azure.subscription";
        /** Azure resource group. */
        public static final String AZURE_RESOURCE_GROUP = "azure.resourceGroup";
        /** Azure Log Analytics workspace id, for Container Instances logs and events. */
        public static final String AZURE_WORKSPACE = "azure.workspaceId";
        /** Resource name where the platform has one beside the service (e.g. an ACI container group). */
        public static final String RESOURCE_NAME = "resource.name";
        /** AWS profile name. */
        public static final String AWS_PROFILE = "aws.profile";

        private Attributes() {
        }

        /** True for keys whose values are credentials and must never be rendered. */
        public static boolean isSecret(String key) {
            String k = key.toLowerCase(java.util.Locale.ROOT);
            return k.contains("token") || k.contains("secret") || k.contains("password") || k.contains("credential")
                    || k.endsWith("key");
        }
    }

    /** Validates and copies. */
    public DiagnosticRequest {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(deploymentId, "deploymentId");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(lookback, "lookback");
        Objects.requireNonNull(timeout, "timeout");
        if (lookback.isNegative() || lookback.isZero()) {
            throw new IllegalArgumentException("lookback must be positive, was " + lookback);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        if (from.isPresent() && to.isPresent() && from.get().isAfter(to.get())) {
            throw new IllegalArgumentException("window start " + from.get() + " is after its end " + to.get());
        }
        attributes = Map.copyOf(attributes);
        inputs = List.copyOf(inputs);
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** A request that only reads offline evidence. */
    public static DiagnosticRequest ofInputs(EvidenceInput... inputs) {
        Builder b = builder();
        for (EvidenceInput i : inputs) {
            b.input(i);
        }
        return b.build();
    }

    /** A builder holding this request's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.platform = platform.orElse(null);
        b.service = service.orElse(null);
        b.deploymentId = deploymentId.orElse(null);
        b.namespace = namespace.orElse(null);
        b.cluster = cluster.orElse(null);
        b.region = region.orElse(null);
        b.project = project.orElse(null);
        b.from = from.orElse(null);
        b.to = to.orElse(null);
        b.lookback = lookback;
        b.timeout = timeout;
        b.attributes.putAll(attributes);
        b.inputs.addAll(inputs);
        return b;
    }

    /** One attribute, if set. */
    public Optional<String> attribute(String key) {
        return Optional.ofNullable(attributes.get(key));
    }

    /** The window start for an analysis that starts at {@code now}. */
    public Instant windowStart(Instant now) {
        return from.orElseGet(() -> to.orElse(now).minus(lookback));
    }

    /** The window end for an analysis that starts at {@code now}. */
    public Instant windowEnd(Instant now) {
        return to.orElse(now);
    }

    /** The identifiers that name the target, for reports; secrets are left out. */
    public Map<String, String> describeTarget() {
        Map<String, String> m = new LinkedHashMap<>();
        platform.ifPresent(p -> m.put("platform", p.id()));
        service.ifPresent(v -> m.put("service", v));
        deploymentId.ifPresent(v -> m.put("deploymentId", v));
        namespace.ifPresent(v -> m.put("namespace", v));
        cluster.ifPresent(v -> m.put("cluster", v));
        region.ifPresent(v -> m.put("region", v));
        project.ifPresent(v -> m.put("project", v));
        attributes.forEach((k, v) -> {
            if (!Attributes.isSecret(k)) {
                m.put(k, v);
            }
        });
        if (!inputs.isEmpty()) {
            m.put("inputs", String.join(", ", inputs.stream().map(EvidenceInput::name).toList()));
        }
        return m;
    }

    @Override
    public String toString() {
        return "DiagnosticRequest" + describeTarget();
    }

    /** Builds a {@link DiagnosticRequest}; every part is optional. */
    public static final class Builder {
        private Platform platform;
        private String service;
        private String deploymentId;
        private String namespace;
        private String cluster;
        private String region;
        private String project;
        private Instant from;
        private Instant to;
        private Duration lookback = DEFAULT_LOOKBACK;
        private Duration timeout = DEFAULT_TIMEOUT;
        private final Map<String, String> attributes = new LinkedHashMap<>();
        private final List<EvidenceInput> inputs = new ArrayList<>();

        private Builder() {
        }

        /** The platform. */
        public Builder platform(Platform value) { this.platform = value; return this; }
        /** The platform by id, e.g. {@code aws-ecs}. */
        public Builder platform(String id) { this.platform = id == null ? null : Platform.of(id); return this; }
        /** The service, function or workload name. */
        public Builder service(String value) { this.service = blankToNull(value); return this; }
        /** The deployment or revision id. */
        public Builder deploymentId(String value) { this.deploymentId = blankToNull(value); return this; }
        /** The Kubernetes namespace. */
        public Builder namespace(String value) { this.namespace = blankToNull(value); return this; }
        /** The cluster. */
        public Builder cluster(String value) { this.cluster = blankToNull(value); return this; }
        /** The region or location. */
        public Builder region(String value) { this.region = blankToNull(value); return this; }
        /** The project. */
        public Builder project(String value) { this.project = blankToNull(value); return this; }
        /** Look back this far from the time of the analysis. */
        public Builder since(Duration value) { this.lookback = Objects.requireNonNull(value, "since"); this.from = null; return this; }
        /** An explicit window. */
        public Builder window(Instant start, Instant end) { this.from = start; this.to = end; return this; }
        /** The deadline for the whole analysis. */
        public Builder timeout(Duration value) { this.timeout = Objects.requireNonNull(value, "timeout"); return this; }
        /** One attribute; a null value removes it. */
        public Builder attribute(String key, String value) {
            Objects.requireNonNull(key, "key");
            if (value == null) {
                attributes.remove(key);
            } else {
                attributes.put(key, value);
            }
            return this;
        }
        /** Offline evidence to read. */
        public Builder input(EvidenceInput value) { inputs.add(Objects.requireNonNull(value, "input")); return this; }
        /** A file or directory of offline evidence. */
        public Builder input(Path value) { return input(EvidenceInput.of(value)); }

        /** Builds the immutable request. */
        public DiagnosticRequest build() {
            return new DiagnosticRequest(Optional.ofNullable(platform), Optional.ofNullable(service),
                    Optional.ofNullable(deploymentId), Optional.ofNullable(namespace), Optional.ofNullable(cluster),
                    Optional.ofNullable(region), Optional.ofNullable(project), Optional.ofNullable(from),
                    Optional.ofNullable(to), lookback, timeout, attributes, inputs);
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s.trim();
        }
    }
}
