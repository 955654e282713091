package dev.deploydiagnostics.core.read;

import dev.deploydiagnostics.api.Event;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.api.ResourceState;
import dev.deploydiagnostics.api.Termination;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static dev.deploydiagnostics.core.read.Fixtures.event;
import static dev.deploydiagnostics.core.read.Fixtures.events;
import static dev.deploydiagnostics.core.read.Fixtures.read;
import static dev.deploydiagnostics.core.read.Fixtures.state;
import static org.assertj.core.api.Assertions.assertThat;

class KubectlDescribeReadingTest {

    @Test
    void readsContainerStateLastStateLimitsAndProbesFromDescribePod() {
        EvidenceBundle bundle = read("describe-pod/describe.txt");

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
                .containsEntry("limits.memory", "256Mi")
                .containsEntry("limits.cpu", "500m")
                .containsEntry("requests.memory", "128Mi")
                .containsEntry("ports", "8080,9090")
                .containsEntry("probe.liveness", "http-get :8080/healthz")
                .containsEntry("probe.liveness.settings", "delay=10s timeout=1s period=10s #success=1 #failure=3")
                .containsEntry("ready", "false")
                .containsEntry("node", "ip-10-0-1-23.ec2.internal")
                .doesNotContainKey("JAVA_OPTS");
    }

    @Test
    void readsCompletedInitContainerAndPodConditions() {
        EvidenceBundle bundle = read("describe-pod/describe.txt");

        ResourceState init = state(bundle, "init-container", "api-7d9f8b6c5-x2x7q/wait-for-db");
        assertThat(init.status()).isEqualTo("Terminated");
        assertThat(init.reason()).contains("Completed");
        assertThat(init.exitCode()).contains(0);
        ResourceState pod = state(bundle, "pod", "api-7d9f8b6c5-x2x7q");
        assertThat(pod.status()).isEqualTo("Running");
        assertThat(pod.timestamp()).contains(Instant.parse("2024-01-02T15:00:01Z"));
        assertThat(pod.attributes()).containsEntry("condition.Ready", "False")
                .containsEntry("qosClass", "Burstable").doesNotContainKey("condition.PodScheduled");
    }

    @Test
    void readsEveryPodOfAMultiPodDescribe() {
        EvidenceBundle bundle = read("describe-pod/describe.txt");

        assertThat(bundle.states()).filteredOn(s -> s.kind().equals("pod")).extracting(ResourceState::name)
                .containsExactly("api-7d9f8b6c5-x2x7q", "web-6b8f9c7d4-mn2p4");
        ResourceState web = state(bundle, "container", "web-6b8f9c7d4-mn2p4/web");
        assertThat(web.reason()).contains("ImagePullBackOff");
        assertThat(web.memoryLimitBytes()).contains(512_000_000L);
        assertThat(bundle.platforms()).contains(Platform.KUBERNETES);
    }

    @Test
    void readsEventsTableWithRepeatCountsAndSource() {
        EvidenceBundle bundle = read("describe-pod/describe.txt");

        Event backOff = event(bundle, "BackOff");
        assertThat(backOff.type()).isEqualTo("Warning");
        assertThat(backOff.count()).isEqualTo(20);
        assertThat(backOff.source()).isEqualTo("kubelet");
        assertThat(backOff.involvedObject()).isEqualTo("Pod/api-7d9f8b6c5-x2x7q");
        assertThat(backOff.attributes()).containsEntry("age", "9s").containsEntry("firstSeenAge", "4m29s")
                .containsEntry("namespace", "prod");
        assertThat(event(bundle, "Scheduled").count()).isEqualTo(1);
    }

    @Test
    void joinsWrappedEventMessageLines() {
        EvidenceBundle bundle = read("describe-pod/describe.txt");

        List<Event> failed = events(bundle, "Failed");
        assertThat(failed).extracting(Event::message).containsExactly(
                "Failed to pull image \"registry.example.com/shop/web:3.1.0\": rpc error: code = Unknown desc = failed"
                        + " to pull and unpack image \"registry.example.com/shop/web:3.1.0\": failed to resolve"
                        + " reference \"registry.example.com/shop/web:3.1.0\": pull access denied, repository does not"
                        + " exist or may require authorization: server message: insufficient_scope: authorization failed",
                "Error: ErrImagePull",
                "Error: ImagePullBackOff");
        assertThat(failed.get(0).involvedObject()).isEqualTo("Pod/web-6b8f9c7d4-mn2p4");
        assertThat(failed.get(0).count()).isEqualTo(4);
    }

    @Test
    void readsDeploymentReplicasConditionsAndRevision() {
        EvidenceBundle bundle = read("describe-deployment/describe.txt");

        ResourceState deployment = state(bundle, "deployment", "api");
        assertThat(deployment.status()).isEqualTo("Failed");
        assertThat(deployment.reason()).contains("ProgressDeadlineExceeded");
        assertThat(deployment.attributes())
                .containsEntry("replicas.desired", "3")
                .containsEntry("replicas.updated", "1")
                .containsEntry("replicas.available", "3")
                .containsEntry("revision", "7")
                .containsEntry("condition.Progressing", "False: ProgressDeadlineExceeded");
        assertThat(deployment.image()).contains("123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1.4.2");
        assertThat(bundle.states()).noneMatch(s -> s.kind().equals("container"));
        assertThat(event(bundle, "ScalingReplicaSet").involvedObject()).isEqualTo("Deployment/api");
    }

    @Test
    void readsNodeConditionsAndTaints() {
        EvidenceBundle bundle = read("describe-node/describe.txt");

        ResourceState node = state(bundle, "node", "ip-10-0-3-77.ec2.internal");
        assertThat(node.status()).isEqualTo("NotReady");
        assertThat(node.reason()).contains("NodeStatusUnknown");
        assertThat(node.message()).contains("Kubelet stopped posting node status.");
        assertThat(node.attributes())
                .containsEntry("condition.MemoryPressure",
                        "True: KubeletHasInsufficientMemory: kubelet has insufficient memory available")
                .containsEntry("taints", "node.kubernetes.io/memory-pressure:NoSchedule,node.kubernetes.io/unreachable:NoExecute");
        assertThat(event(bundle, "NodeNotReady").source()).isEqualTo("node-controller");
        assertThat(event(bundle, "EvictionThresholdMet").involvedObject()).isEqualTo("Node/ip-10-0-3-77.ec2.internal");
    }
}
