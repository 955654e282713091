package dev.deploydiagnostics.aws;

import dev.deploydiagnostics.api.CollectionContext;
import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.Experimental;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.aws.internal.AwsCalls;
import dev.deploydiagnostics.aws.internal.AwsSession;
import dev.deploydiagnostics.aws.internal.EksCollector;
import dev.deploydiagnostics.aws.internal.EksToken;
import java.util.Optional;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.eks.model.Cluster;

/**
 * Collects evidence for a failed deployment on Amazon EKS: the cluster's and managed node groups' status and
 * health issues, then the workload detail, for which it delegates to the engine's provider with id
 * {@code kubernetes} ({@link CollectionContext#delegate}) with the cluster's API server and an EKS token made
 * from the AWS credentials (as {@code aws eks get-token} does).
 *
 * <p>That provider is the {@code diagnostics-k8s} module's; without it, or with it switched off in the
 * configuration, the report carries a gap saying to add it. Supports requests for platform {@code aws-eks}
 * that name a cluster.
 */
@Experimental("new evidence may be added")
public final class EksProvider extends AwsProviderBase {
    /** This provider's id. */
    public static final String ID = "aws-eks";
    /** The id of the provider that collects the Kubernetes workload detail. */
    public static final String KUBERNETES_PROVIDER_ID = "kubernetes";

    /** A provider with the default options. */
    public EksProvider() {
        this(AwsClientOptions.defaults());
    }

    /** A provider with the given options. */
    public EksProvider(AwsClientOptions options) {
        super(ID, Platform.AWS_EKS, options);
    }

    @Override
    public boolean supports(DiagnosticRequest request) {
        return request.platform().filter(Platform.AWS_EKS::equals).isPresent() && request.cluster().isPresent();
    }

    @Override
    void collectWith(AwsSession session, DiagnosticRequest request) {
        Optional<Cluster> cluster = new EksCollector(session, request).collect();
        AwsCalls calls = session.calls();
        CollectionContext context = calls.context();
        String clusterName = request.cluster().orElseThrow();
        String what = "Kubernetes workload detail in EKS cluster " + clusterName;
        if (!context.canDelegate(KUBERNETES_PROVIDER_ID)) {
            // Make no token that nothing would use.
            calls.addGap(CollectionGap.of(ID, what, "no provider with id '" + KUBERNETES_PROVIDER_ID
                    + "' is available; add the diagnostics-k8s module (and list '" + KUBERNETES_PROVIDER_ID
                    + "' in providers.enabled when that is set) to see pods, events and logs",
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
            token = EksToken.create(clusterName, session.region(), credentials, context.clock());
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
        EvidenceBundle bundle = context.delegate(KUBERNETES_PROVIDER_ID, derived.build());
        calls.out().addAll(bundle.items()).droppedLogLines(bundle.droppedLogLines());
        bundle.platforms().forEach(calls.out()::platform);
    }
}
