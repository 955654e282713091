package dev.deploydiagnostics.azure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploydiagnostics.api.CollectionContext;
import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.api.ResourceState;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AksProviderTest {
    private static final String SCENARIO = "aks-node-pool-failed";
    private static final String CLUSTER = "/subscriptions/" + AzureTestBed.SUBSCRIPTION
            + "/resourceGroups/rg-shop/providers/Microsoft.ContainerService/managedClusters/shop-aks";

    private AzureTestBed bed;
    private final RecordingKubernetesProvider k8s = new RecordingKubernetesProvider();

    @BeforeEach
    void start() throws Exception {
        bed = new AzureTestBed();
        bed.route("GET", CLUSTER, 200, AzureTestBed.fixture(SCENARIO, "managed-cluster.json"));
        bed.route("GET", CLUSTER + "/agentPools", 200, AzureTestBed.fixture(SCENARIO, "agent-pools.json"));
        String kubeconfig = Base64.getEncoder().encodeToString(
                AzureTestBed.fixture(SCENARIO, "kubeconfig.yaml").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        bed.route("POST", CLUSTER + "/listClusterUserCredential", 200,
                "{\"kubeconfigs\":[{\"name\":\"clusterUser\",\"value\":\"" + kubeconfig + "\"}]}");
    }

    @AfterEach
    void stop() throws Exception {
        bed.close();
    }

    private static DiagnosticRequest request() {
        return DiagnosticRequest.builder().platform(Platform.AZURE_AKS).cluster("shop-aks").namespace("shop")
                .service("api").attribute("azure.subscription", AzureTestBed.SUBSCRIPTION)
                .attribute("azure.resourceGroup", "rg-shop").build();
    }

    private EvidenceBundle collect(CollectionContext context) {
        try (AksProvider provider = new AksProvider(bed.credential(), bed.settings())) {
            assertThat(provider.supports(request())).isTrue();
            return provider.collect(request(), context);
        }
    }

    @Test
    void reportsFailedNodePoolAndDelegatesWithTheKubeconfigToKubernetes() throws Exception {
        EvidenceBundle bundle = collect(AzureTestBed.context(Map.of(), k8s));

        assertThat(bundle.gaps()).isEmpty();
        ResourceState cluster = bundle.states().stream().filter(s -> s.kind().equals("cluster")).findFirst().orElseThrow();
        assertThat(cluster.name()).isEqualTo("shop-aks");
        assertThat(cluster.status()).isEqualTo("Failed");
        assertThat(cluster.attributes()).containsEntry("powerState", "Running")
                .containsEntry("kubernetesVersion", "1.31.3");
        ResourceState pool = bundle.states().stream().filter(s -> s.kind().equals("nodegroup")
                && s.name().equals("userpool")).findFirst().orElseThrow();
        assertThat(pool.status()).isEqualTo("Failed");
        assertThat(pool.attributes()).containsEntry("issue.code", "ReconcileVMSSAgentPoolFailed")
                .containsEntry("vmSize", "Standard_D8s_v3").containsEntry("autoscaling.min", "3")
                .containsEntry("autoscaling.max", "6").containsEntry("cluster", "shop-aks");
        assertThat(pool.message()).get().asString().contains("Code=\"OperationNotAllowed\"")
                .contains("exceeding approved standardDSv3Family Cores quota");
        assertThat(bundle.states()).filteredOn(s -> s.name().equals("system")).singleElement()
                .satisfies(s -> assertThat(s.status()).isEqualTo("Succeeded"));

        assertThat(bed.paths()).containsExactly("GET " + CLUSTER, "GET " + CLUSTER + "/agentPools",
                "POST " + CLUSTER + "/listClusterUserCredential");
        String apiVersion = bed.call("GET", CLUSTER).getRequestUrl().queryParameter("api-version");
        assertThat(apiVersion).isEqualTo("2025-09-01");
        assertThat(bed.call("GET", CLUSTER + "/agentPools").getRequestUrl().queryParameter("api-version"))
                .isEqualTo(apiVersion);
        assertThat(bed.call("POST", CLUSTER + "/listClusterUserCredential").getRequestUrl()
                .queryParameter("api-version")).isEqualTo(apiVersion);

        assertThat(k8s.requests).singleElement().satisfies(r -> {
            String path = r.attribute("kube.config").orElseThrow();
            assertThat(Path.of(path)).doesNotExist();
            assertThat(r.namespace()).contains("shop");
        });
        assertThat(k8s.kubeconfigs).singleElement().asString()
                .contains("server: https://shop-aks-dns-4k2j1h9g.hcp.westeurope.azmk8s.io:443");
        assertThat(bundle.platforms()).contains(Platform.AZURE_AKS, Platform.KUBERNETES);
    }

    @Test
    void asksForNoCredentialsAndReportsUnsupportedWithoutAKubernetesProvider() {
        EvidenceBundle bundle = collect(AzureTestBed.context(Map.of()));

        assertThat(bundle.gaps()).singleElement().satisfies(g -> {
            assertThat(g.kind()).isEqualTo(CollectionGap.Kind.UNSUPPORTED);
            assertThat(g.provider()).isEqualTo("azure-aks");
            assertThat(g.reason()).contains("no provider with id 'kubernetes'").contains("diagnostics-k8s");
        });
        assertThat(bed.paths()).doesNotContain("POST " + CLUSTER + "/listClusterUserCredential");
    }

    @Test
    void reportsGapNamingTheAgentPoolActionWhenPoolsAreForbidden() throws Exception {
        bed.route("GET", CLUSTER + "/agentPools", 403, "{\"error\":{\"code\":\"AuthorizationFailed\",\"message\":"
                + "\"The client does not have authorization to perform action "
                + "'Microsoft.ContainerService/managedClusters/agentPools/read' over scope '" + CLUSTER + "'.\"}}");
        bed.route("POST", CLUSTER + "/listClusterUserCredential", 403, "{\"error\":{\"code\":\"AuthorizationFailed\","
                + "\"message\":\"The client does not have authorization to perform action "
                + "'Microsoft.ContainerService/managedClusters/listClusterUserCredential/action'.\"}}");
        EvidenceBundle bundle = collect(AzureTestBed.context(Map.of(), k8s));

        assertThat(bundle.gaps()).extracting(g -> g.permission().orElseThrow()).containsExactly(
                "Microsoft.ContainerService/managedClusters/agentPools/read",
                "Microsoft.ContainerService/managedClusters/listClusterUserCredential/action");
        assertThat(bundle.gaps()).allMatch(g -> g.kind() == CollectionGap.Kind.PERMISSION_DENIED);
        assertThat(k8s.requests).isEmpty();
        assertThat(bundle.states()).extracting(ResourceState::kind).containsExactly("cluster");
    }
}
