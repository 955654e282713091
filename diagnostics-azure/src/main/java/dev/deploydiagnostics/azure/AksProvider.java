package dev.deploydiagnostics.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.management.exception.ManagementError;
import com.azure.resourcemanager.containerservice.ContainerServiceManager;
import com.azure.resourcemanager.containerservice.fluent.ContainerServiceManagementClient;
import com.azure.resourcemanager.containerservice.fluent.models.AgentPoolInner;
import com.azure.resourcemanager.containerservice.fluent.models.CredentialResultsInner;
import com.azure.resourcemanager.containerservice.fluent.models.ManagedClusterInner;
import com.azure.resourcemanager.containerservice.models.CredentialResult;
import com.azure.resourcemanager.containerservice.models.PowerState;
import dev.deploydiagnostics.api.CollectionContext;
import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.Experimental;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.api.ResourceState;
import dev.deploydiagnostics.azure.internal.AzureCalls;
import dev.deploydiagnostics.azure.internal.AzureSupport;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects evidence for a workload on Azure Kubernetes Service: the managed cluster and its agent pools
 * (provisioning and power state, node pool provisioning errors) from Azure Resource Manager, then the
 * workload itself: it delegates to the engine's provider with id {@code kubernetes}
 * ({@link CollectionContext#delegate}) with the cluster user's kubeconfig ({@code listClusterUserCredential})
 * written to a private temporary file that is deleted afterwards.
 *
 * <p>Needs the attributes {@code azure.subscription} and {@code azure.resourceGroup}, and the cluster in
 * {@link DiagnosticRequest#cluster()} (or {@code resource.name}).
 */
@Experimental("the hand-off to the Kubernetes provider may gain options")
public final class AksProvider extends AzureProviderBase {
    /** This provider's id. */
    public static final String ID = "azure-aks";
    /** The id of the provider that reads the workload through the cluster's API server. */
    private static final String KUBERNETES_ID = "kubernetes";
    private static final Logger LOG = LoggerFactory.getLogger(AksProvider.class);
    private static final String READ = "Microsoft.ContainerService/managedClusters/read";
    private static final String POOLS_READ = "Microsoft.ContainerService/managedClusters/agentPools/read";
    private static final String CREDENTIAL =
            "Microsoft.ContainerService/managedClusters/listClusterUserCredential/action";


    /** A provider using {@code DefaultAzureCredential} against public Azure. */
    public AksProvider() {
        this(Optional.empty(), AzureClientSettings.defaults());
    }

    /** A provider using this credential against public Azure. */
    public AksProvider(TokenCredential credential) {
        this(Optional.of(credential), AzureClientSettings.defaults());
    }

    /** A provider using this credential and these settings. */
    public AksProvider(TokenCredential credential, AzureClientSettings settings) {
        this(Optional.of(credential), settings);
    }

    private AksProvider(Optional<TokenCredential> credential, AzureClientSettings settings) {
        super(ID, Platform.AZURE_AKS, "AKS evidence", credential, settings);
    }

    @Override
    public boolean supports(DiagnosticRequest request) {
        return request.platform().filter(Platform.AZURE_AKS::equals).isPresent() && clusterName(request).isPresent();
    }

    private static Optional<String> clusterName(DiagnosticRequest request) {
        return request.cluster().or(() -> request.attribute(DiagnosticRequest.Attributes.RESOURCE_NAME));
    }

    @Override
    void collectInto(DiagnosticRequest request, CollectionContext context, EvidenceBundle.Builder out) {
        Optional<String> subscription = request.attribute(DiagnosticRequest.Attributes.AZURE_SUBSCRIPTION);
        Optional<String> group = request.attribute(DiagnosticRequest.Attributes.AZURE_RESOURCE_GROUP);
        Optional<String> name = clusterName(request);
        if (subscription.isEmpty() || group.isEmpty() || name.isEmpty()) {
            out.add(CollectionGap.of(ID, "AKS cluster " + name.orElse(""),
                    "the request needs the attributes azure.subscription and azure.resourceGroup and a cluster",
                    CollectionGap.Kind.UNREADABLE));
            return;
        }
        String rg = group.get();
        String cluster = name.get();
        String resourceId = "/subscriptions/" + subscription.get() + "/resourceGroups/" + rg
                + "/providers/Microsoft.ContainerService/managedClusters/" + cluster;
        TokenCredential cred = AzureSupport.credential(context, credential, settings);
        ContainerServiceManagementClient client = ContainerServiceManager.configure()
                .withHttpClient(settings.httpClient())
                .authenticate(cred, AzureSupport.profile(subscription.get(), settings))
                .serviceClient();

        Optional<ManagedClusterInner> found = Optional.empty();
        try {
            found = Optional.of(AzureCalls.call(client.getManagedClusters().getByResourceGroupAsync(rg, cluster),
                    context, ID, "AKS cluster " + resourceId, READ));
            out.add(clusterState(found.get()));
        } catch (AzureCalls.GapException e) {
            out.add(e.gap());
        }
        try {
            List<AgentPoolInner> pools = AzureCalls.call(client.getAgentPools().listAsync(rg, cluster).collectList(),
                    context, ID, "agent pools of AKS cluster " + cluster, POOLS_READ);
            for (AgentPoolInner p : pools) {
                out.add(poolState(cluster, p));
            }
        } catch (AzureCalls.GapException e) {
            out.add(e.gap());
        }
        if (found.isPresent()) {
            handOff(client, rg, cluster, request, context, out);
        }
    }

    private void handOff(ContainerServiceManagementClient client, String rg, String cluster, DiagnosticRequest request,
                         CollectionContext context, EvidenceBundle.Builder out) {
        String what = "workload in AKS cluster " + cluster;
        if (!context.canDelegate(KUBERNETES_ID)) {
            // Ask for no credentials that nothing would use.
            out.add(CollectionGap.of(ID, what, "no provider with id 'kubernetes' is available to read it; add "
                    + "dev.deploydiagnostics:diagnostics-k8s (and list 'kubernetes' in providers.enabled when that is set)",
                    CollectionGap.Kind.UNSUPPORTED));
            return;
        }
        CredentialResultsInner credentials;
        try {
            credentials = AzureCalls.call(client.getManagedClusters().listClusterUserCredentialsAsync(rg, cluster),
                    context, ID, "user kubeconfig of AKS cluster " + cluster, CREDENTIAL);
        } catch (AzureCalls.GapException e) {
            out.add(e.gap());
            return;
        }
        Optional<byte[]> kubeconfig = credentials.kubeconfigs() == null ? Optional.empty()
                : credentials.kubeconfigs().stream().map(CredentialResult::value).filter(Objects::nonNull).findFirst();
        if (kubeconfig.isEmpty()) {
            out.add(CollectionGap.of(ID, what, "listClusterUserCredential returned no kubeconfig",
                    CollectionGap.Kind.NOT_FOUND));
            return;
        }
        Path file = null;
        try {
            file = privateTempFile();
            Files.write(file, kubeconfig.get());
            DiagnosticRequest derived = request.toBuilder()
                    .attribute(DiagnosticRequest.Attributes.KUBECONFIG, file.toString()).build();
            EvidenceBundle k8s = context.delegate(KUBERNETES_ID, derived);
            out.addAll(k8s.items());
            out.droppedLogLines(k8s.droppedLogLines());
            k8s.platforms().forEach(out::platform);
        } catch (IOException e) {
            out.add(CollectionGap.of(ID, what, "could not write the kubeconfig to a temporary file: " + e.getMessage(),
                    CollectionGap.Kind.ERROR));
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    LOG.debug("could not delete {}", file, e);
                }
            }
        }
    }

    private static Path privateTempFile() throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return Files.createTempFile("aks-", ".kubeconfig",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        return Files.createTempFile("aks-", ".kubeconfig");
    }

    private static ResourceState clusterState(ManagedClusterInner c) {
        Optional<ManagementError> error = Optional.ofNullable(c.status()).map(s -> s.provisioningError());
        ResourceState.Builder b = ResourceState.builder("cluster", c.name())
                .source("Microsoft.ContainerService " + c.id())
                .status(c.provisioningState() == null ? "Unknown" : c.provisioningState())
                .message(error.map(ManagementError::getMessage).orElse(null))
                .attribute("powerState", power(c.powerState()))
                .attribute("provisioningState", c.provisioningState())
                .attribute("kubernetesVersion", c.currentKubernetesVersion() != null ? c.currentKubernetesVersion()
                        : c.kubernetesVersion())
                .attribute("location", c.location());
        error.map(ManagementError::getCode).ifPresent(code -> b.attribute("issue.code", code));
        return b.build();
    }

    private static ResourceState poolState(String cluster, AgentPoolInner p) {
        Optional<ManagementError> error = Optional.ofNullable(p.status()).map(s -> s.provisioningError());
        ResourceState.Builder b = ResourceState.builder("nodegroup", p.name())
                .source("Microsoft.ContainerService " + p.id())
                .status(p.provisioningState() == null ? "Unknown" : p.provisioningState())
                .message(error.map(e -> e.getMessage() + details(e)).orElse(null))
                .attribute("cluster", cluster)
                .attribute("powerState", power(p.powerState()))
                .attribute("vmSize", p.vmSize())
                .attribute("count", p.count() == null ? null : p.count().toString())
                .attribute("mode", p.mode() == null ? null : p.mode().toString())
                .attribute("orchestratorVersion", p.currentOrchestratorVersion() != null
                        ? p.currentOrchestratorVersion() : p.orchestratorVersion());
        if (Boolean.TRUE.equals(p.enableAutoScaling())) {
            b.attribute("autoscaling", "enabled")
                    .attribute("autoscaling.min", p.minCount() == null ? null : p.minCount().toString())
                    .attribute("autoscaling.max", p.maxCount() == null ? null : p.maxCount().toString());
        }
        error.map(ManagementError::getCode).ifPresent(code -> b.attribute("issue.code", code));
        return b.build();
    }

    private static String details(ManagementError e) {
        if (e.getDetails() == null || e.getDetails().isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (ManagementError d : e.getDetails()) {
            sb.append(" [").append(d.getCode()).append(": ").append(d.getMessage()).append(']');
        }
        return sb.toString();
    }

    private static String power(PowerState p) {
        return p == null || p.code() == null ? null : p.code().toString();
    }
}
