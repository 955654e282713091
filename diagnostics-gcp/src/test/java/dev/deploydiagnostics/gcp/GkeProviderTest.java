package dev.deploydiagnostics.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.logging.v2.ListLogEntriesRequest;
import com.google.logging.v2.ListLogEntriesResponse;
import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.Event;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.api.ResourceState;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GkeProviderTest {
    private static final String CLUSTER_PATH = "/v1/projects/acme-prod/locations/europe-west1/clusters/prod";
    private static final String SCENARIO = "gke-scale-up-out-of-resources";

    private GcpTestBed bed;
    private final RecordingKubernetesProvider k8s = new RecordingKubernetesProvider();
    private final GoogleCredentials credentials = GoogleCredentials.create(
            new AccessToken("ya29.gke-test-token", Date.from(GcpTestBed.NOW.plusSeconds(3600 * 24 * 365 * 5L))));

    @BeforeEach
    void start() throws Exception {
        bed = new GcpTestBed();
        bed.route(CLUSTER_PATH, 200, GcpTestBed.fixture(SCENARIO, "cluster.json"));
        ListLogEntriesResponse workload = GcpTestBed.entries(SCENARIO, "workload-logs.json");
        ListLogEntriesResponse cluster = GcpTestBed.entries(SCENARIO, "cluster-logs.json");
        bed.logs(r -> r.getFilter().startsWith("logName=") ? cluster : workload);
    }

    @AfterEach
    void stop() throws Exception {
        bed.close();
    }

    private static DiagnosticRequest request() {
        return DiagnosticRequest.builder().platform(Platform.GCP_GKE).project("acme-prod").region("europe-west1")
                .cluster("prod").namespace("shop").service("api")
                .window(Instant.parse("2026-11-25T13:00:00Z"), Instant.parse("2026-11-25T14:00:00Z")).build();
    }

    @Test
    void reportsOutOfResourcesScaleUpAndDelegatesTheWorkloadToKubernetes() throws Exception {
        EvidenceBundle bundle;
        try (GkeProvider provider = new GkeProvider(Optional.of(credentials), bed.settings(), k -> null)) {
            assertThat(provider.supports(request())).isTrue();
            bundle = provider.collect(request(), GcpTestBed.context(Map.of(), k8s));
        }

        assertThat(bundle.gaps()).isEmpty();
        ResourceState cluster = bundle.states().stream().filter(s -> s.kind().equals("cluster")).findFirst().orElseThrow();
        assertThat(cluster.name()).isEqualTo("prod");
        assertThat(cluster.status()).isEqualTo("RUNNING");
        ResourceState pool = bundle.states().stream().filter(s -> s.kind().equals("nodegroup")).findFirst().orElseThrow();
        assertThat(pool.name()).isEqualTo("pool-1");
        assertThat(pool.status()).isEqualTo("RUNNING_WITH_ERROR");
        assertThat(pool.message()).get().asString().contains("ZONE_RESOURCE_POOL_EXHAUSTED");
        assertThat(pool.attributes()).containsEntry("issue.code", "GCE_STOCKOUT")
                .containsEntry("autoscaling", "enabled").containsEntry("autoscaling.min", "1")
                .containsEntry("autoscaling.max", "3").containsEntry("machineType", "e2-standard-4");

        assertThat(bundle.events()).extracting(Event::reason)
                .containsExactly("scale.up.error.out.of.resources", "FailedScheduling", "noScaleUp");
        Event outOfResources = bundle.events().get(0);
        assertThat(outOfResources.source()).isEqualTo("cluster-autoscaler");
        assertThat(outOfResources.type()).isEqualTo("Warning");
        assertThat(outOfResources.text()).isEqualTo("scale.up.error.out.of.resources: scale.up.error.out.of.resources: "
                + "https://www.googleapis.com/compute/v1/projects/acme-prod/zones/europe-west1-b/instanceGroups/"
                + "gke-prod-pool-1-5d2f1a0c-grp");
        Event scheduling = bundle.events().get(1);
        assertThat(scheduling.involvedObject()).isEqualTo("Pod/api-7d9c6b5f4-x2k8q");
        assertThat(scheduling.count()).isEqualTo(9);
        assertThat(scheduling.source()).isEqualTo("default-scheduler");
        assertThat(scheduling.message()).startsWith("0/3 nodes are available: 3 Insufficient cpu.");
        assertThat(bundle.events().get(2).message()).isEqualTo("pod didn't trigger scale-up (shop/api-7d9c6b5f4-x2k8q): "
                + "no.scale.up.mig.failing.predicate [NodeResourcesFit, Insufficient cpu], no.scale.up.nap.disabled");

        assertThat(bundle.logs()).singleElement().satisfies(l -> {
            assertThat(l.source()).isEqualTo("pod/shop/api-7d9c6b5f4-m4n7p/api");
            assertThat(l.message()).isEqualTo("api 4.2.0 listening on :8080");
            assertThat(l.attributes()).containsEntry("pod", "api-7d9c6b5f4-m4n7p").containsEntry("container", "api");
        });

        assertThat(bed.httpCalls).extracting(r -> r.getRequestUrl().encodedPath()).containsExactly(CLUSTER_PATH);
        assertThat(bed.logCalls).extracting(ListLogEntriesRequest::getFilter).containsExactly(
                "resource.type=(\"k8s_container\" OR \"k8s_pod\") AND resource.labels.cluster_name=\"prod\""
                        + " AND resource.labels.location=\"europe-west1\" AND resource.labels.namespace_name=\"shop\""
                        + " AND resource.labels.pod_name:\"api\" AND NOT logName=\"projects/acme-prod/logs/events\""
                        + " AND timestamp>=\"2026-11-25T13:00:00Z\" AND timestamp<=\"2026-11-25T14:00:00Z\""
                        + " AND severity>=DEFAULT",
                "logName=(\"projects/acme-prod/logs/events\" OR \"projects/acme-prod/logs/"
                        + "container.googleapis.com%2Fcluster-autoscaler-visibility\")"
                        + " AND resource.labels.cluster_name=\"prod\" AND resource.labels.location=\"europe-west1\""
                        + " AND timestamp>=\"2026-11-25T13:00:00Z\" AND timestamp<=\"2026-11-25T14:00:00Z\"");

        assertThat(k8s.requests).singleElement().satisfies(r -> {
            assertThat(r.attributes())
                    .containsEntry("kube.apiServer", "https://34.77.120.15")
                    .containsEntry("kube.caData", "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUVMRENDQXBTZ0F3SUJBZ0lRUXdB"
                            + "PT0KLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=")
                    .containsEntry("kube.token", "ya29.gke-test-token");
            assertThat(r.namespace()).contains("shop");
            assertThat(r.service()).contains("api");
        });
        assertThat(bundle.states()).extracting(ResourceState::kind).contains("pod");
        assertThat(bundle.platforms()).contains(Platform.GCP_GKE, Platform.KUBERNETES);
    }

    @Test
    void reportsUnsupportedGapWhenNoKubernetesProviderIsAvailable() throws Exception {
        EvidenceBundle bundle;
        try (GkeProvider provider = new GkeProvider(Optional.of(credentials), bed.settings(), k -> null)) {
            bundle = provider.collect(request(), GcpTestBed.context(Map.of()));
        }
        assertThat(bundle.gaps()).singleElement().satisfies(g -> {
            assertThat(g.provider()).isEqualTo("gcp-gke");
            assertThat(g.kind()).isEqualTo(CollectionGap.Kind.UNSUPPORTED);
            assertThat(g.reason()).contains("no provider with id 'kubernetes'").contains("diagnostics-k8s");
        });
        assertThat(bundle.events()).isNotEmpty();
    }

    @Test
    void reportsGapNamingContainerPermissionWhenTheClusterIsForbidden() throws Exception {
        bed.route(CLUSTER_PATH, 403, "{\"error\":{\"code\":403,\"message\":\"Required \\\"container.clusters.get\\\" "
                + "permission(s) for \\\"projects/acme-prod/locations/europe-west1/clusters/prod\\\".\","
                + "\"status\":\"PERMISSION_DENIED\"}}");
        EvidenceBundle bundle;
        try (GkeProvider provider = new GkeProvider(Optional.of(credentials), bed.settings(), k -> null)) {
            bundle = provider.collect(request(), GcpTestBed.context(Map.of(), k8s));
        }
        assertThat(bundle.gaps()).singleElement().satisfies(g -> {
            assertThat(g.kind()).isEqualTo(CollectionGap.Kind.PERMISSION_DENIED);
            assertThat(g.permission()).contains("container.clusters.get");
        });
        // Without the cluster there is no endpoint to delegate with.
        assertThat(k8s.requests).isEmpty();
        assertThat(bundle.events()).hasSize(3);
    }

    @Test
    void reportsGapNamingLoggingPermissionWhenClusterLogsAreForbidden() throws Exception {
        bed.logs(r -> io.grpc.Status.PERMISSION_DENIED.withDescription(
                "Permission 'logging.logEntries.list' denied on resource (or it may not exist)."));
        EvidenceBundle bundle;
        try (GkeProvider provider = new GkeProvider(Optional.of(credentials), bed.settings(), k -> null)) {
            bundle = provider.collect(request(), GcpTestBed.context(Map.of(), k8s));
        }
        assertThat(bundle.gaps()).singleElement().satisfies(g -> {
            assertThat(g.kind()).isEqualTo(CollectionGap.Kind.PERMISSION_DENIED);
            assertThat(g.permission()).contains("logging.logEntries.list");
            assertThat(g.provider()).isEqualTo("gcp-gke");
        });
        // The cluster and the delegated workload do not depend on Cloud Logging.
        assertThat(bundle.states()).extracting(ResourceState::kind).contains("cluster", "nodegroup", "pod");
        assertThat(k8s.requests).hasSize(1);
    }
}
