package dev.deploydiagnostics.k8s;

import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.LogLine;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.api.ResourceState;
import dev.deploydiagnostics.api.Severity;
import dev.deploydiagnostics.api.Termination;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static dev.deploydiagnostics.k8s.ScenarioSupport.deployment;
import static dev.deploydiagnostics.k8s.ScenarioSupport.events;
import static dev.deploydiagnostics.k8s.ScenarioSupport.logs;
import static dev.deploydiagnostics.k8s.ScenarioSupport.state;
import static org.assertj.core.api.Assertions.assertThat;

@EnableKubernetesMockClient(crud = true)
class OomCrashLoopIT {
    KubernetesMockServer server;
    KubernetesClient client;

    private EvidenceBundle bundle;

    @BeforeEach
    void collect() {
        MockCluster cluster = new MockCluster(server, client);
        cluster.load("oom-crashloop", 200);
        bundle = new KubernetesProvider(r -> cluster.newClient()).collect(deployment("api"), ScenarioSupport.context());
    }

    @Test
    void reportsTheOomKillBehindTheCrashLoop() {
        ResourceState app = state(bundle, "container", "api-7d9c6b5f4-x2k8p/app");
        assertThat(app.status()).isEqualTo("Waiting");
        assertThat(app.reason()).contains("CrashLoopBackOff");
        assertThat(app.restartCount()).isEqualTo(4);
        assertThat(app.lastTermination()).map(Termination::reason).contains("OOMKilled");
        assertThat(app.lastTermination()).flatMap(Termination::exitCode).contains(137);
        assertThat(app.lastTermination()).flatMap(Termination::finishedAt)
                .contains(Instant.parse("2026-11-25T10:27:52Z"));
        assertThat(app.memoryLimitBytes()).contains(256L * 1024 * 1024);
        assertThat(app.image()).contains("registry.example.com/shop/api:1.5.0");
        assertThat(app.attributes()).containsEntry("limits.memory", "256Mi").containsEntry("limits.cpu", "500m")
                .containsEntry("requests.cpu", "250m").containsEntry("ready", "false")
                .containsEntry("node", "ip-10-0-1-17.ec2.internal").containsEntry("ports", "8080")
                .containsEntry("replicaset", "api-7d9c6b5f4").containsEntry("revision", "3")
                .containsEntry("rollout", "new");
        assertThat(app.text()).contains("CrashLoopBackOff").contains("last: OOMKilled (exit 137)")
                .contains("restarts 4");
        assertThat(app.severity()).isEqualTo(Severity.ERROR);
    }

    @Test
    void reportsRolloutStateAndTheRevisionToRollBackTo() {
        ResourceState d = state(bundle, "deployment", "api");
        assertThat(d.status()).isEqualTo("Progressing");
        assertThat(d.reason()).contains("ReplicaSetUpdated");
        assertThat(d.attributes()).containsEntry("replicas.desired", "3").containsEntry("replicas.updated", "1")
                .containsEntry("replicas.ready", "3").containsEntry("revision", "3")
                .containsEntry("replicaset.new", "api-7d9c6b5f4")
                .containsEntry("rollback.revision", "2").containsEntry("rollback.replicaset", "api-5f6d8c7b9")
                .containsEntry("rollback.images", "registry.example.com/shop/api:1.4.2")
                .containsEntry("rollback.command", "kubectl rollout undo deployment/api -n prod --to-revision=2");
        assertThat(state(bundle, "replicaset", "api-7d9c6b5f4").attributes()).containsEntry("rollout", "new")
                .containsEntry("revision", "3").containsEntry("changeCause", "deploy 1.5.0");
        assertThat(state(bundle, "replicaset", "api-5f6d8c7b9").attributes()).containsEntry("rollout", "old")
                .containsEntry("revision", "2");
        assertThat(state(bundle, "replicaset", "api-66b4d9f8c").attributes()).containsEntry("revision", "1");
        assertThat(bundle.platforms()).containsExactly(Platform.KUBERNETES);
    }

    @Test
    void collectsPodsOfTheWorkloadOnly() {
        assertThat(ScenarioSupport.states(bundle, "pod")).extracting(ResourceState::name)
                .containsExactly("api-5f6d8c7b9-q7w2e", "api-7d9c6b5f4-x2k8p");
        ResourceState pod = state(bundle, "pod", "api-7d9c6b5f4-x2k8p");
        assertThat(pod.status()).isEqualTo("Running");
        assertThat(pod.attributes()).containsEntry("condition.Ready",
                "False: ContainersNotReady: containers with unready status: [app]")
                .containsEntry("qosClass", "Burstable").doesNotContainKey("condition.PodScheduled");
        assertThat(state(bundle, "node", "ip-10-0-1-17.ec2.internal").status()).isEqualTo("Ready");
    }

    @Test
    void collectsEventsOfTheWorkloadWithinTheWindow() {
        assertThat(events(bundle, "BackOff")).singleElement().satisfies(e -> {
            assertThat(e.involvedObject()).isEqualTo("Pod/api-7d9c6b5f4-x2k8p");
            assertThat(e.count()).isEqualTo(12);
            assertThat(e.type()).isEqualTo("Warning");
            assertThat(e.source()).isEqualTo("kubelet");
            assertThat(e.firstTimestamp()).contains(Instant.parse("2026-11-25T10:21:10Z"));
            assertThat(e.timestamp()).contains(Instant.parse("2026-11-25T10:29:30Z"));
            assertThat(e.attributes()).containsEntry("container", "app");
            assertThat(e.text()).isEqualTo("BackOff: Back-off restarting failed container app in pod "
                    + "api-7d9c6b5f4-x2k8p_prod(9f0e1d2c-0000-4000-8000-000000000301) (x12)");
        });
        assertThat(events(bundle, "ScalingReplicaSet")).singleElement()
                .satisfies(e -> assertThat(e.involvedObject()).isEqualTo("Deployment/api"));
        // the old pod's start is outside the window, the worker is another workload
        assertThat(events(bundle, "Started")).isEmpty();
        assertThat(bundle.events()).noneMatch(e -> e.involvedObject().contains("worker"));
        assertThat(bundle.events()).extracting(e -> e.timestamp().orElseThrow()).isSorted();
    }

    @Test
    void readsThePreviousLogOfTheCrashedContainer() {
        String source = "pod/prod/api-7d9c6b5f4-x2k8p/app (previous)";
        assertThat(logs(bundle, source)).hasSize(3).last().satisfies(l -> {
            assertThat(l.message()).contains("Cache warm-up is using 241 MiB of heap");
            assertThat(l.timestamp()).contains(Instant.parse("2026-11-25T10:27:51.640221907Z"));
            assertThat(l.severity()).isEqualTo(Severity.WARNING);
            assertThat(l.attributes()).containsEntry("previous", "true").containsEntry("container", "app")
                    .containsEntry("pod", "api-7d9c6b5f4-x2k8p");
        });
        // the waiting container has no current log, and the healthy old pod is not read
        assertThat(bundle.logs()).extracting(LogLine::source).containsOnly(source);
        assertThat(bundle.gaps()).isEmpty();
        assertThat(bundle.droppedLogLines()).isZero();
        assertThat(Optional.of(bundle.logs().get(0).severity())).contains(Severity.INFO);
    }
}
