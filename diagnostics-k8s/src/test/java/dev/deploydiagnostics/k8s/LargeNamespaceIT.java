package dev.deploydiagnostics.k8s;

import dev.deploydiagnostics.api.EvidenceBundle;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static dev.deploydiagnostics.k8s.ScenarioSupport.deployment;
import static dev.deploydiagnostics.k8s.ScenarioSupport.states;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A namespace at the size of a busy production one: 500 pods of one Deployment, 5,000 events about
 * them and 500 about another workload. Collection
 * must take a handful of list calls, not one per pod; the elapsed time is logged, never asserted.
 */
@EnableKubernetesMockClient(crud = true)
class LargeNamespaceIT {
    private static final Logger LOG = LoggerFactory.getLogger(LargeNamespaceIT.class);
    private static final int PODS = 500;
    private static final int EVENTS = 5_000;
    private static final int CRASHING = 40;
    private static final int NODES = 25;
    /** Events about another workload's pods in the same namespace, which must be left out. */
    private static final int OTHER_EVENTS = 500;

    KubernetesMockServer server;
    KubernetesClient client;

    @Test
    void collectsEveryPodAndEventOfALargeNamespace() {
        Deployment d = client.resource(new DeploymentBuilder().withNewMetadata().withName("catalog")
                .withNamespace("prod").addToAnnotations("deployment.kubernetes.io/revision", "2").endMetadata()
                .withNewSpec().withReplicas(PODS).withNewSelector().addToMatchLabels("app", "catalog").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "catalog").endMetadata().withNewSpec()
                .addNewContainer().withName("app").withImage("registry.example.com/catalog:2.0.0").endContainer()
                .endSpec().endTemplate().endSpec().build()).create();
        ReplicaSet fresh = replicaSet(d, "catalog-new", 2, CRASHING);
        ReplicaSet old = replicaSet(d, "catalog-old", 1, PODS - CRASHING);
        IntStream.range(0, NODES).forEach(i -> client.resource(new NodeBuilder().withNewMetadata()
                .withName("node-" + i).endMetadata().withNewStatus().addNewCondition().withType("Ready")
                .withStatus("True").withReason("KubeletReady").endCondition().endStatus().build()).create());
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < PODS; i++) {
            boolean crashing = i < CRASHING;
            pods.add(pod(crashing ? fresh : old, "catalog-" + (crashing ? "new" : "old") + "-" + i, i, crashing));
        }
        pods.parallelStream().forEach(p -> client.resource(p).create());
        Instant base = ScenarioSupport.NOW.minusSeconds(3000);
        IntStream.range(0, EVENTS + OTHER_EVENTS).parallel().forEach(i -> client.resource(new EventBuilder()
                .withNewMetadata().withName("ev-" + i).withNamespace("prod").endMetadata()
                .withNewInvolvedObject().withKind("Pod").withName(i >= EVENTS ? "other-" + i : pods.get(i % PODS)
                        .getMetadata().getName()).withNamespace("prod").endInvolvedObject()
                .withReason(i % 2 == 0 ? "BackOff" : "Pulled").withType(i % 2 == 0 ? "Warning" : "Normal")
                .withMessage("event " + i).withCount(1 + i % 7)
                .withFirstTimestamp(base.plusMillis(i * 400L).toString())
                .withLastTimestamp(base.plusMillis(i * 400L).toString()).build()).create());
        for (int i = CRASHING - 10; i < CRASHING; i++) {
            server.expect().get().withPath(MockCluster.logPath("catalog-new-" + i, "app", true, 200))
                    .andReturn(200, "2026-11-25T10:20:00Z java.lang.OutOfMemoryError: Java heap space\n").always();
        }
        KubernetesProvider provider = new KubernetesProvider(client);

        long cold = System.nanoTime();
        EvidenceBundle first = provider.collect(deployment("catalog"), ScenarioSupport.context());
        long coldMs = (System.nanoTime() - cold) / 1_000_000;
        long warm = System.nanoTime();
        EvidenceBundle bundle = provider.collect(deployment("catalog"), ScenarioSupport.context());
        long warmMs = (System.nanoTime() - warm) / 1_000_000;
        LOG.info("collected {} pods and {} events in {} ms (first run {} ms)", states(bundle, "pod").size(),
                bundle.events().size(), warmMs, coldMs);

        assertThat(bundle.gaps()).isEmpty();
        assertThat(states(bundle, "pod")).hasSize(PODS);
        assertThat(states(bundle, "container")).hasSize(PODS);
        assertThat(states(bundle, "replicaset")).hasSize(2);
        assertThat(states(bundle, "node")).hasSize(NODES);
        assertThat(bundle.events()).hasSize(EVENTS)
                .noneMatch(e -> e.involvedObject().startsWith("Pod/other-"));
        // logs of the ten most restarted failing containers, the default cap
        assertThat(bundle.logs()).hasSize(10).allSatisfy(l ->
                assertThat(l.message()).isEqualTo("java.lang.OutOfMemoryError: Java heap space"));
        assertThat(first.items()).hasSameSizeAs(bundle.items());
    }

    private ReplicaSet replicaSet(Deployment d, String name, int revision, int replicas) {
        return client.resource(new ReplicaSetBuilder().withNewMetadata().withName(name).withNamespace("prod")
                .addToAnnotations("deployment.kubernetes.io/revision", String.valueOf(revision))
                .addToLabels("app", "catalog").addNewOwnerReference().withApiVersion("apps/v1").withKind("Deployment")
                .withName("catalog").withUid(d.getMetadata().getUid()).withController(true).endOwnerReference()
                .endMetadata().withNewSpec().withReplicas(replicas).endSpec().withNewStatus().withReplicas(replicas)
                .withReadyReplicas(revision == 1 ? replicas : 0).withAvailableReplicas(revision == 1 ? replicas : 0)
                .endStatus().build()).create();
    }

    private static Pod pod(ReplicaSet rs, String name, int i, boolean crashing) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName(name).withNamespace("prod")
                .withLabels(Map.of("app", "catalog")).addNewOwnerReference().withApiVersion("apps/v1")
                .withKind("ReplicaSet").withName(rs.getMetadata().getName()).withUid(rs.getMetadata().getUid())
                .withController(true).endOwnerReference().endMetadata()
                .withNewSpec().withNodeName("node-" + i % NODES).addNewContainer().withName("app")
                .withImage("registry.example.com/catalog:2.0.0").withNewResources()
                .addToLimits("memory", new io.fabric8.kubernetes.api.model.Quantity("512Mi")).endResources()
                .endContainer().endSpec();
        if (crashing) {
            return b.withNewStatus().withPhase("Running").addNewContainerStatus().withName("app").withReady(false)
                    .withRestartCount(i + 1).withNewState().withNewWaiting().withReason("CrashLoopBackOff")
                    .endWaiting().endState().withNewLastState().withNewTerminated().withReason("OOMKilled")
                    .withExitCode(137).endTerminated().endLastState().endContainerStatus().endStatus().build();
        }
        return b.withNewStatus().withPhase("Running").addNewContainerStatus().withName("app").withReady(true)
                .withRestartCount(0).withNewState().withNewRunning().withStartedAt("2026-11-25T09:00:00Z")
                .endRunning().endState().endContainerStatus().endStatus().build();
    }
}
