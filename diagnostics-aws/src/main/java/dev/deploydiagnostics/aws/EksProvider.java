package dev.deploydiagnostics.aws;

import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.DiagnosticProvider;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.Experimental;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.aws.internal.AwsCalls;
import dev.deploydiagnostics.aws.internal.AwsSession;
import dev.deploydiagnostics.aws.internal.EksCollector;
import dev.deploydiagnostics.aws.internal.EksToken;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.eks.model.Cluster;

/**
 * Collects evidence for a failed deployment on Amazon EKS: the cluster's and managed node groups' status and
 * health issues, then the workload detail from the Kubernetes provider, which it connects to the cluster's
 * API server with an EKS token made from the AWS credentials (as {@code aws eks get-token} does).
 *
 * <p>The Kubernetes provider is the one with id {@code kubernetes} found with {@link ServiceLoader}, i.e. the
 * {@code diagnostics-k8s} module; without it the report carries a gap saying to add that module. Supports
 * requests for platform {@code aws-eks} that name a cluster.
 */
@Experimental("new evidence may be added")
public final class EksProvider extends AwsProviderBase {
    /** This provider's id. */
    public static final String ID = "aws-eks";
    /** The id of the provider that collects the Kubernetes workload detail. */
    public static final String KUBERNETES_PROVIDER_ID = "kubernetes";

    private static final Logger LOG = LoggerFactory.getLogger(EksProvider.class);

    private final Supplier<Optional<DiagnosticProvider>> kubernetes;
    private final boolean ownsKubernetes;
    private Optional<DiagnosticProvider> loaded;

    /** A provider with the default options, finding the Kubernetes provider on the class path. */
    public EksProvider() {
        this(AwsClientOptions.defaults());
    }

    /** A provider with the given options, finding the Kubernetes provider on the class path. */
    public EksProvider(AwsClientOptions options) {
        super(options);
        this.kubernetes = EksProvider::discoverKubernetes;
        this.ownsKubernetes = true;
    }

    /**
     * A provider with the given options that hands the workload detail to the given Kubernetes provider
     * (or to none, when the supplier answers empty); the caller closes that provider.
     */
    public EksProvider(AwsClientOptions options, Supplier<Optional<DiagnosticProvider>> kubernetesProvider) {
        super(options);
        this.kubernetes = Objects.requireNonNull(kubernetesProvider, "kubernetesProvider");
        this.ownsKubernetes = false;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public boolean supports(DiagnosticRequest request) {
        return request.platform().filter(Platform.AWS_EKS::equals).isPresent() && request.cluster().isPresent();
    }

    @Override
    void markPlatform(EvidenceBundle.Builder out) {
        out.platform(Platform.AWS_EKS);
    }

    @Override
    void collectWith(AwsSession session, DiagnosticRequest request) {
        Optional<Cluster> cluster = new EksCollector(session, request).collect();
        AwsCalls calls = session.calls();
        String clusterName = request.cluster().orElseThrow();
        String what = "Kubernetes workload detail in EKS cluster " + clusterName;
        Optional<DiagnosticProvider> k8s = kubernetesProvider();
        if (k8s.isEmpty()) {
            calls.addGap(CollectionGap.of(ID, what, "no provider with id '" + KUBERNETES_PROVIDER_ID
                    + "' is on the class path; add the diagnostics-k8s module to see pods, events and logs",
                    CollectionGap.Kind.UNSUPPORTED));
            return;
        }
        if (cluster.isEmpty() || cluster.get().endpoint() == null) {
            calls.addGap(CollectionGap.of(ID, what, "the cluster's API server endpoint is unknown because "
                    + "the cluster could not be described", CollectionGap.Kind.ERROR));
            return;
        }
        if (calls.expired(what)) {
            return;
        }
        String token;
        try {
            AwsCredentialsIdentity credentials = session.credentials().resolveCredentials();
            token = EksToken.create(clusterName, session.region(), credentials, calls.context().clock());
        } catch (RuntimeException e) {
            calls.addGap(CollectionGap.of(ID, what, "no EKS token could be made: the AWS credentials could not be "
                    + "resolved (" + e.getClass().getSimpleName() + ")", CollectionGap.Kind.ERROR));
            return;
        }
        DiagnosticRequest.Builder derived = request.toBuilder()
                .attribute(DiagnosticRequest.Attributes.KUBE_API_SERVER, cluster.get().endpoint())
                .attribute(DiagnosticRequest.Attributes.KUBE_TOKEN, token);
        if (cluster.get().certificateAuthority() != null) {
            derived.attribute(DiagnosticRequest.Attributes.KUBE_CA_DATA, cluster.get().certificateAuthority().data());
        }
        DiagnosticRequest k8sRequest = derived.build();
        DiagnosticProvider provider = k8s.get();
        try {
            if (!provider.supports(k8sRequest)) {
                calls.addGap(CollectionGap.of(ID, what, "the Kubernetes provider does not support this request; "
                        + "name the namespace and the workload", CollectionGap.Kind.UNSUPPORTED));
                return;
            }
            EvidenceBundle bundle = provider.collect(k8sRequest, calls.context());
            calls.out().addAll(bundle.items()).droppedLogLines(bundle.droppedLogLines());
            bundle.platforms().forEach(calls.out()::platform);
        } catch (RuntimeException e) {
            LOG.debug("kubernetes provider failed for EKS cluster {}", clusterName, e);
            calls.addGap(CollectionGap.of(ID, what, "the Kubernetes provider failed: " + e.getClass().getSimpleName(),
                    CollectionGap.Kind.ERROR));
        }
    }

    private synchronized Optional<DiagnosticProvider> kubernetesProvider() {
        if (loaded == null) {
            loaded = kubernetes.get();
        }
        return loaded;
    }

    private static Optional<DiagnosticProvider> discoverKubernetes() {
        try {
            for (DiagnosticProvider p : ServiceLoader.load(DiagnosticProvider.class, EksProvider.class.getClassLoader())) {
                if (KUBERNETES_PROVIDER_ID.equals(p.id())) {
                    LOG.debug("EKS provider hands workload detail to {}", p.getClass().getName());
                    return Optional.of(p);
                }
                if (!(p instanceof AwsProviderBase)) {
                    p.close();
                }
            }
        } catch (java.util.ServiceConfigurationError e) {
            LOG.debug("looking for a kubernetes provider failed", e);
        }
        return Optional.empty();
    }

    @Override
    public synchronized void close() {
        if (ownsKubernetes && loaded != null) {
            loaded.ifPresent(p -> {
                try {
                    p.close();
                } catch (RuntimeException e) {
                    LOG.debug("closing the kubernetes provider failed", e);
                }
            });
        }
        loaded = null;
        super.close();
    }
}
