package dev.deploydiagnostics.azure;

import dev.deploydiagnostics.test.ReportText;
import static org.assertj.core.api.Assertions.assertThat;

import dev.deploydiagnostics.DiagnosticEngine;
import dev.deploydiagnostics.Diagnostics;
import dev.deploydiagnostics.api.Category;
import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.DiagnosticProvider;
import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.Evidence;
import dev.deploydiagnostics.api.Finding;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.api.ProviderRun;
import dev.deploydiagnostics.api.Verdict;
import dev.deploydiagnostics.core.config.DiagnosticsConfig;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole path for Azure: the real Azure clients read the scenarios from a local HTTPS server, and the engine
 * with its built-in catalog turns that evidence into the diagnosis a person would act on.
 */
class AzureDiagnosisTest {
    private static final String GROUP = "/subscriptions/" + AzureTestBed.SUBSCRIPTION
            + "/resourceGroups/rg-shop/providers/Microsoft.ContainerInstance/containerGroups/api";
    private static final String ACTIVITY = "/subscriptions/" + AzureTestBed.SUBSCRIPTION
            + "/providers/Microsoft.Insights/eventtypes/management/values";
    private static final String CLUSTER = "/subscriptions/" + AzureTestBed.SUBSCRIPTION
            + "/resourceGroups/rg-shop/providers/Microsoft.ContainerService/managedClusters/shop-aks";
    private static final String WORKSPACE = "4b7c2d1e-9f8a-4c3b-a2d1-0e9f8a7b6c5d";

    private AzureTestBed bed;

    @BeforeEach
    void start() throws Exception {
        bed = new AzureTestBed();
        bed.route("GET", ACTIVITY, 200, "{\"value\":[]}");
    }

    @AfterEach
    void stop() throws Exception {
        bed.close();
    }

    private void serveGroup(String scenario) {
        bed.route("GET", GROUP, 200, AzureTestBed.fixture(scenario, "container-group.json"));
        if (getClass().getResource("/scenarios/" + scenario + "/logs-api.json") != null) {
            bed.route("GET", GROUP + "/containers/api/logs", 200, AzureTestBed.fixture(scenario, "logs-api.json"));
        }
    }

    private static DiagnosticRequest aciRequest() {
        return DiagnosticRequest.builder().platform(Platform.AZURE_ACI).service("api")
                .attribute("azure.subscription", AzureTestBed.SUBSCRIPTION).attribute("azure.resourceGroup", "rg-shop")
                .window(Instant.parse("2026-11-25T13:00:00Z"), Instant.parse("2026-11-25T14:00:00Z")).build();
    }

    private DiagnosticReport analyze(DiagnosticRequest request, DiagnosticProvider provider, DiagnosticsConfig config,
                                     DiagnosticProvider... more) {
        Diagnostics.Builder builder = Diagnostics.builder().discovery(false).config(config).provider(provider);
        for (DiagnosticProvider p : more) {
            builder.provider(p);
        }
        try (DiagnosticEngine engine = builder.build()) {
            return engine.analyze(request);
        }
    }

    private DiagnosticReport analyzeAci() {
        return analyze(aciRequest(), new ContainerInstancesProvider(bed.credential(), bed.settings()),
                DiagnosticsConfig.DEFAULTS);
    }

    private static Finding root(DiagnosticReport report, Category category) {
        assertThat(report.verdict()).as(ReportText.describe(report)).isEqualTo(Verdict.ROOT_CAUSE_FOUND);
        Finding root = report.rootCause().orElseThrow();
        assertThat(root.category()).as(ReportText.describe(report)).isEqualTo(category);
        return root;
    }

    private static boolean cites(Finding finding, String text) {
        return finding.evidence().stream().map(Evidence::text).anyMatch(t -> t.contains(text));
    }

    @Test
    void diagnosesAnOomKilledContainerAboveItsRestarts() {
        serveGroup("aci-oom");
        DiagnosticReport report = analyzeAci();

        Finding root = root(report, Category.OOM_KILLED);
        assertThat(root.patternId()).isEqualTo("aci.oom-killed");
        assertThat(root.title()).isEqualTo("Container api ran out of memory and was killed (limit 1.5 GB)");
        assertThat(cites(root, "container api/api: Running; last: OOMKilled (exit 137); restarts 2")).isTrue();
        assertThat(cites(root, "Killing: Killing container with id 7f0e3c2a9b1d: container exceeded its memory limit "
                + "of 1.5 GB (x2)")).isTrue();
        assertThat(ReportText.remedyText(root)).contains("--memory (GB) above 1.5")
                .contains("az container create -g RG -n api --image acme.azurecr.io/api:2.4.0 --memory ");
        // The restarts are what the kill causes, so they rank below it.
        assertThat(report.findings()).filteredOn(f -> f.patternId().equals("aci.container-restarting"))
                .allSatisfy(f -> assertThat(f.confidence()).isLessThan(root.confidence()));
    }

    @Test
    void diagnosesAnImageThatCannotBePulledNamingTheImageAndRegistry() {
        serveGroup("aci-image-pull-failure");
        DiagnosticReport report = analyzeAci();

        Finding root = root(report, Category.IMAGE_PULL_FAILURE);
        assertThat(root.patternId()).isEqualTo("aci.image-inaccessible");
        assertThat(root.title()).contains("acme.azurecr.io/api:2.5.0");
        assertThat(cites(root, "Failed: Failed to pull image \"acme.azurecr.io/api:2.5.0\"")).isTrue();
        assertThat(cites(root, "container api/api: Waiting (ImagePullBackOff)")).isTrue();
        assertThat(ReportText.remedyText(root)).contains("az acr repository show-tags -n acme --repository api")
                .contains("az container create -g RG -n api --image acme.azurecr.io/api:2.5.0")
                .contains("--registry-login-server acme.azurecr.io");
    }

    @Test
    void diagnosesACrashLoopFromTheAppsLastErrorWithLogAnalyticsHistory() {
        serveGroup("aci-crash-loop");
        String logs = AzureTestBed.fixture("aci-crash-loop", "log-analytics-logs.json");
        String events = AzureTestBed.fixture("aci-crash-loop", "log-analytics-events.json");
        Dispatcher routes = bed.server.getDispatcher();
        bed.server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                if (request.getMethod().equals("POST")) {
                    bed.calls.add(request);
                    String body = request.getBody().clone().readUtf8();
                    return AzureTestBed.json(200, body.contains("ContainerEvent_CL") ? events : logs);
                }
                return routes.dispatch(request);
            }
        });
        DiagnosticsConfig d = DiagnosticsConfig.DEFAULTS;
        DiagnosticsConfig config = new DiagnosticsConfig(d.enabledProviders(), d.disabledProviders(),
                d.providerTimeout(), Map.of("azure-aci", Map.of("workspaceId", WORKSPACE)), d.analysisTimeout(),
                d.logLineLimit(), d.eventLookback(), d.confidenceThreshold(), d.maxFindings(), d.patternFiles(),
                d.mutedPatterns(), d.outputFormat(), d.resilience(), d.cache());
        DiagnosticReport report = analyze(aciRequest(), new ContainerInstancesProvider(bed.credential(),
                bed.settings()), config);

        Finding root = root(report, Category.CRASH_LOOP_APP_ERROR);
        assertThat(root.patternId()).isEqualTo("app.node-module-not-found");
        assertThat(root.title()).contains("/app/server.js");
        assertThat(cites(root, "Error: Cannot find module '/app/server.js'")).isTrue();
        assertThat(report.findings()).filteredOn(f -> f.patternId().equals("aci.container-restarting"))
                .singleElement().satisfies(f -> assertThat(ReportText.remedyText(f))
                        .contains("az container logs -g RG -n api")
                        .contains("az container create -g RG -n api --image IMAGE --restart-policy OnFailure"));
        assertThat(report.findings()).noneMatch(f -> f.category() == Category.OOM_KILLED);
        assertThat(bed.calls).filteredOn(r -> r.getMethod().equals("POST")).hasSize(2);
        assertThat(report.gaps()).isEmpty();
    }

    @Test
    void diagnosesARegionWithoutCapacityAsInsufficientResourcesWithTheRequestedSize() {
        serveGroup("aci-region-capacity");
        bed.route("GET", ACTIVITY, 200, AzureTestBed.fixture("aci-region-capacity", "activity-log.json"));
        DiagnosticReport report = analyzeAci();

        Finding root = root(report, Category.INSUFFICIENT_RESOURCES_SCHEDULING);
        assertThat(root.patternId()).isEqualTo("aci.resource-unavailable");
        assertThat(cites(root, "ServiceUnavailable: The requested resource is not available in the location "
                + "'westeurope' at this moment.")).isTrue();
        assertThat(root.remedies().get(0).title()).isEqualTo("Request less than 4 CPU and 16 GB, or another region "
                + "than westeurope");
        assertThat(ReportText.remedyText(root))
                .contains("az container create -g RG -n api --image IMAGE --cpu 4 --memory 16 --location OTHER_REGION");
    }

    @Test
    void reportsCollectionFailedNamingTheRbacActionWhenTheGroupIsForbidden() {
        bed.route("GET", GROUP, 403, "{\"error\":{\"code\":\"AuthorizationFailed\",\"message\":\"The client "
                + "'0a1b2c3d-0000-4000-8000-00000000abcd' with object id '0a1b2c3d-0000-4000-8000-00000000abcd' does not "
                + "have authorization to perform action 'Microsoft.ContainerInstance/containerGroups/read' over scope '"
                + GROUP + "' or the scope is invalid. If access was recently granted, please refresh your "
                + "credentials.\"}}");
        DiagnosticReport report = analyzeAci();

        assertThat(report.verdict()).as(ReportText.describe(report)).isEqualTo(Verdict.COLLECTION_FAILED);
        assertThat(report.gaps()).singleElement().satisfies(g -> {
            assertThat(g.kind()).isEqualTo(CollectionGap.Kind.PERMISSION_DENIED);
            assertThat(g.permission()).contains("Microsoft.ContainerInstance/containerGroups/read");
        });
        assertThat(report.summary()).contains("grant Microsoft.ContainerInstance/containerGroups/read");
    }

    @Test
    void diagnosesAnAksNodePoolOverItsVcpuQuotaWithTheLimitTheMessageAsksFor() throws Exception {
        bed.route("GET", CLUSTER, 200, AzureTestBed.fixture("aks-node-pool-failed", "managed-cluster.json"));
        bed.route("GET", CLUSTER + "/agentPools", 200, AzureTestBed.fixture("aks-node-pool-failed", "agent-pools.json"));
        String kubeconfig = Base64.getEncoder().encodeToString(AzureTestBed.fixture("aks-node-pool-failed",
                "kubeconfig.yaml").getBytes(StandardCharsets.UTF_8));
        bed.route("POST", CLUSTER + "/listClusterUserCredential", 200,
                "{\"kubeconfigs\":[{\"name\":\"clusterUser\",\"value\":\"" + kubeconfig + "\"}]}");
        DiagnosticRequest request = DiagnosticRequest.builder().platform(Platform.AZURE_AKS).cluster("shop-aks")
                .namespace("shop").service("api").attribute("azure.subscription", AzureTestBed.SUBSCRIPTION)
                .attribute("azure.resourceGroup", "rg-shop").build();
        RecordingKubernetesProvider k8s = new RecordingKubernetesProvider();
        DiagnosticReport report = analyze(request, new AksProvider(bed.credential(), bed.settings()),
                DiagnosticsConfig.DEFAULTS, k8s);

        Finding root = root(report, Category.INSUFFICIENT_RESOURCES_SCHEDULING);
        assertThat(root.patternId()).isEqualTo("azure.regional-quota-exceeded");
        assertThat(cites(root, "nodegroup userpool: Failed")).isTrue();
        assertThat(root.remedies().get(0).title()).isEqualTo("Request more standardDSv3Family Cores quota (at least 28), "
                + "or use fewer or smaller VMs");
        assertThat(ReportText.remedyText(root))
                .contains("limit 20, in use 4, needed 24 more")
                .contains("az vm list-usage --location westeurope -o table")
                .contains("az quota update --resource-name standardDSv3Family --resource-type dedicated "
                        + "--limit-object value=28")
                .contains("/providers/Microsoft.Compute/locations/westeurope")
                .contains("az aks nodepool scale -g RG --cluster-name shop-aks -n userpool --node-count N");
        // The engine ran its Kubernetes provider with the cluster user's kubeconfig, after the AKS run.
        assertThat(k8s.kubeconfigs).singleElement().asString()
                .contains("server: https://shop-aks-dns-4k2j1h9g.hcp.westeurope.azmk8s.io:443");
        assertThat(report.providers()).extracting(ProviderRun::providerId).containsExactly("azure-aks", "kubernetes");
        assertThat(report.providers().get(1).statistics()).containsEntry("delegatedBy", "azure-aks");
    }
}
