package dev.deploydiagnostics.core.read;

import dev.deploydiagnostics.api.Event;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.api.ResourceState;
import dev.deploydiagnostics.api.Severity;
import dev.deploydiagnostics.api.Termination;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static dev.deploydiagnostics.core.read.Fixtures.event;
import static dev.deploydiagnostics.core.read.Fixtures.read;
import static dev.deploydiagnostics.core.read.Fixtures.state;
import static org.assertj.core.api.Assertions.assertThat;

class KubernetesJsonReadingTest {

    @Test
    void readsCrashLoopingContainerWithOomKilledLastTerminationFromPodList() {
        EvidenceBundle bundle = read("k8s-pods-json/pods.json");

        ResourceState api = state(bundle, "container", "api-7d9f8b6c5-x2x7q/api");
        assertThat(api.status()).isEqualTo("Waiting");
        assertThat(api.reason()).contains("CrashLoopBackOff");
        assertThat(api.restartCount()).isEqualTo(5);
        assertThat(api.image()).contains("123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1.4.2");
        assertThat(api.memoryLimitBytes()).contains(256L * 1024 * 1024);
        Termination last = api.lastTermination().orElseThrow();
        assertThat(last.reason()).isEqualTo("OOMKilled");
        assertThat(last.exitCode()).contains(137);
        assertThat(last.finishedAt()).contains(Instant.parse("2024-01-02T15:04:05Z"));
        assertThat(api.attributes())
                .containsEntry("pod", "api-7d9f8b6c5-x2x7q")
                .containsEntry("namespace", "prod")
                .containsEntry("container", "api")
                .containsEntry("node", "ip-10-0-1-23.ec2.internal")
                .containsEntry("ready", "false")
                .containsEntry("limits.memory", "256Mi")
                .containsEntry("requests.cpu", "250m")
                .containsEntry("ports", "8080,9090")
                .containsEntry("probe.liveness", "http-get :8080/healthz")
                .containsEntry("probe.readiness", "http-get :8080/ready");
        assertThat(api.severity()).isEqualTo(Severity.ERROR);
        assertThat(api.text()).contains("CrashLoopBackOff").contains("last: OOMKilled (exit 137)");
        assertThat(bundle.platforms()).contains(Platform.KUBERNETES);
    }

    @Test
    void keepsUnschedulableConditionOnPendingPod() {
        EvidenceBundle bundle = read("k8s-pods-json/pods.json");

        ResourceState pod = state(bundle, "pod", "worker-5c8d7b9f4-qz8lm");
        assertThat(pod.status()).isEqualTo("Pending");
        assertThat(pod.attributes().get("condition.PodScheduled"))
                .startsWith("False: Unschedulable: 0/3 nodes are available: 3 Insufficient memory.");
        assertThat(pod.attributes()).doesNotContainKey("condition.Initialized");
    }

    @Test
    void readsInitContainerSeparatelyFromAppContainer() {
        EvidenceBundle bundle = read("k8s-pods-json/pods.json");

        ResourceState init = state(bundle, "init-container", "migrate-6f7d8c9b5-abcde/db-migrate");
        assertThat(init.reason()).contains("CrashLoopBackOff");
        assertThat(init.lastTermination().flatMap(Termination::exitCode)).contains(1);
        assertThat(init.image()).contains("ghcr.io/acme/migrate:1.4.2");
        ResourceState app = state(bundle, "container", "migrate-6f7d8c9b5-abcde/app");
        assertThat(app.reason()).contains("PodInitializing");
        assertThat(app.severity()).isEqualTo(Severity.INFO);
    }

    @Test
    void readsCoreEventsWithCountTimesAndInvolvedObject() {
        EvidenceBundle bundle = read("k8s-events-json/events.json");

        Event backOff = event(bundle, "BackOff");
        assertThat(backOff.type()).isEqualTo("Warning");
        assertThat(backOff.count()).isEqualTo(20);
        assertThat(backOff.involvedObject()).isEqualTo("Pod/api-7d9f8b6c5-x2x7q");
        assertThat(backOff.timestamp()).contains(Instant.parse("2024-01-02T15:04:55Z"));
        assertThat(backOff.firstTimestamp()).contains(Instant.parse("2024-01-02T15:00:35Z"));
        assertThat(backOff.source()).isEqualTo("kubelet");
        assertThat(backOff.attributes()).containsEntry("container", "api").containsEntry("namespace", "prod");
        assertThat(backOff.text()).isEqualTo("BackOff: Back-off restarting failed container api in pod "
                + "api-7d9f8b6c5-x2x7q_prod(b1f0e7a2-3c4d-4e5f-8a9b-0c1d2e3f4a5b) (x20)");
        assertThat(event(bundle, "FailedScheduling").source()).isEqualTo("default-scheduler");
    }

    @Test
    void readsEventsK8sIoShapeWithDeprecatedCountAndNote() {
        EvidenceBundle bundle = read("k8s-events-json/events-k8s-io.json");

        Event unhealthy = event(bundle, "Unhealthy");
        assertThat(unhealthy.message()).startsWith("Readiness probe failed:").contains("connection refused");
        assertThat(unhealthy.count()).isEqualTo(7);
        assertThat(unhealthy.involvedObject()).isEqualTo("Pod/api-7d9f8b6c5-x2x7q");
        assertThat(unhealthy.timestamp()).contains(Instant.parse("2024-01-02T15:03:40Z"));
        assertThat(unhealthy.source()).isEqualTo("kubelet");
    }

    @Test
    void readsWorkloadsNodesAndClaimsWithTheirConditions() {
        EvidenceBundle bundle = read("k8s-workloads-json/workloads.json");

        ResourceState deployment = state(bundle, "deployment", "api");
        assertThat(deployment.status()).isEqualTo("Failed");
        assertThat(deployment.reason()).contains("ProgressDeadlineExceeded");
        assertThat(deployment.attributes())
                .containsEntry("replicas.desired", "3")
                .containsEntry("replicas.updated", "1")
                .containsEntry("replicas.available", "3")
                .containsEntry("revision", "7")
                .containsEntry("condition.Available", "True: MinimumReplicasAvailable: Deployment has minimum availability.");

        ResourceState job = state(bundle, "job", "db-migrate-28391");
        assertThat(job.status()).isEqualTo("Failed");
        assertThat(job.reason()).contains("BackoffLimitExceeded");

        ResourceState node = state(bundle, "node", "ip-10-0-3-77.ec2.internal");
        assertThat(node.status()).isEqualTo("NotReady");
        assertThat(node.reason()).contains("NodeStatusUnknown");
        assertThat(node.attributes().get("condition.MemoryPressure")).startsWith("True: KubeletHasInsufficientMemory");
        assertThat(node.attributes()).containsEntry("taints",
                "node.kubernetes.io/memory-pressure:NoSchedule,node.kubernetes.io/unreachable:NoExecute");

        ResourceState claim = state(bundle, "volume-claim", "data-postgres-0");
        assertThat(claim.status()).isEqualTo("Pending");
        assertThat(claim.attributes()).containsEntry("storageClass", "gp3");

        assertThat(bundle.platforms()).contains(Platform.KUBERNETES, Platform.AWS_EKS);
    }

    @Test
    void readsPodFromKubectlYamlWithDecimalMemoryQuantity() {
        EvidenceBundle bundle = read("k8s-yaml/pod.yaml");

        ResourceState web = state(bundle, "container", "web-6b8f9c7d4-mn2p4/web");
        assertThat(web.reason()).contains("ImagePullBackOff");
        assertThat(web.message()).contains("Back-off pulling image \"registry.example.com/shop/web:3.1.0\"");
        assertThat(web.memoryLimitBytes()).contains(512_000_000L);
        assertThat(web.attributes()).containsEntry("limits.memory", "512M").containsEntry("ports", "3000");
        assertThat(bundle.logs()).isEmpty();
    }

    @Test
    void readsSingleObjectOnOneLineAsCompactJson() {
        String compact = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\",\"namespace\":\"n\"},"
                + "\"status\":{\"phase\":\"Failed\",\"reason\":\"Evicted\",\"message\":\"The node was low on resource: memory.\"}}";

        EvidenceBundle bundle = Fixtures.readText(compact);

        ResourceState pod = state(bundle, "pod", "p");
        assertThat(pod.status()).isEqualTo("Failed");
        assertThat(pod.reason()).contains("Evicted");
        assertThat(pod.message()).contains("The node was low on resource: memory.");
        assertThat(bundle.logs()).isEmpty();
    }

    @Test
    void treatsKubernetesObjectsWithoutFailureEvidenceAsText() {
        String service = "{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"Service\",\n  \"metadata\": {\"name\": \"api\"}\n}\n";

        EvidenceBundle bundle = Fixtures.readText(service);

        assertThat(bundle.states()).isEmpty();
        assertThat(bundle.logs()).extracting(l -> l.message()).contains("  \"kind\": \"Service\",");
    }

    @Test
    void readsACompactListLongerThanTheLineLimitAsOneDocument() throws Exception {
        var mapper = dev.deploydiagnostics.core.read.internal.JsonSupport.JSON;
        var list = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(Fixtures.text("k8s-pods-json/pods.json"));
        var items = (com.fasterxml.jackson.databind.node.ArrayNode) list.get("items");
        var pod = items.get(0);
        items.removeAll();
        for (int i = 0; i < 2000; i++) {
            var copy = (com.fasterxml.jackson.databind.node.ObjectNode) pod.deepCopy();
            ((com.fasterxml.jackson.databind.node.ObjectNode) copy.get("metadata")).put("name", "api-" + i);
            items.add(copy);
        }
        String compact = mapper.writeValueAsString(list);

        EvidenceBundle bundle = EvidenceReaders.defaults().readText("pods.json", compact, ReadOptions.DEFAULTS);

        assertThat(compact.length()).isGreaterThan(ReadOptions.DEFAULTS.maxLineLength() * 100);
        assertThat(bundle.states()).filteredOn(s -> s.kind().equals("pod")).hasSize(2000);
        assertThat(bundle.logs()).isEmpty();
        assertThat(bundle.gaps()).isEmpty();
    }
}
