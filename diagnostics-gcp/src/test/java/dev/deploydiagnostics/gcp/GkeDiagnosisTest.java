package dev.deploydiagnostics.gcp;

import dev.deploydiagnostics.test.ReportText;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.logging.v2.ListLogEntriesResponse;
import dev.deploydiagnostics.DiagnosticEngine;
import dev.deploydiagnostics.Diagnostics;
import dev.deploydiagnostics.api.Category;
import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.Evidence;
import dev.deploydiagnostics.api.Finding;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.api.ProviderRun;
import dev.deploydiagnostics.api.Verdict;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The whole path for GKE: cluster and Cloud Logging read from local servers, diagnosed by the built-in catalog. */
class GkeDiagnosisTest {
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

    private DiagnosticReport analyze() throws Exception {
        DiagnosticRequest request = DiagnosticRequest.builder().platform(Platform.GCP_GKE).project("acme-prod")
                .region("europe-west1").cluster("prod").namespace("shop").service("api")
                .window(Instant.parse("2026-11-25T13:00:00Z"), Instant.parse("2026-11-25T14:00:00Z")).build();
        try (DiagnosticEngine engine = Diagnostics.builder().discovery(false)
                .clock(Clock.fixed(GcpTestBed.NOW, ZoneOffset.UTC))
                .provider(new GkeProvider(Optional.of(credentials), bed.settings(), k -> null))
                .provider(k8s).build()) {
            return engine.analyze(request);
        }
    }

    private static boolean cites(Finding finding, String text) {
        return finding.evidence().stream().map(Evidence::text).anyMatch(t -> t.contains(text));
    }

    @Test
    void diagnosesAStockedOutZoneAsInsufficientResourcesAboveThePendingPod() throws Exception {
        DiagnosticReport report = analyze();

        assertThat(report.verdict()).as(ReportText.describe(report)).isEqualTo(Verdict.ROOT_CAUSE_FOUND);
        Finding root = report.rootCause().orElseThrow();
        assertThat(root.category()).as(ReportText.describe(report)).isEqualTo(Category.INSUFFICIENT_RESOURCES_SCHEDULING);
        // The zone's stock-out explains why the autoscaler added no node for the pod that does not fit.
        assertThat(root.patternId()).isEqualTo("gke.scale-up.out-of-resources");
        assertThat(cites(root, "scale.up.error.out.of.resources: scale.up.error.out.of.resources: "
                + "https://www.googleapis.com/compute/v1/projects/acme-prod/zones/europe-west1-b/instanceGroups/"
                + "gke-prod-pool-1-5d2f1a0c-grp")).isTrue();
        assertThat(cites(root, "nodegroup pool-1: RUNNING_WITH_ERROR")).isTrue();
        assertThat(ReportText.remedyText(root))
                .contains("gcloud container node-pools update pool-1 --cluster prod --location europe-west1 "
                        + "--node-locations=")
                .contains("Zone europe-west1-b had no capacity");
        assertThat(report.findings().subList(1, report.findings().size()))
                .allSatisfy(f -> assertThat(f.confidence()).isLessThan(root.confidence()));
        assertThat(report.gaps()).isEmpty();

        // The engine ran its Kubernetes provider for the cluster GKE found, and reports that run after GKE's.
        assertThat(k8s.requests).singleElement().satisfies(r -> {
            assertThat(r.attribute(DiagnosticRequest.Attributes.KUBE_API_SERVER)).contains("https://34.77.120.15");
            assertThat(r.attribute(DiagnosticRequest.Attributes.KUBE_TOKEN)).contains("ya29.gke-test-token");
            assertThat(r.attribute(DiagnosticRequest.Attributes.KUBE_CA_DATA)).isPresent();
        });
        assertThat(report.providers()).extracting(ProviderRun::providerId).containsExactly("gcp-gke", "kubernetes");
        assertThat(report.providers().get(1).statistics()).containsEntry("delegatedBy", "gcp-gke");
    }

    @Test
    void stillFindsTheStockOutOnTheNodePoolWhenCloudLoggingIsForbidden() throws Exception {
        bed.logs(r -> io.grpc.Status.PERMISSION_DENIED.withDescription(
                "Permission 'logging.logEntries.list' denied on resource (or it may not exist)."));
        DiagnosticReport report = analyze();

        assertThat(report.verdict()).as(ReportText.describe(report)).isEqualTo(Verdict.ROOT_CAUSE_FOUND);
        Finding root = report.rootCause().orElseThrow();
        assertThat(root.category()).isEqualTo(Category.INSUFFICIENT_RESOURCES_SCHEDULING);
        assertThat(root.evidence()).extracting(Evidence::text)
                .singleElement().asString().startsWith("nodegroup pool-1: RUNNING_WITH_ERROR");
        assertThat(report.gaps()).isNotEmpty().allSatisfy(g -> {
            assertThat(g.permission()).contains("logging.logEntries.list");
            assertThat(g.provider()).isEqualTo("gcp-gke");
        });
    }
}
