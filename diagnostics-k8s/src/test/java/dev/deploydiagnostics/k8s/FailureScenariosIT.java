package dev.deploydiagnostics.k8s;

import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.Event;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.LogLine;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.api.ResourceState;
import dev.deploydiagnostics.api.Severity;
import dev.deploydiagnostics.api.Termination;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.deploydiagnostics.k8s.ScenarioSupport.deployment;
import static dev.deploydiagnostics.k8s.ScenarioSupport.events;
import static dev.deploydiagnostics.k8s.ScenarioSupport.logs;
import static dev.deploydiagnostics.k8s.ScenarioSupport.state;
import static dev.deploydiagnostics.k8s.ScenarioSupport.states;
import static org.assertj.core.api.Assertions.assertThat;

/** One test per failure as it really occurs, loaded from {@code src/test/resources/scenarios/<name>/}. */
@EnableKubernetesMockClient(crud = true)
class FailureScenariosIT {
    KubernetesMockServer server;
    KubernetesClient client;

    private EvidenceBundle collect(String scenario, DiagnosticRequest request) {
        MockCluster cluster = new MockCluster(server, client);
        cluster.load(scenario, 200);
        return new KubernetesProvider(r -> cluster.newClient()).collect(request, ScenarioSupport.context());
    }

    @Test
    void imagePullOfAMissingTagShowsTheRegistryAnswer() {
        EvidenceBundle bundle = collect("image-pull-not-found", deployment("web"));

        ResourceState web = state(bundle, "container", "web-6c9f8d7b5-8hx2m/web");
        assertThat(web.status()).isEqualTo("Waiting");
        assertThat(web.reason()).contains("ImagePullBackOff");
        assertThat(web.message()).contains("Back-off pulling image \"registry.example.com/shop/web:2.3.1\"");
        assertThat(web.restartCount()).isZero();
        assertThat(events(bundle, "Failed")).extracting(Event::message).containsExactly(
                "Failed to pull image \"registry.example.com/shop/web:2.3.1\": rpc error: code = NotFound desc = "
                        + "failed to pull and unpack image \"registry.example.com/shop/web:2.3.1\": failed to resolve "
                        + "reference \"registry.example.com/shop/web:2.3.1\": registry.example.com/shop/web:2.3.1: "
                        + "not found",
                "Error: ErrImagePull", "Error: ImagePullBackOff");
        assertThat(events(bundle, "BackOff")).singleElement().satisfies(e -> assertThat(e.count()).isEqualTo(37));
        assertThat(state(bundle, "deployment", "web").attributes()).containsEntry("rollback.revision", "1")
                .containsEntry("rollback.images", "registry.example.com/shop/web:2.3.0");
        // a container that never started has no log to ask for
        assertThat(bundle.logs()).isEmpty();
        assertThat(bundle.gaps()).isEmpty();
    }

    @Test
    void unauthorizedImagePullNamesTheMissingPullSecret() {
        EvidenceBundle bundle = collect("image-pull-unauthorized", deployment("billing"));

        ResourceState billing = state(bundle, "container", "billing-84f7c9d6b8-r5t6y/billing");
        assertThat(billing.reason()).contains("ErrImagePull");
        assertThat(billing.message()).hasValueSatisfying(m -> assertThat(m).endsWith("401 Unauthorized"));
        assertThat(events(bundle, "Failed")).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("failed to authorize").endsWith("401 Unauthorized"));
        assertThat(events(bundle, "FailedToRetrieveImagePullSecret")).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("(regcred)"));
        ResourceState secret = state(bundle, "secret", "regcred");
        assertThat(secret.status()).isEqualTo("Missing");
        assertThat(secret.reason()).contains("NotFound");
        assertThat(secret.message()).contains("secret \"regcred\" not found");
        assertThat(secret.attributes()).containsEntry("referencedBy.usage", "imagePullSecrets")
                .containsEntry("referencedBy.pod", "billing-84f7c9d6b8-r5t6y");
        assertThat(state(bundle, "deployment", "billing").attributes()).doesNotContainKey("rollback.revision");
    }

    @Test
    void missingSecretIsReportedByNameWithoutReadingAnySecret() throws InterruptedException {
        EvidenceBundle bundle = collect("create-container-config-error", deployment("orders"));

        ResourceState app = state(bundle, "container", "orders-5c6d7e8f9a-m3n4b/app");
        assertThat(app.reason()).contains("CreateContainerConfigError");
        assertThat(app.message()).contains("secret \"db-credentials\" not found");
        assertThat(events(bundle, "Failed")).singleElement().satisfies(e -> {
            assertThat(e.message()).isEqualTo("Error: secret \"db-credentials\" not found");
            assertThat(e.count()).isEqualTo(9);
        });
        ResourceState missing = state(bundle, "secret", "db-credentials");
        assertThat(missing.status()).isEqualTo("Missing");
        assertThat(missing.text()).isEqualTo("secret db-credentials: Missing (NotFound) - secret \"db-credentials\""
                + " not found");
        assertThat(missing.attributes()).containsEntry("referencedBy.container", "app")
                .containsEntry("referencedBy.usage", "env DB_PASSWORD (key password)");
        // present (orders-tls, orders-config) and optional (feature-flags) references are not reported
        assertThat(states(bundle, "secret")).extracting(ResourceState::name).containsExactly("db-credentials");
        assertThat(states(bundle, "configmap")).isEmpty();
        assertThat(bundle.items()).noneMatch(i -> i.text().contains("c3VwZXJzZWNyZXQ")
                || i.attributes().values().stream().anyMatch(v -> v.contains("c3VwZXJzZWNyZXQ")));
        // every Secret was asked for as metadata only, never listed
        List<RecordedRequest> secretCalls = new ArrayList<>();
        for (RecordedRequest r = server.takeRequest(1, TimeUnit.SECONDS); r != null;
             r = server.takeRequest(100, TimeUnit.MILLISECONDS)) {
            if ("GET".equals(r.getMethod()) && r.getPath().contains("/secrets")) {
                secretCalls.add(r);
            }
        }
        assertThat(secretCalls).extracting(RecordedRequest::getPath).containsExactlyInAnyOrder(
                "/api/v1/namespaces/prod/secrets/db-credentials", "/api/v1/namespaces/prod/secrets/orders-tls");
        assertThat(secretCalls).allSatisfy(r -> assertThat(r.getHeader("Accept")).startsWith(
                "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1"));
    }

    @Test
    void failedSchedulingShowsTheRequestTheQuotaAndTheSchedulerMessage() {
        EvidenceBundle bundle = collect("failed-scheduling-cpu", deployment("ml-inference"));

        ResourceState pod = state(bundle, "pod", "ml-inference-7f8e9d6c5b-p9q8r");
        assertThat(pod.status()).isEqualTo("Pending");
        assertThat(pod.attributes()).containsEntry("condition.PodScheduled", "False: Unschedulable: 0/3 nodes are"
                + " available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found"
                + " for incoming pod.").doesNotContainKey("node");
        ResourceState model = state(bundle, "container", "ml-inference-7f8e9d6c5b-p9q8r/model");
        assertThat(model.status()).isEqualTo("Waiting");
        assertThat(model.attributes()).containsEntry("requests.cpu", "8").containsEntry("limits.memory", "16Gi");
        assertThat(model.memoryLimitBytes()).contains(16L * 1024 * 1024 * 1024);
        assertThat(events(bundle, "FailedScheduling")).singleElement().satisfies(e -> {
            assertThat(e.source()).isEqualTo("default-scheduler");
            assertThat(e.count()).isEqualTo(6);
            assertThat(e.message()).startsWith("0/3 nodes are available: 3 Insufficient cpu.");
            assertThat(e.firstTimestamp()).contains(Instant.parse("2026-11-25T10:05:00.512345Z"));
            assertThat(e.timestamp()).contains(Instant.parse("2026-11-25T10:25:00Z"));
            assertThat(e.attributes()).containsEntry("api", "events.k8s.io/v1");
        });
        ResourceState quota = state(bundle, "resource-quota", "compute");
        assertThat(quota.status()).isEqualTo("Exhausted");
        assertThat(quota.message()).contains("used/hard: pods 20/20");
        assertThat(quota.attributes()).containsEntry("hard.requests.cpu", "16").containsEntry("used.requests.cpu", "9");
        assertThat(state(bundle, "limit-range", "defaults").attributes()).containsEntry("Container.max.cpu", "8")
                .containsEntry("Container.default.memory", "512Mi")
                .containsEntry("Container.defaultRequest.cpu", "100m");
        assertThat(states(bundle, "node")).isEmpty();
        assertThat(bundle.gaps()).isEmpty();
    }

    @Test
    void livenessProbeFailureKeepsProbeEventsLogsAndServiceEndpoints() {
        EvidenceBundle bundle = collect("liveness-probe", deployment("checkout"));

        ResourceState app = state(bundle, "container", "checkout-6d5c4b3a2f-h7j8k/app");
        assertThat(app.status()).isEqualTo("Running");
        assertThat(app.restartCount()).isEqualTo(5);
        assertThat(app.lastTermination()).map(Termination::describe).contains("Error (exit 143)");
        assertThat(app.attributes()).containsEntry("probe.liveness", "http-get :8080/healthz")
                .containsEntry("probe.liveness.timing", "delay=10s timeout=1s period=10s #success=1 #failure=3")
                .containsEntry("probe.readiness", "http-get :8080/ready").containsEntry("ports", "8080,9090")
                .containsEntry("limits.memory", "1Gi").containsEntry("ready", "false");
        assertThat(events(bundle, "Unhealthy")).extracting(Event::message).containsExactly(
                "Liveness probe failed: Get \"http://10.0.2.15:8080/healthz\": context deadline exceeded "
                        + "(Client.Timeout exceeded while awaiting headers)",
                "Readiness probe failed: HTTP probe failed with statuscode: 503");
        assertThat(events(bundle, "Killing")).singleElement().satisfies(e ->
                assertThat(e.text()).isEqualTo("Killing: Container app failed liveness probe, will be restarted (x5)"));
        assertThat(logs(bundle, "pod/prod/checkout-6d5c4b3a2f-h7j8k/app (previous)")).hasSize(4)
                .extracting(LogLine::severity)
                .containsExactly(Severity.INFO, Severity.INFO, Severity.WARNING, Severity.INFO);
        assertThat(logs(bundle, "pod/prod/checkout-6d5c4b3a2f-h7j8k/app")).hasSize(2);
        ResourceState service = state(bundle, "service", "checkout");
        assertThat(service.status()).isEqualTo("NotReady");
        assertThat(service.reason()).contains("NoReadyEndpoints");
        assertThat(service.attributes()).containsEntry("endpoints.ready", "0").containsEntry("endpoints.notReady", "1")
                .containsEntry("ports", "80->8080").containsEntry("selector", "app=checkout");
        assertThat(states(bundle, "service")).hasSize(1);
        assertThat(bundle.gaps()).isEmpty();
    }

    @Test
    void unboundClaimOfAStatefulSetShowsTheClaimAndItsProvisioningEvents() {
        EvidenceBundle bundle = collect("unbound-pvc", deployment("postgres"));

        ResourceState sts = state(bundle, "statefulset", "postgres");
        assertThat(sts.status()).isEqualTo("Progressing");
        assertThat(sts.attributes()).containsEntry("replicas.ready", "0").containsEntry("revision",
                "postgres-5d8f7c6b9d");
        ResourceState claim = state(bundle, "volume-claim", "data-postgres-0");
        assertThat(claim.status()).isEqualTo("Pending");
        assertThat(claim.attributes()).containsEntry("storageClass", "fast-ssd")
                .containsEntry("requests.storage", "50Gi").containsEntry("namespace", "prod");
        assertThat(events(bundle, "ProvisioningFailed")).singleElement().satisfies(e -> {
            assertThat(e.involvedObject()).isEqualTo("PersistentVolumeClaim/data-postgres-0");
            assertThat(e.message()).isEqualTo("storageclass.storage.k8s.io \"fast-ssd\" not found");
            assertThat(e.count()).isEqualTo(42);
        });
        assertThat(events(bundle, "FailedScheduling")).singleElement().satisfies(e ->
                assertThat(e.message()).contains("pod has unbound immediate PersistentVolumeClaims"));
        assertThat(events(bundle, "SuccessfulCreate")).singleElement()
                .satisfies(e -> assertThat(e.involvedObject()).isEqualTo("StatefulSet/postgres"));
        ResourceState postgres = state(bundle, "container", "postgres-0/postgres");
        assertThat(postgres.attributes()).containsEntry("probe.liveness", "tcp-socket :5432")
                .containsEntry("probe.readiness", "exec pg_isready -U postgres");
    }

    @Test
    void failedMountOfAMissingConfigMapNamesIt() {
        EvidenceBundle bundle = collect("failed-mount-configmap", deployment("gateway"));

        assertThat(state(bundle, "container", "gateway-54c6d8b7f9-w2e3r/envoy").reason()).contains("ContainerCreating");
        assertThat(events(bundle, "FailedMount")).singleElement().satisfies(e -> {
            assertThat(e.message()).isEqualTo("MountVolume.SetUp failed for volume \"routes\" : configmap "
                    + "\"gateway-routes\" not found");
            assertThat(e.count()).isEqualTo(14);
        });
        ResourceState cm = state(bundle, "configmap", "gateway-routes");
        assertThat(cm.status()).isEqualTo("Missing");
        assertThat(cm.message()).contains("configmap \"gateway-routes\" not found");
        assertThat(cm.attributes()).containsEntry("referencedBy.usage", "volume routes");
    }

    @Test
    void initContainerFailureReadsTheInitContainersPreviousLog() {
        EvidenceBundle bundle = collect("init-container-failure", deployment("accounts"));

        ResourceState migrate = state(bundle, "init-container", "accounts-7c8d9e6f5a-t5y6u/migrate");
        assertThat(migrate.reason()).contains("CrashLoopBackOff");
        assertThat(migrate.restartCount()).isEqualTo(3);
        assertThat(migrate.lastTermination()).map(Termination::describe).contains("Error (exit 1)");
        assertThat(state(bundle, "container", "accounts-7c8d9e6f5a-t5y6u/app").reason()).contains("PodInitializing");
        assertThat(state(bundle, "pod", "accounts-7c8d9e6f5a-t5y6u").attributes()).containsEntry(
                "condition.Initialized", "False: ContainersNotInitialized: containers with incomplete status: [migrate]");
        assertThat(logs(bundle, "pod/prod/accounts-7c8d9e6f5a-t5y6u/migrate (previous)")).hasSize(3)
                .anySatisfy(l -> {
                    assertThat(l.message()).contains("FATAL: password authentication failed for user \"accounts\"");
                    assertThat(l.severity()).isEqualTo(Severity.ERROR);
                });
        assertThat(bundle.logs()).extracting(LogLine::source)
                .containsOnly("pod/prod/accounts-7c8d9e6f5a-t5y6u/migrate (previous)");
        assertThat(events(bundle, "BackOff")).singleElement()
                .satisfies(e -> assertThat(e.attributes()).containsEntry("container", "migrate"));
    }

    @Test
    void evictionShowsTheEvictedPodTheNodePressureAndEventsOfPodsAlreadyGone() {
        EvidenceBundle bundle = collect("eviction", deployment("search"));

        ResourceState evicted = state(bundle, "pod", "search-7b8c9d6f5-k4l2m");
        assertThat(evicted.status()).isEqualTo("Failed");
        assertThat(evicted.reason()).contains("Evicted");
        assertThat(evicted.message()).hasValueSatisfying(m -> assertThat(m)
                .startsWith("The node was low on resource: memory."));
        ResourceState container = state(bundle, "container", "search-7b8c9d6f5-k4l2m/search");
        assertThat(container.status()).isEqualTo("Terminated");
        assertThat(container.exitCode()).contains(137);
        assertThat(container.reason()).contains("ContainerStatusUnknown");
        assertThat(events(bundle, "Evicted")).extracting(Event::involvedObject)
                .containsExactly("Pod/search-7b8c9d6f5-x9z8w", "Pod/search-7b8c9d6f5-k4l2m");
        ResourceState node = state(bundle, "node", "ip-10-0-3-9.ec2.internal");
        assertThat(node.status()).isEqualTo("Ready");
        assertThat(node.attributes()).containsEntry("condition.MemoryPressure",
                        "True: KubeletHasInsufficientMemory: kubelet has insufficient memory available")
                .containsEntry("taints", "node.kubernetes.io/memory-pressure:NoSchedule")
                .containsEntry("allocatable.memory", "15012352Ki");
        assertThat(states(bundle, "node")).hasSize(2);
        assertThat(logs(bundle, "pod/prod/search-7b8c9d6f5-k4l2m/search")).extracting(LogLine::message)
                .last().asString().contains("heap usage 1.7 GiB during merge");
    }

    @Test
    void progressDeadlineExceededPointsTheRollbackAtTheLastRevisionThatServes() {
        EvidenceBundle bundle = collect("progress-deadline-exceeded", deployment("payments"));

        ResourceState d = state(bundle, "deployment", "payments");
        assertThat(d.status()).isEqualTo("Failed");
        assertThat(d.reason()).contains("ProgressDeadlineExceeded");
        assertThat(d.message()).contains("ReplicaSet \"payments-6b8f9c7d5\" has timed out progressing.");
        assertThat(d.attributes()).containsEntry("revision", "5").containsEntry("rollback.revision", "4")
                .containsEntry("rollback.replicaset", "payments-85d7c6b4f9")
                .containsEntry("condition.Progressing", "False: ProgressDeadlineExceeded: ReplicaSet "
                        + "\"payments-6b8f9c7d5\" has timed out progressing.")
                .containsEntry("selector", "app in (payments)").containsEntry("progressDeadlineSeconds", "600");
        assertThat(d.severity()).isEqualTo(Severity.ERROR);
        // the copy both events APIs serve of the same readiness failure is kept once
        assertThat(events(bundle, "Unhealthy")).extracting(Event::involvedObject)
                .containsExactly("Pod/payments-6b8f9c7d5-f3g4h", "Pod/payments-6b8f9c7d5-a1s2d");
        assertThat(events(bundle, "Unhealthy")).extracting(Event::count).containsExactly(117, 118);
        // running but not ready: the current logs of both new pods are read
        assertThat(bundle.logs()).extracting(LogLine::source).containsOnly(
                "pod/prod/payments-6b8f9c7d5-a1s2d/app", "pod/prod/payments-6b8f9c7d5-f3g4h/app");
        assertThat(bundle.platforms()).containsExactly(Platform.KUBERNETES);
    }

    @Test
    void jobThatHitItsBackoffLimitShowsTheStartErrorOfEachTry() {
        EvidenceBundle bundle = collect("job-backoff-limit", deployment("db-migrate"));

        ResourceState job = state(bundle, "job", "db-migrate");
        assertThat(job.status()).isEqualTo("Failed");
        assertThat(job.reason()).contains("BackoffLimitExceeded");
        assertThat(job.attributes()).containsEntry("failed", "3").containsEntry("backoffLimit", "2");
        ResourceState migrate = state(bundle, "container", "db-migrate-7xq2z/migrate");
        assertThat(migrate.status()).isEqualTo("Terminated");
        assertThat(migrate.reason()).contains("StartError");
        assertThat(migrate.exitCode()).contains(128);
        assertThat(migrate.message()).hasValueSatisfying(m -> assertThat(m).contains("no such file or directory"));
        assertThat(state(bundle, "pod", "db-migrate-7xq2z").status()).isEqualTo("Failed");
        assertThat(bundle.events()).extracting(Event::involvedObject)
                .containsExactly("Pod/db-migrate-k9p4d", "Job/db-migrate");
        // the container never ran: its log is empty
        assertThat(bundle.logs()).isEmpty();
        assertThat(bundle.gaps()).isEmpty();
    }
}
