package dev.deploydiagnostics.gcp;

import dev.deploydiagnostics.test.ReportText;
import static org.assertj.core.api.Assertions.assertThat;

import dev.deploydiagnostics.DiagnosticEngine;
import dev.deploydiagnostics.Diagnostics;
import dev.deploydiagnostics.api.Category;
import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.Evidence;
import dev.deploydiagnostics.api.Finding;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.api.Verdict;
import io.grpc.Status;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole path for Cloud Run: the real SDK clients read the scenarios from local servers, and the engine with
 * its built-in catalog turns that evidence into the diagnosis a person would act on.
 */
class CloudRunDiagnosisTest {
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

    private DiagnosticReport analyze() throws Exception {
        DiagnosticRequest request = DiagnosticRequest.builder().platform(Platform.GCP_CLOUD_RUN)
                .project("acme-prod").region("europe-west1").service("api")
                .window(Instant.parse("2026-11-25T13:00:00Z"), Instant.parse("2026-11-25T14:00:00Z")).build();
        try (DiagnosticEngine engine = Diagnostics.builder().discovery(false)
                .clock(Clock.fixed(GcpTestBed.NOW, ZoneOffset.UTC))
                .provider(new CloudRunProvider(Optional.empty(), bed.settings(), k -> null)).build()) {
            return engine.analyze(request);
        }
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
    void diagnosesAPortNobodyListensOnAsPortBindingFailure() throws Exception {
        serve("cloud-run-port-not-listening");
        DiagnosticReport report = analyze();

        Finding root = root(report, Category.PORT_BINDING_FAILURE);
        // The app's own log says why the port stayed closed: it bound loopback on another port.
        assertThat(root.patternId()).isEqualTo("app.listening-on-loopback");
        assertThat(root.title()).contains("127.0.0.1:3000");
        assertThat(cites(root, "Server listening on http://127.0.0.1:3000")).isTrue();
        assertThat(cites(root, "revision api-00002-zog: False (HealthCheckContainerError)")).isTrue();
        assertThat(ReportText.remedyText(root)).contains("0.0.0.0").contains("8080");
        assertThat(report.findings()).allSatisfy(f -> assertThat(f.category()).isEqualTo(Category.PORT_BINDING_FAILURE));
        assertThat(report.findings()).filteredOn(f -> f.patternId().equals("cloudrun.startup-tcp-probe-failed"))
                .singleElement().satisfies(f -> {
                    assertThat(f.title()).contains("port 8080");
                    assertThat(cites(f, "Default STARTUP TCP probe failed 1 time consecutively")).isTrue();
                });
        assertThat(ReportText.snippets(report))
                .contains("gcloud run deploy api --image IMAGE --port 8080 --region europe-west1\n");
        assertThat(report.gaps()).isEmpty();
    }

    @Test
    void diagnosesTheMemoryLimitMessageAsOomKilledWithTheLimitAndUse() throws Exception {
        serve("cloud-run-memory-limit");
        DiagnosticReport report = analyze();

        Finding root = root(report, Category.OOM_KILLED);
        assertThat(root.patternId()).isEqualTo("cloudrun.memory-limit-exceeded");
        assertThat(root.title()).isEqualTo("Cloud Run instance exceeded its 512 MiB limit (530 MiB used)");
        // high, as calibrated on texts the catalog had not seen (its surest findings are right there about 85 % of the time)
        assertThat(root.confidence()).isGreaterThanOrEqualTo(0.8);
        assertThat(cites(root, "Memory limit of 512 MiB exceeded with 530 MiB used")).isTrue();
        assertThat(root.remedies().get(0).title()).contains("512 MiB");
        assertThat(root.remedies().get(0).configExample()).get().satisfies(c -> {
            assertThat(c.format()).isEqualTo("shell");
            assertThat(c.content()).startsWith("gcloud run deploy api ").contains("--memory ")
                    .contains("--region europe-west1");
        });
    }

    @Test
    void diagnosesAMissingImageAsImagePullFailureNamingTheImage() throws Exception {
        serve("cloud-run-image-not-found");
        DiagnosticReport report = analyze();

        Finding root = root(report, Category.IMAGE_PULL_FAILURE);
        assertThat(root.patternId()).isEqualTo("cloudrun.image-not-found");
        assertThat(root.title()).contains("europe-west1-docker.pkg.dev/acme-prod/app/api:3.1.0");
        assertThat(cites(root, "revision api-00007-miq: False (ContainerMissing)")).isTrue();
        String remedies = ReportText.remedyText(root);
        assertThat(remedies).contains("gcloud artifacts docker tags list europe-west1-docker.pkg.dev/acme-prod/app/api")
                .contains("gcloud run deploy api --image europe-west1-docker.pkg.dev/acme-prod/app/api:");
    }

    @Test
    void diagnosesARefusedImageAsImagePullFailureWithTheGrantForTheServiceAgent() throws Exception {
        serve("cloud-run-image-denied");
        DiagnosticReport report = analyze();

        Finding root = root(report, Category.IMAGE_PULL_FAILURE);
        assertThat(root.patternId()).isEqualTo("cloudrun.image-access-denied");
        assertThat(root.title()).contains("europe-west1-docker.pkg.dev/shared-images/base/api:1.4.2");
        assertThat(cites(root, "revision api-00003-tuv: False (ContainerPermissionDenied)")).isTrue();
        // The grant goes to the repository and project the message names, for the agent it names.
        assertThat(ReportText.remedyText(root)).contains("gcloud artifacts repositories add-iam-policy-binding base "
                + "--project=shared-images --location=europe-west1")
                .contains("--member=serviceAccount:service-481516@serverless-robot-prod.iam.gserviceaccount.com")
                .contains("--role=roles/artifactregistry.reader");
        assertThat(report.findings()).noneMatch(f -> f.category() == Category.PERMISSION_DENIED_IAM
                && f.confidence() >= root.confidence());
    }

    @Test
    void diagnosesAStartupProbeThatRanOutOfTimeAsStartupTimeout() throws Exception {
        serve("cloud-run-startup-probe-timeout");
        DiagnosticReport report = analyze();

        // The app was still running its migrations when the only 240 s attempt of the HTTP startup probe hit
        // DEADLINE_EXCEEDED: nothing crashed and the ports agree, it just was not ready in the time allowed.
        Finding root = root(report, Category.STARTUP_TIMEOUT);
        assertThat(root.patternId()).isEqualTo("cloudrun.startup-http-probe-failed");
        assertThat(cites(root, "STARTUP HTTP probe failed 1 time consecutively for container \"api-1\" on path "
                + "\"/ready\"")).isTrue();
        assertThat(cites(root, "revision api-00009-pod: False (HealthCheckContainerError)")).isTrue();
        assertThat(ReportText.remedyText(root)).contains("path: /ready").contains("port: 8080");
        assertThat(report.findings()).noneMatch(f -> f.category() == Category.HEALTH_CHECK_FAILURE
                || f.category() == Category.CRASH_LOOP_APP_ERROR);
    }

    @Test
    void stillDiagnosesFromTheRevisionWhenLogsAreForbiddenAndNamesThePermission() throws Exception {
        serve("cloud-run-port-not-listening");
        bed.logs(r -> Status.PERMISSION_DENIED.withDescription(
                "Permission 'logging.logEntries.list' denied on resource (or it may not exist)."));
        DiagnosticReport report = analyze();

        Finding root = root(report, Category.PORT_BINDING_FAILURE);
        assertThat(root.patternId()).isEqualTo("cloudrun.container-failed-to-start");
        assertThat(cites(root, "revision api-00002-zog: False (HealthCheckContainerError)")).isTrue();
        assertThat(ReportText.remedyText(root)).contains("gcloud run deploy api --image IMAGE --port 8080 --region europe-west1");
        assertThat(report.gaps()).singleElement().satisfies(g -> {
            assertThat(g.kind()).isEqualTo(CollectionGap.Kind.PERMISSION_DENIED);
            assertThat(g.permission()).contains("logging.logEntries.list");
        });
        assertThat(report.summary()).contains("could not be collected");
    }

    @Test
    void reportsCollectionFailedNamingTheRunPermissionWhenTheServiceIsForbidden() throws Exception {
        bed.route(SERVICE_PATH, 403, "{\"error\":{\"code\":403,\"message\":\"Permission 'run.services.get' denied on "
                + "resource 'projects/acme-prod/locations/europe-west1/services/api' (or resource may not exist).\","
                + "\"status\":\"PERMISSION_DENIED\"}}");
        DiagnosticReport report = analyze();

        assertThat(report.verdict()).as(ReportText.describe(report)).isEqualTo(Verdict.COLLECTION_FAILED);
        assertThat(report.findings()).isEmpty();
        assertThat(report.gaps()).extracting(g -> g.permission().orElse("")).containsExactly("run.services.get");
        assertThat(report.summary()).contains("grant run.services.get");
    }
}
