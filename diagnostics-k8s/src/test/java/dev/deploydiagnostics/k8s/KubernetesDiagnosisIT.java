package dev.deploydiagnostics.k8s;

import dev.deploydiagnostics.test.ReportText;
import dev.deploydiagnostics.DiagnosticEngine;
import dev.deploydiagnostics.Diagnostics;
import dev.deploydiagnostics.api.Category;
import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.Event;
import dev.deploydiagnostics.api.Evidence;
import dev.deploydiagnostics.api.Finding;
import dev.deploydiagnostics.api.LogLine;
import dev.deploydiagnostics.api.ResourceState;
import dev.deploydiagnostics.api.TimelineEntry;
import dev.deploydiagnostics.api.Verdict;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.Predicate;

import static dev.deploydiagnostics.k8s.ScenarioSupport.deployment;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every failure scenario end to end: the provider collects from the mock API server, the engine runs the
 * built-in catalog, and the tests read the report as a user would (verdict, root cause, cited evidence,
 * remedies that quote the cluster's own names and numbers, and the first failure of the timeline).
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesDiagnosisIT {
    /** The engine's default log line limit, which the provider passes on as {@code tailLines}. */
    private static final int LOG_LINES = 2000;

    KubernetesMockServer server;
    KubernetesClient client;

    private DiagnosticReport diagnose(String scenario, String workload) {
        MockCluster cluster = new MockCluster(server, client);
        cluster.load(scenario, LOG_LINES);
        return analyze(cluster, workload);
    }

    private static DiagnosticReport analyze(MockCluster cluster, String workload) {
        // the fixtures' timestamps lead up to ScenarioSupport.NOW; a fixed clock keeps them inside the window
        try (DiagnosticEngine engine = Diagnostics.builder().discovery(false)
                .clock(Clock.fixed(ScenarioSupport.NOW, ZoneOffset.UTC))
                .provider(new KubernetesProvider(r -> cluster.newClient())).build()) {
            return engine.analyze(deployment(workload));
        }
    }

    private static Finding rootCause(DiagnosticReport report, String patternId, Category category) {
        assertThat(report.verdict()).as(ReportText.describe(report)).isEqualTo(Verdict.ROOT_CAUSE_FOUND);
        Finding root = report.rootCause().orElseThrow();
        assertThat(root.patternId()).as(ReportText.describe(report)).isEqualTo(patternId);
        assertThat(root.category()).isEqualTo(category);
        assertThat(report.headline()).contains("[" + category.id() + ",");
        return root;
    }

    private static Predicate<Evidence> state(String kind, String name) {
        return e -> e instanceof ResourceState s && s.kind().equals(kind) && s.name().equals(name);
    }

    private static Predicate<Evidence> event(String reason, String involvedObject) {
        return e -> e instanceof Event ev && ev.reason().equals(reason) && ev.involvedObject().equals(involvedObject);
    }

    private static Predicate<Evidence> log(String source, String contains) {
        return e -> e instanceof LogLine l && l.source().equals(source) && l.message().contains(contains);
    }

    private static TimelineEntry firstFailure(DiagnosticReport report) {
        TimelineEntry first = report.firstFailure().orElseThrow();
        assertThat(report.timeline().stream().filter(TimelineEntry::firstFailure)).hasSize(1);
        return first;
    }

    @Test
    void oomCrashLoopIsAnOomKillThatQuotesTheLimit() {
        DiagnosticReport report = diagnose("oom-crashloop", "api");

        Finding root = rootCause(report, "k8s.oom-killed", Category.OOM_KILLED);
        assertThat(root.evidence()).anyMatch(state("container", "api-7d9c6b5f4-x2k8p/app"));
        assertThat(root.facts()).containsEntry("memoryLimit", "256Mi").containsEntry("container", "app")
                .containsEntry("exitCode", "137");
        assertThat(root.title()).isEqualTo("Container app was killed for exceeding its 256Mi limit");
        assertThat(root.remedies().get(0).title()).isEqualTo("Raise the memory limit of app above 256Mi");
        assertThat(ReportText.remedyText(root)).contains("kubectl top pod api-7d9c6b5f4-x2k8p --containers -n prod")
                .contains("# was 256Mi");
        // the crash loop is the symptom, ranked below its cause
        assertThat(report.findings()).extracting(Finding::patternId).contains("k8s.crash-loop-back-off");
        TimelineEntry first = firstFailure(report);
        assertThat(first.timestamp()).contains(Instant.parse("2026-11-25T10:27:52Z"));
        assertThat(first.summary()).contains("last: OOMKilled (exit 137)");
        assertThat(first.patternIds()).contains("k8s.oom-killed");
    }

    @Test
    void missingImageTagIsAnImagePullFailureNamingTheImage() {
        DiagnosticReport report = diagnose("image-pull-not-found", "web");

        Finding root = rootCause(report, "k8s.image-pull.not-found", Category.IMAGE_PULL_FAILURE);
        assertThat(root.evidence()).anyMatch(event("Failed", "Pod/web-6c9f8d7b5-8hx2m"));
        assertThat(root.facts()).containsEntry("image", "registry.example.com/shop/web:2.3.1");
        assertThat(root.title()).isEqualTo("Image registry.example.com/shop/web:2.3.1 does not exist in the registry");
        assertThat(ReportText.remedyText(root)).contains("# was registry.example.com/shop/web:2.3.1")
                .contains("Fix the image name and tag in the manifest (registry.example.com/shop/web:2.3.1)");
        TimelineEntry first = firstFailure(report);
        assertThat(first.timestamp()).contains(Instant.parse("2026-11-25T10:16:41Z"));
        assertThat(first.summary()).startsWith("Failed: Failed to pull image \"registry.example.com/shop/web:2.3.1\"")
                .contains("not found");
    }

    @Test
    void missingPullSecretIsAnImagePullFailureNotAMissingAppSecret() {
        DiagnosticReport report = diagnose("image-pull-unauthorized", "billing");

        Finding root = rootCause(report, "k8s.image-pull-secret-missing", Category.IMAGE_PULL_FAILURE);
        assertThat(root.evidence()).anyMatch(state("secret", "regcred"))
                .anyMatch(event("FailedToRetrieveImagePullSecret", "Pod/billing-84f7c9d6b8-r5t6y"));
        assertThat(root.facts()).containsEntry("pullSecret", "regcred");
        assertThat(root.title()).isEqualTo("The image pull secret regcred does not exist");
        assertThat(root.remedies().get(0).title()).isEqualTo("Create pull secret regcred in prod");
        assertThat(ReportText.remedyText(root)).contains("kubectl create secret docker-registry regcred -n prod");
        // the 401 the registry answered is the symptom the missing secret explains
        assertThat(report.findings()).filteredOn(f -> f.patternId().equals("k8s.image-pull.unauthorized"))
                .singleElement().satisfies(f -> assertThat(f.facts())
                        .containsEntry("image", "registry.example.com/private/billing:4.0.0"));
        assertThat(report.findings()).allSatisfy(f -> assertThat(f.category()).isEqualTo(Category.IMAGE_PULL_FAILURE));
        assertThat(firstFailure(report).evidence()).matches(
                state("secret", "regcred").or(event("FailedToRetrieveImagePullSecret", "Pod/billing-84f7c9d6b8-r5t6y"))
                        .or(state("container", "billing-84f7c9d6b8-r5t6y/billing")));
    }

    @Test
    void createContainerConfigErrorNamesTheMissingSecretAndTheVariableThatNeedsIt() {
        DiagnosticReport report = diagnose("create-container-config-error", "orders");

        Finding root = rootCause(report, "k8s.missing-secret", Category.MISSING_CONFIG_OR_SECRET);
        assertThat(root.evidence()).anyMatch(state("container", "orders-5c6d7e8f9a-m3n4b/app"))
                .anyMatch(state("secret", "db-credentials"));
        assertThat(root.facts()).containsEntry("secret", "db-credentials").containsEntry("namespace", "prod");
        assertThat(root.title()).isEqualTo("Secret db-credentials does not exist in namespace prod");
        assertThat(root.remedies().get(0).title()).isEqualTo("Create Secret db-credentials in prod, or fix the reference");
        assertThat(ReportText.remedyText(root)).contains("kubectl create secret generic db-credentials")
                .contains("name: db-credentials");
        TimelineEntry first = firstFailure(report);
        assertThat(first.evidence()).matches(state("container", "orders-5c6d7e8f9a-m3n4b/app")
                .or(event("Failed", "Pod/orders-5c6d7e8f9a-m3n4b")));
        assertThat(first.summary()).contains("secret \"db-credentials\" not found");
    }

    @Test
    void insufficientCpuIsASchedulingFailureThatQuotesTheRequest() {
        DiagnosticReport report = diagnose("failed-scheduling-cpu", "ml-inference");

        Finding root = rootCause(report, "k8s.failed-scheduling.insufficient-resources",
                Category.INSUFFICIENT_RESOURCES_SCHEDULING);
        assertThat(root.evidence()).anyMatch(event("FailedScheduling", "Pod/ml-inference-7f8e9d6c5b-p9q8r"));
        assertThat(root.facts()).containsEntry("resource", "cpu").containsEntry("cpuRequest", "8");
        assertThat(root.remedies().get(0).title()).isEqualTo("Free or add capacity for the pod's cpu requests");
        assertThat(ReportText.remedyText(root)).contains("cpu: 8");
        TimelineEntry first = firstFailure(report);
        assertThat(first.evidence()).matches(event("FailedScheduling", "Pod/ml-inference-7f8e9d6c5b-p9q8r"));
        assertThat(first.summary()).startsWith("FailedScheduling: 0/3 nodes are available: 3 Insufficient cpu.");
    }

    @Test
    void failingLivenessProbeOnARunningAppIsAHealthCheckFailure() {
        DiagnosticReport report = diagnose("liveness-probe", "checkout");

        Finding root = rootCause(report, "k8s.liveness-probe-failed", Category.HEALTH_CHECK_FAILURE);
        assertThat(root.evidence()).anyMatch(event("Unhealthy", "Pod/checkout-6d5c4b3a2f-h7j8k"))
                .anyMatch(event("Killing", "Pod/checkout-6d5c4b3a2f-h7j8k"));
        assertThat(root.facts()).containsEntry("container", "app")
                .hasEntrySatisfying("probeError", v -> assertThat(v).contains("context deadline exceeded"));
        assertThat(root.title()).isEqualTo("Liveness probe of app fails, so Kubernetes restarts it");
        assertThat(ReportText.remedyText(root)).contains("kubectl exec checkout-6d5c4b3a2f-h7j8k -c app");
        // exit 143 here is the kubelet's stop after the failed probe, not a crash of its own
        assertThat(report.findings()).filteredOn(f -> f.category() == Category.CRASH_LOOP_APP_ERROR)
                .allSatisfy(f -> assertThat(f.confidence()).isLessThan(root.confidence()));
        TimelineEntry first = firstFailure(report);
        assertThat(first.summary()).startsWith("Unhealthy: Liveness probe failed: Get \"http://10.0.2.15:8080/healthz\"");
    }

    @Test
    void unboundClaimIsAVolumeFailureNamingTheStorageClassThatDoesNotExist() {
        DiagnosticReport report = diagnose("unbound-pvc", "postgres");

        Finding root = rootCause(report, "k8s.volume-provisioning-failed", Category.DISK_OR_VOLUME_FAILURE);
        assertThat(root.evidence()).anyMatch(event("ProvisioningFailed", "PersistentVolumeClaim/data-postgres-0"))
                .anyMatch(state("volume-claim", "data-postgres-0"));
        assertThat(root.facts()).containsEntry("storageClass", "fast-ssd");
        assertThat(root.remedies().get(0).title()).contains("fast-ssd");
        assertThat(ReportText.remedyText(root)).contains("kubectl get storageclass");
        // the scheduler's complaint is the claim's consequence, not a capacity problem
        assertThat(report.findings()).filteredOn(f -> f.category() == Category.INSUFFICIENT_RESOURCES_SCHEDULING)
                .allSatisfy(f -> assertThat(f.confidence()).isLessThan(root.confidence()));
        TimelineEntry first = firstFailure(report);
        assertThat(first.evidence()).matches(event("ProvisioningFailed", "PersistentVolumeClaim/data-postgres-0")
                .or(event("FailedScheduling", "Pod/postgres-0")).or(state("volume-claim", "data-postgres-0")));
    }

    @Test
    void failedMountOfAMissingConfigMapIsMissingConfigurationNamingIt() {
        DiagnosticReport report = diagnose("failed-mount-configmap", "gateway");

        Finding root = rootCause(report, "k8s.missing-configmap", Category.MISSING_CONFIG_OR_SECRET);
        assertThat(root.evidence()).anyMatch(event("FailedMount", "Pod/gateway-54c6d8b7f9-w2e3r"))
                .anyMatch(state("configmap", "gateway-routes"));
        assertThat(root.facts()).containsEntry("configMap", "gateway-routes");
        assertThat(root.title()).isEqualTo("ConfigMap gateway-routes does not exist in namespace prod");
        assertThat(ReportText.remedyText(root)).contains("name: gateway-routes").contains("kubectl get configmaps -n prod");
        assertThat(report.findings()).extracting(Finding::patternId).contains("k8s.failed-mount");
        TimelineEntry first = firstFailure(report);
        assertThat(first.timestamp()).contains(Instant.parse("2026-11-25T10:28:17Z"));
        assertThat(first.summary()).isEqualTo("FailedMount: MountVolume.SetUp failed for volume \"routes\" : configmap"
                + " \"gateway-routes\" not found (x14)");
    }

    @Test
    void initContainerRejectedByTheDatabaseIsAWrongCredential() {
        DiagnosticReport report = diagnose("init-container-failure", "accounts");

        Finding root = rootCause(report, "k8s.database-credentials-rejected", Category.MISSING_CONFIG_OR_SECRET);
        String log = "pod/prod/accounts-7c8d9e6f5a-t5y6u/migrate (previous)";
        assertThat(root.evidence()).anyMatch(log(log, "password authentication failed for user \"accounts\""))
                .anyMatch(state("init-container", "accounts-7c8d9e6f5a-t5y6u/migrate"));
        assertThat(root.facts()).containsEntry("dbUser", "accounts").containsEntry("container", "migrate");
        assertThat(root.title()).contains("accounts").contains("migrate");
        assertThat(ReportText.remedyText(root)).contains("accounts").contains("kubectl logs accounts-7c8d9e6f5a-t5y6u -c migrate");
        // the init container's crash loop is how the wrong credential shows
        assertThat(report.findings()).extracting(Finding::patternId).contains("k8s.init-container-failed");
        TimelineEntry first = firstFailure(report);
        assertThat(first.evidence()).matches(log(log, "password authentication failed")
                .or(state("init-container", "accounts-7c8d9e6f5a-t5y6u/migrate")));
    }

    @Test
    void evictionUnderMemoryPressureQuotesWhatThePodUsedAgainstItsRequest() {
        DiagnosticReport report = diagnose("eviction", "search");

        Finding root = rootCause(report, "k8s.eviction.memory-pressure", Category.OOM_KILLED);
        assertThat(root.evidence()).anyMatch(state("pod", "search-7b8c9d6f5-k4l2m"))
                .anyMatch(event("Evicted", "Pod/search-7b8c9d6f5-k4l2m"))
                .anyMatch(state("node", "ip-10-0-3-9.ec2.internal"));
        assertThat(root.facts()).containsEntry("memoryRequest", "512Mi").containsKey("memoryUsed");
        assertThat(ReportText.remedyText(root)).contains("512Mi").contains(root.facts().get("memoryUsed"));
        // the kill by the kubelet is the eviction itself, not an unexplained SIGKILL
        assertThat(report.findings()).filteredOn(f -> f.patternId().equals("generic.exit-137-sigkill"))
                .allSatisfy(f -> assertThat(f.confidence()).isLessThan(0.5));
        TimelineEntry first = firstFailure(report);
        assertThat(first.timestamp()).contains(Instant.parse("2026-11-25T09:38:12Z"));
        assertThat(first.evidence()).matches(event("Evicted", "Pod/search-7b8c9d6f5-x9z8w"));
    }

    @Test
    void progressDeadlineWithRefusedReadinessProbesIsAHealthCheckFailureWithTheRollback() {
        DiagnosticReport report = diagnose("progress-deadline-exceeded", "payments");

        Finding root = rootCause(report, "k8s.readiness-probe-failed", Category.HEALTH_CHECK_FAILURE);
        assertThat(root.evidence()).anyMatch(event("Unhealthy", "Pod/payments-6b8f9c7d5-f3g4h"))
                .anyMatch(event("Unhealthy", "Pod/payments-6b8f9c7d5-a1s2d"));
        assertThat(root.facts()).containsEntry("probePort", "8081").containsEntry("probePath", "/ready");
        assertThat(ReportText.remedyText(root)).contains("curl -sv localhost:8081/ready");
        // the deadline is the summary a more specific cause explains
        Finding deadline = report.findings().stream()
                .filter(f -> f.patternId().equals("k8s.progress-deadline-exceeded")).findFirst().orElseThrow();
        assertThat(deadline.category()).isEqualTo(Category.STARTUP_TIMEOUT);
        assertThat(deadline.confidence()).isLessThan(root.confidence());
        assertThat(deadline.evidence()).anyMatch(state("deployment", "payments"));
        assertThat(ReportText.remedyText(deadline)).contains("kubectl rollout undo deployment/payments -n prod --to-revision=4");
        TimelineEntry first = firstFailure(report);
        assertThat(first.summary()).startsWith("Unhealthy: Readiness probe failed:").contains(":8081/ready");
    }

    @Test
    void jobThatCannotStartItsCommandIsAnAppErrorNamingTheCommand() {
        DiagnosticReport report = diagnose("job-backoff-limit", "db-migrate");

        Finding root = rootCause(report, "k8s.run-container-error", Category.CRASH_LOOP_APP_ERROR);
        assertThat(root.evidence()).anyMatch(state("container", "db-migrate-7xq2z/migrate"));
        assertThat(root.facts()).containsEntry("image", "registry.example.com/shop/migrate:2.1.0")
                .containsEntry("command", "/app/migrate.sh");
        assertThat(ReportText.remedyText(root)).contains("registry.example.com/shop/migrate:2.1.0").contains("/app/migrate.sh");
        // the backoff limit is where the failures ended, not why
        Finding job = report.findings().stream().filter(f -> f.patternId().equals("k8s.job-backoff-limit"))
                .findFirst().orElseThrow();
        assertThat(job.evidence()).anyMatch(state("job", "db-migrate"));
        assertThat(job.confidence()).isLessThan(root.confidence());
        assertThat(ReportText.remedyText(job)).contains("--selector=job-name=db-migrate");
        TimelineEntry first = firstFailure(report);
        assertThat(first.timestamp()).contains(Instant.parse("2026-11-25T10:12:01Z"));
        assertThat(first.summary()).contains("stat /app/migrate.sh: no such file or directory");
    }

    @Test
    void forbiddenEventsLogsAndNodesStillFindTheOomKillAndListWhatToGrant() {
        String forbiddenBody = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"Forbidden\","
                + "\"code\":403}";
        server.expect().get().withPath("/api/v1/namespaces/prod/events?limit=500").andReturn(403, forbiddenBody)
                .always();
        server.expect().get().withPath("/apis/events.k8s.io/v1/namespaces/prod/events?limit=500")
                .andReturn(403, forbiddenBody).always();
        server.expect().get().withPath(MockCluster.logPath("api-7d9c6b5f4-x2k8p", "app", true, LOG_LINES))
                .andReturn(403, forbiddenBody).always();
        server.expect().get().withPath("/api/v1/nodes/ip-10-0-1-17.ec2.internal").andReturn(403, forbiddenBody)
                .always();
        // registered after the refusals, so the refusals win
        MockCluster cluster = new MockCluster(server, client);
        cluster.load("oom-crashloop", LOG_LINES);

        DiagnosticReport report = analyze(cluster, "api");

        // the container's own status still says OOMKilled: the gaps weaken the evidence, not the verdict
        Finding root = rootCause(report, "k8s.oom-killed", Category.OOM_KILLED);
        assertThat(root.evidence()).anyMatch(state("container", "api-7d9c6b5f4-x2k8p/app"))
                .noneMatch(e -> e instanceof Event || e instanceof LogLine);
        assertThat(root.remedies().get(0).title()).isEqualTo("Raise the memory limit of app above 256Mi");
        assertThat(report.gaps()).extracting(g -> g.permission().orElseThrow()).containsExactly(
                "list events (core/v1) in namespace prod", "list events (events.k8s.io/v1) in namespace prod",
                "get pods/log in namespace prod", "get nodes (core/v1, cluster-scoped)");
        assertThat(report.gaps()).allSatisfy(g -> {
            assertThat(g.kind()).isEqualTo(CollectionGap.Kind.PERMISSION_DENIED);
            assertThat(g.provider()).isEqualTo("kubernetes");
        });
        assertThat(report.timeline()).noneMatch(t -> t.evidence() instanceof Event);
        assertThat(firstFailure(report).evidence()).matches(state("container", "api-7d9c6b5f4-x2k8p/app"));
    }
}
