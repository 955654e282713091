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
                "GET 503 https://api-3kq4xz7n2a-ew.a.run.app/healthz (1 ms)");
        LogLine request = bundle.logs().get(3);
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
}
