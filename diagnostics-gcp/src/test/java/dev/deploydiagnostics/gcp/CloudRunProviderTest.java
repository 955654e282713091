package dev.deploydiagnostics.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.logging.v2.ListLogEntriesRequest;
import com.google.monitoring.v3.Aggregation;
import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.LogLine;
import dev.deploydiagnostics.api.MetricSample;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.api.ResourceState;
import io.grpc.Status;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CloudRunProviderTest {
    private static final String SERVICE_PATH = "/v2/projects/acme-prod/locations/europe-west1/services/api";

    private GcpTestBed bed;

    @BeforeEach
    void start() throws Exception {
        bed = new GcpTestBed();
    }

    @AfterEach
    void stop() throws Exception {
        bed.close();
    }

    private void serve(String scenario) {
        bed.route(SERVICE_PATH, 200, GcpTestBed.fixture(scenario, "service.json"));
        bed.route(SERVICE_PATH + "/revisions", 200, GcpTestBed.fixture(scenario, "revisions.json"));
        var entries = GcpTestBed.entries(scenario, "logs.json");
        bed.logs(r -> entries);
        bed.metrics(GcpTestBed.timeSeries(scenario, "metrics.json"));
    }

    private EvidenceBundle collect(Map<String, String> settings) throws Exception {
        DiagnosticRequest request = DiagnosticRequest.builder().platform(Platform.GCP_CLOUD_RUN)
                .project("acme-prod").region("europe-west1").service("api")
                .window(Instant.parse("2026-11-25T13:00:00Z"), Instant.parse("2026-11-25T14:00:00Z")).build();
        try (CloudRunProvider provider = new CloudRunProvider(Optional.empty(), bed.settings(), k -> null)) {
            assertThat(provider.supports(request)).isTrue();
            return provider.collect(request, GcpTestBed.context(settings));
        }
    }

    private static ResourceState state(EvidenceBundle bundle, String kind, String name) {
        return bundle.states().stream().filter(s -> s.kind().equals(kind) && s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + bundle.states()));
    }

    @Test
    void reportsPortNotListeningFromTheFailedRevisionAndItsLogs() throws Exception {
        serve("cloud-run-port-not-listening");
        EvidenceBundle bundle = collect(Map.of());

        assertThat(bundle.gaps()).isEmpty();
        assertThat(bundle.platforms()).containsExactly(Platform.GCP_CLOUD_RUN);
        ResourceState service = state(bundle, "service", "api");
        assertThat(service.status()).isEqualTo("False");
        assertThat(service.message()).get().asString()
                .contains("failed to start and listen on the port defined provided by the PORT=8080 environment variable");
        assertThat(service.attributes()).containsEntry("latestCreatedRevision", "api-00002-zog")
                .containsEntry("latestReadyRevision", "api-00001-wun")
                .containsEntry("traffic", "api-00001-wun=100%")
                .containsKey("condition.RoutesReady");

        ResourceState failed = state(bundle, "revision", "api-00002-zog");
        assertThat(failed.status()).isEqualTo("False");
        assertThat(failed.reason()).contains("HealthCheckContainerError");
        assertThat(failed.image()).contains("europe-west1-docker.pkg.dev/acme-prod/app/api:2.3.0");
        assertThat(failed.memoryLimitBytes()).contains(512L * 1024 * 1024);
        assertThat(failed.attributes())
                .containsEntry("port", "8080")
                .containsEntry("limits.memory", "512Mi")
                .containsEntry("limits.cpu", "1000m")
                .containsEntry("env", "LOG_LEVEL")
                .containsEntry("secretEnv", "DATABASE_URL=database-url:latest")
                .containsEntry("probe.startup", "tcp-socket :8080 delay=0s timeout=240s period=240s failureThreshold=1")
                .containsEntry("condition.ContainerHealthy", "False: HealthCheckContainerError: The user-provided "
                        + "container failed to start and listen on the port defined provided by the PORT=8080 "
                        + "environment variable.")
                .containsEntry("condition.ResourcesAvailable", "True");
        assertThat(failed.attributes().values()).noneMatch(v -> v.contains("LOG_LEVEL=info"));
        assertThat(state(bundle, "revision", "api-00001-wun").status()).isEqualTo("True");

        assertThat(bundle.logs()).extracting(LogLine::message).containsExactly(
                "Server listening on http://127.0.0.1:3000",
                "Default STARTUP TCP probe failed 1 time consecutively for container \"api-1\" on port 8080. "
                        + "The instance was not started.\nConnection failed with status CANCELLED.",
                "Ready condition status changed to False for Revision api-00002-zog with message: The user-provided "
                        + "container failed to start and listen on the port defined provided by the PORT=8080 "
                        + "environment variable. Logs for this revision might contain more information.",
                "Cloud Run error: Container failed to start. Failed to start and then listen on the port defined by "
                        + "the PORT environment variable. Logs for this revision might contain more information.",
                "GET 503 https://api-3kq4xz7n2a-ew.a.run.app/healthz (1 ms)");
        LogLine request = bundle.logs().get(4);
        assertThat(request.source()).isEqualTo("cloud-run/api/api-00002-zog (requests)");
        assertThat(request.attributes()).containsEntry("logType", "request").containsEntry("httpStatus", "503");
        assertThat(bundle.logs().get(0).attributes()).containsEntry("logType", "application")
                .containsEntry("revision", "api-00002-zog");

        assertThat(bed.logCalls).hasSize(1);
        ListLogEntriesRequest logCall = bed.logCalls.get(0);
        assertThat(logCall.getResourceNamesList()).containsExactly("projects/acme-prod");
        assertThat(logCall.getOrderBy()).isEqualTo("timestamp desc");
        assertThat(logCall.getFilter()).isEqualTo("resource.type=\"cloud_run_revision\""
                + " AND resource.labels.service_name=\"api\" AND resource.labels.location=\"europe-west1\""
                + " AND resource.labels.revision_name=\"api-00002-zog\""
                + " AND timestamp>=\"2026-11-25T13:00:00Z\" AND timestamp<=\"2026-11-25T14:00:00Z\""
                + " AND severity>=DEFAULT");

        assertThat(bed.httpCalls).extracting(RecordedRequest::getMethod).containsOnly("GET");
        assertThat(bed.httpCalls).extracting(r -> r.getRequestUrl().encodedPath())
                .containsExactly(SERVICE_PATH, SERVICE_PATH + "/revisions");

        assertThat(bundle.metrics()).extracting(MetricSample::name)
                .containsOnly("run.googleapis.com/container/instance_count");
        assertThat(bed.metricCalls).hasSize(3);
        assertThat(bed.metricCalls.get(0).getName()).isEqualTo("projects/acme-prod");
        assertThat(bed.metricCalls.get(0).getFilter()).isEqualTo(
                "metric.type=\"run.googleapis.com/container/memory/utilizations\""
                        + " AND resource.type=\"cloud_run_revision\" AND resource.labels.service_name=\"api\""
                        + " AND resource.labels.location=\"europe-west1\"");
        assertThat(bed.metricCalls.get(0).getAggregation().getPerSeriesAligner())
                .isEqualTo(Aggregation.Aligner.ALIGN_PERCENTILE_99);
        assertThat(bed.metricCalls.get(2).getAggregation().getPerSeriesAligner())
                .isEqualTo(Aggregation.Aligner.ALIGN_MAX);
        assertThat(bed.metricCalls.get(0).getInterval().getStartTime().getSeconds())
                .isEqualTo(Instant.parse("2026-11-25T13:00:00Z").getEpochSecond());
    }

    @Test
    void reportsGapNamingLoggingPermissionWhenLogsAreForbidden() throws Exception {
        serve("cloud-run-port-not-listening");
        bed.logs(r -> Status.PERMISSION_DENIED.withDescription(
                "Permission 'logging.logEntries.list' denied on resource (or it may not exist)."));
        EvidenceBundle bundle = collect(Map.of());

        assertThat(bundle.gaps()).singleElement().satisfies(gap -> {
            assertThat(gap.kind()).isEqualTo(CollectionGap.Kind.PERMISSION_DENIED);
            assertThat(gap.permission()).contains("logging.logEntries.list");
            assertThat(gap.provider()).isEqualTo("gcp-cloud-run");
            assertThat(gap.reason()).contains("PERMISSION_DENIED");
        });
        assertThat(bundle.states()).isNotEmpty();
        assertThat(bundle.metrics()).isNotEmpty();
    }

    @Test
    void reportsMemoryLimitExceededWithTheLimitAndUtilisation() throws Exception {
        serve("cloud-run-memory-limit");
        EvidenceBundle bundle = collect(Map.of("severityFloor", "warning"));

        assertThat(bundle.gaps()).isEmpty();
        ResourceState revision = state(bundle, "revision", "api-00005-kal");
        assertThat(revision.status()).isEqualTo("True");
        assertThat(revision.attributes()).containsEntry("limits.memory", "512Mi")
                .containsEntry("traffic.percent", "100")
                .containsEntry("probe.liveness", "http-get :8080/healthz delay=10s timeout=1s period=10s failureThreshold=3");
        assertThat(bundle.logs()).filteredOn(l -> l.attributes().get("logType").equals("application"))
                .extracting(LogLine::message).containsExactly(
                        "WARN report builder: holding 48213 rows in memory",
                        "Memory limit of 512 MiB exceeded with 530 MiB used. Consider increasing the memory limit, "
                                + "see https://cloud.google.com/run/docs/configuring/memory-limits");
        assertThat(bundle.logs()).filteredOn(l -> l.attributes().get("logType").equals("request"))
                .singleElement().satisfies(l -> {
                    assertThat(l.source()).isEqualTo("cloud-run/api/api-00005-kal (requests)");
                    assertThat(l.attributes()).containsEntry("httpStatus", "500");
                });
        // The revision is ready, so the newest one is the one whose logs are read.
        assertThat(bed.logCalls.get(0).getFilter()).contains("resource.labels.revision_name=\"api-00005-kal\"")
                .endsWith("severity>=WARNING");

        assertThat(bundle.metrics()).filteredOn(m -> m.name().equals("run.googleapis.com/container/memory/utilizations"))
                .extracting(MetricSample::value, MetricSample::unit)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(99.21875, "Percent"),
                        org.assertj.core.groups.Tuple.tuple(71.0, "Percent"));
        assertThat(bundle.metrics()).filteredOn(m -> m.name().endsWith("instance_count")).singleElement()
                .satisfies(m -> assertThat(m.attributes()).containsEntry("metric.state", "active")
                        .containsEntry("statistic", "max").containsEntry("revision", "api-00005-kal"));
        assertThat(bundle.metrics().get(0).text())
                .isEqualTo("run.googleapis.com/container/memory/utilizations (p99) = 99.22 Percent");
    }

    @Test
    void reportsMissingImageAsContainerMissing() throws Exception {
        serve("cloud-run-image-not-found");
        EvidenceBundle bundle = collect(Map.of());

        ResourceState service = state(bundle, "service", "api");
        assertThat(service.status()).isEqualTo("False");
        assertThat(service.reason()).contains("ContainerMissing");
        assertThat(service.text()).isEqualTo("service api: False (ContainerMissing) - "
                + "Image 'europe-west1-docker.pkg.dev/acme-prod/app/api:3.1.0' not found.");
        ResourceState revision = state(bundle, "revision", "api-00007-miq");
        assertThat(revision.reason()).contains("ContainerMissing");
        assertThat(revision.message()).contains("Image 'europe-west1-docker.pkg.dev/acme-prod/app/api:3.1.0' not found.");
        assertThat(revision.attributes()).containsEntry("condition.ContainerHealthy", "Unknown");
        assertThat(state(bundle, "revision", "api-00006-bex").attributes()).containsEntry("traffic.percent", "100");
        assertThat(bed.logCalls.get(0).getFilter()).contains("resource.labels.revision_name=\"api-00007-miq\"");
    }

    @Test
    void reportsImageAccessDeniedWithTheArtifactRegistryPermission() throws Exception {
        serve("cloud-run-image-denied");
        EvidenceBundle bundle = collect(Map.of());

        ResourceState service = state(bundle, "service", "api");
        assertThat(service.reason()).contains("ContainerPermissionDenied");
        assertThat(service.message()).get().asString()
                .contains("denied: Permission \"artifactregistry.repositories.downloadArtifacts\" denied");
        ResourceState revision = state(bundle, "revision", "api-00003-tuv");
        assertThat(revision.text()).contains("revision api-00003-tuv: False (ContainerPermissionDenied) - "
                + "Image 'europe-west1-docker.pkg.dev/shared-images/base/api:1.4.2' not accessible: denied: "
                + "Permission \"artifactregistry.repositories.downloadArtifacts\" denied");
        assertThat(revision.memoryLimitBytes()).contains(1L << 30);
    }

    @Test
    void reportsRevisionNotReadyWithTheFailedConditionsReason() throws Exception {
        serve("cloud-run-startup-probe-timeout");
        EvidenceBundle bundle = collect(Map.of());

        ResourceState revision = state(bundle, "revision", "api-00009-pod");
        // Ready says nothing itself here; the failed ContainerHealthy condition explains it.
        assertThat(revision.status()).isEqualTo("False");
        assertThat(revision.reason()).contains("HealthCheckContainerError");
        assertThat(revision.message()).contains("Container failed to become healthy. Startup probes timed out after 4m "
                + "(1 attempts with a timeout of 240s each). There was an initial delay of 0s.");
        assertThat(revision.attributes()).containsEntry("probe.startup",
                "http-get :8080/ready delay=0s timeout=240s period=240s failureThreshold=1");
        assertThat(state(bundle, "service", "api").attributes().get("condition.RoutesReady"))
                .startsWith("False: Revision 'api-00009-pod' is not ready");
        assertThat(bundle.logs()).extracting(LogLine::message).last().asString()
                .startsWith("STARTUP HTTP probe failed 1 time consecutively for container \"api-1\" on path \"/ready\"");
    }

    @Test
    void reportsGapNamingRunPermissionWhenTheServiceIsForbidden() throws Exception {
        bed.route(SERVICE_PATH, 403, "{\"error\":{\"code\":403,\"message\":\"Permission 'run.services.get' denied on "
                + "resource 'projects/acme-prod/locations/europe-west1/services/api' (or resource may not exist).\","
                + "\"status\":\"PERMISSION_DENIED\"}}");
        bed.logs(r -> com.google.logging.v2.ListLogEntriesResponse.getDefaultInstance());
        EvidenceBundle bundle = collect(Map.of());

        assertThat(bundle.gaps()).singleElement().satisfies(gap -> {
            assertThat(gap.kind()).isEqualTo(CollectionGap.Kind.PERMISSION_DENIED);
            assertThat(gap.permission()).contains("run.services.get");
            assertThat(gap.what()).isEqualTo("Cloud Run service projects/acme-prod/locations/europe-west1/services/api");
        });
        // Logs are still read, for the whole service since no revision is known.
        assertThat(bed.logCalls).singleElement().satisfies(r -> assertThat(r.getFilter())
                .doesNotContain("revision_name"));
        assertThat(bed.httpCalls).hasSize(1);
    }

    @Test
    void reportsMissingProjectInsteadOfCalling() throws Exception {
        DiagnosticRequest request = DiagnosticRequest.builder().platform(Platform.GCP_CLOUD_RUN).region("europe-west1")
                .service("api").build();
        try (CloudRunProvider provider = new CloudRunProvider(Optional.empty(), bed.settings(), k -> null)) {
            EvidenceBundle bundle = provider.collect(request, GcpTestBed.context(Map.of()));
            assertThat(bundle.gaps()).singleElement().satisfies(g ->
                    assertThat(g.kind()).isEqualTo(CollectionGap.Kind.UNREADABLE));
        }
        assertThat(bed.httpCalls).isEmpty();
        assertThat(bed.logCalls).isEmpty();
    }

    @Test
    void takesTheProjectFromTheEnvironmentWhenTheRequestHasNone() throws Exception {
        serve("cloud-run-image-not-found");
        DiagnosticRequest request = DiagnosticRequest.builder().platform(Platform.GCP_CLOUD_RUN).region("europe-west1")
                .service("api").build();
        try (CloudRunProvider provider = new CloudRunProvider(Optional.empty(), bed.settings(),
                k -> k.equals("GOOGLE_CLOUD_PROJECT") ? "acme-prod" : null)) {
            provider.collect(request, GcpTestBed.context(Map.of()));
        }
        assertThat(bed.httpCalls.get(0).getRequestUrl().encodedPath()).isEqualTo(SERVICE_PATH);
    }

    @Test
    void makesNoCallsOnceTheDeadlineHasPassed() throws Exception {
        serve("cloud-run-memory-limit");
        DiagnosticRequest request = DiagnosticRequest.builder().platform(Platform.GCP_CLOUD_RUN).project("acme-prod")
                .region("europe-west1").service("api").build();
        EvidenceBundle bundle;
        try (CloudRunProvider provider = new CloudRunProvider(Optional.empty(), bed.settings(), k -> null)) {
            bundle = provider.collect(request, GcpTestBed.context(Map.of(), GcpTestBed.NOW.minusSeconds(1)));
        }
        assertThat(bundle.gaps()).isNotEmpty().allMatch(g -> g.kind() == CollectionGap.Kind.TIMEOUT);
        assertThat(bundle.observationCount()).isZero();
        assertThat(bed.httpCalls).isEmpty();
        assertThat(bed.logCalls).isEmpty();
        assertThat(bed.metricCalls).isEmpty();
    }
}
