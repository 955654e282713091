package dev.deploydiagnostics.k8s;

import dev.deploydiagnostics.api.CollectionContext;
import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.DiagnosticProvider;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.DiagnosticRequest.Attributes;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.Experimental;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.k8s.internal.KubernetesCollector;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Collects the evidence of a failed Kubernetes rollout from the cluster's API server: the workload's rollout
 * state and ReplicaSets, the states of its pods and containers, the events about them, the logs of failing
 * containers, and the context around them (volume claims, missing ConfigMaps and Secrets, quotas, limit
 * ranges, nodes, Services).
 *
 * <p>It reads only, never writes, and never reads a Secret's data. Whatever it cannot collect becomes a
 * {@link CollectionGap} naming the permission to grant. Thread-safe: every collection uses its own client
 * unless one was handed in.
 *
 * <pre>{@code
 * DiagnosticRequest request = DiagnosticRequest.builder().platform(Platform.KUBERNETES)
 *     .namespace("prod").service("api").build();
 * EvidenceBundle evidence = new KubernetesProvider().collect(request, context);
 * }</pre>
 */
@Experimental("first release of the Kubernetes provider")
public final class KubernetesProvider implements DiagnosticProvider {
    /** The provider id. */
    public static final String ID = "kubernetes";

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesProvider.class);
    private static final List<String> CONNECTION_ATTRIBUTES = List.of(Attributes.KUBECONFIG, Attributes.KUBE_CONTEXT,
            Attributes.KUBE_API_SERVER);
    private static final List<String> TARGET_ATTRIBUTES = List.of(Attributes.WORKLOAD_KIND,
            Attributes.LABEL_SELECTOR, Attributes.POD);

    private final Optional<KubernetesClientFactory> factory;
    private final Optional<KubernetesClient> client;
    /** True when the embedding code chose the cluster, so offline inputs do not make a request offline-only. */
    private final boolean explicitConnection;

    /**
     * Connects per request from the request's attributes, a kubeconfig, or the in-cluster service account;
     * the constructor {@link java.util.ServiceLoader} uses.
     */
    public KubernetesProvider() {
        this.factory = Optional.of(KubernetesClientFactory.fromRequest());
        this.client = Optional.empty();
        this.explicitConnection = false;
    }

    /** Connects per request with clients from this factory, and closes each when its collection ends. */
    public KubernetesProvider(KubernetesClientFactory factory) {
        this.factory = Optional.of(Objects.requireNonNull(factory, "factory"));
        this.client = Optional.empty();
        this.explicitConnection = true;
    }

    /** Connects per request with this configuration. */
    public KubernetesProvider(Config config) {
        this(KubernetesClientFactory.of(config));
    }

    /** Uses this client for every request; the caller keeps ownership and closes it. */
    public KubernetesProvider(KubernetesClient client) {
        this.factory = Optional.empty();
        this.client = Optional.of(Objects.requireNonNull(client, "client"));
        this.explicitConnection = true;
    }

    @Override
    public String id() {
        return ID;
    }

    /**
     * True for a Kubernetes platform ({@code kubernetes}, {@code aws-eks}, {@code gcp-gke}, {@code azure-aks})
     * when the request names a target (a workload as the service, or a {@code pod}, {@code label.selector} or
     * {@code workload.kind} attribute) and does not look offline-only: a request carrying offline inputs is
     * live only when it also names a cluster connection or this provider was given a client or configuration.
     */
    @Override
    public boolean supports(DiagnosticRequest request) {
        if (request.platform().filter(Platform::isKubernetes).isEmpty()) {
            return false;
        }
        boolean target = request.service().isPresent()
                || TARGET_ATTRIBUTES.stream().anyMatch(k -> request.attribute(k).isPresent());
        if (!target) {
            return false;
        }
        boolean connection = explicitConnection
                || CONNECTION_ATTRIBUTES.stream().anyMatch(k -> request.attribute(k).isPresent());
        if (!request.platform().get().equals(Platform.KUBERNETES) && !explicitConnection
                && request.attribute(DiagnosticRequest.Attributes.KUBE_API_SERVER).isEmpty()
                && request.attribute(DiagnosticRequest.Attributes.KUBECONFIG).isEmpty()) {
            // EKS, GKE and AKS requests reach the cluster through their cloud provider, which hands over a
            // connection; answering them here too would collect the same workload twice.
            return false;
        }
        return request.inputs().isEmpty() || connection;
    }

    @Override
    public EvidenceBundle collect(DiagnosticRequest request, CollectionContext context) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(context, "context");
        try {
            Optional<KubernetesClient> shared = context.component(KubernetesClient.class).or(() -> client);
            if (shared.isPresent()) {
                return new KubernetesCollector(ID, shared.get(), request, context).collect();
            }
            KubernetesClient created;
            try {
                created = factory.orElseThrow().create(request);
            } catch (RuntimeException e) {
                LOG.debug("could not configure a Kubernetes client", e);
                return EvidenceBundle.builder().add(CollectionGap.of(ID, "the Kubernetes API server",
                        "no client could be configured: " + message(e), CollectionGap.Kind.ERROR)).build();
            }
            try (KubernetesClient c = created) {
                return new KubernetesCollector(ID, c, request, context).collect();
            }
        } catch (RuntimeException e) {
            // A bug or an unexpected answer must cost this provider only, never the analysis.
            LOG.debug("Kubernetes collection failed", e);
            return EvidenceBundle.builder().add(CollectionGap.of(ID, "Kubernetes evidence",
                    "the collection failed: " + message(e), CollectionGap.Kind.ERROR)).build();
        }
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
