package dev.deploydiagnostics.k8s;

import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.DiagnosticRequest.Attributes;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.LogLine;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.api.ResourceState;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.deploydiagnostics.k8s.ScenarioSupport.deployment;
import static dev.deploydiagnostics.k8s.ScenarioSupport.events;
import static dev.deploydiagnostics.k8s.ScenarioSupport.gaps;
import static dev.deploydiagnostics.k8s.ScenarioSupport.state;
import static dev.deploydiagnostics.k8s.ScenarioSupport.states;
import static org.assertj.core.api.Assertions.assertThat;

/** Refused calls, missing targets, deadlines, limits and the ways to reach a cluster. */
// Plain HTTP, so that a client configured only from an API server URL and a token can reach the mock.
@EnableKubernetesMockClient(crud = true, https = false)
class AccessAndTargetsIT {
    private static final String POD = "api-7d9c6b5f4-x2k8p";

    KubernetesMockServer server;
    KubernetesClient client;

    private MockCluster cluster;

    @BeforeEach
    void load() {
        cluster = new MockCluster(server, client);
    }

    private KubernetesProvider provider() {
        return new KubernetesProvider(r -> cluster.newClient());
    }

    private static String forbidden(String resource, String group, String verb) {
        return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\""
                + resource + " is forbidden: User \\\"system:serviceaccount:ci:deployer\\\" cannot " + verb
                + " resource \\\"" + resource + "\\\" in API group \\\"" + group + "\\\" in the namespace \\\"prod\\\"\","
                + "\"reason\":\"Forbidden\",\"details\":{\"kind\":\"" + resource + "\"},\"code\":403}";
    }

    @Test
    void reportsGapsNamingVerbAndResourceWhenEventsLogsAndNodesAreForbidden() {
        server.expect().get().withPath("/api/v1/namespaces/prod/events?limit=500")
                .andReturn(403, forbidden("events", "", "list")).always();
        server.expect().get().withPath("/apis/events.k8s.io/v1/namespaces/prod/events?limit=500")
                .andReturn(403, forbidden("events", "events.k8s.io", "list")).always();
        server.expect().get().withPath(MockCluster.logPath(POD, "app", true, 200))
                .andReturn(403, forbidden("pods/log", "", "get")).always();
        server.expect().get().withPath("/api/v1/nodes/ip-10-0-1-17.ec2.internal")
                .andReturn(403, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":"
                        + "\"Forbidden\",\"code\":403}").always();
        // registered after the refusals, so the refusals win
        cluster.load("oom-crashloop", 200);

        EvidenceBundle bundle = provider().collect(deployment("api"), ScenarioSupport.context());

        assertThat(gaps(bundle, CollectionGap.Kind.PERMISSION_DENIED)).extracting(g -> g.permission().orElseThrow())
                .containsExactly("list events (core/v1) in namespace prod",
                        "list events (events.k8s.io/v1) in namespace prod",
                        "get pods/log in namespace prod",
                        "get nodes (core/v1, cluster-scoped)");
        assertThat(bundle.gaps()).hasSize(4).allSatisfy(g -> {
            assertThat(g.provider()).isEqualTo("kubernetes");
            assertThat(g.reason()).startsWith("the API server answered 403 Forbidden");
        });
        assertThat(bundle.gaps().get(0).text()).isEqualTo("could not collect events (core/v1) in namespace prod: the"
                + " API server answered 403 Forbidden: events is forbidden: User \"system:serviceaccount:ci:deployer\""
                + " cannot list resource \"events\" in API group \"\" in the namespace \"prod\" (needs list events"
                + " (core/v1) in namespace prod)");
        assertThat(bundle.gaps().get(2).what()).isEqualTo("logs of 1 failing container(s) in namespace prod");
        // everything that was allowed is still there
        assertThat(bundle.events()).isEmpty();
        assertThat(bundle.logs()).isEmpty();
        assertThat(state(bundle, "container", POD + "/app").reason()).contains("CrashLoopBackOff");
        assertThat(state(bundle, "deployment", "api").attributes()).containsEntry("rollback.revision", "2");
    }

    @Test
    void reportsNotFoundWhenNoWorkloadHasTheName() {
        cluster.load("oom-crashloop", 200);

        EvidenceBundle bundle = provider().collect(deployment("does-not-exist"), ScenarioSupport.context());

        assertThat(bundle.gaps()).singleElement().satisfies(g -> {
            assertThat(g.kind()).isEqualTo(CollectionGap.Kind.NOT_FOUND);
            assertThat(g.what()).isEqualTo("Deployment, StatefulSet, DaemonSet or Job does-not-exist in namespace prod");
        });
        assertThat(bundle.observationCount()).isZero();
        assertThat(bundle.platforms()).isEmpty();
    }

    @Test
    void looksOnlyForTheKindTheRequestNames() {
        cluster.load("oom-crashloop", 200);
        DiagnosticRequest request = deployment("api").toBuilder().attribute(Attributes.WORKLOAD_KIND, "statefulset")
                .build();

        EvidenceBundle bundle = provider().collect(request, ScenarioSupport.context());

        assertThat(bundle.gaps()).singleElement().satisfies(g ->
                assertThat(g.what()).isEqualTo("StatefulSet api in namespace prod"));
    }

    @Test
    void diagnosesASinglePodByName() {
        cluster.load("oom-crashloop", 200);
        DiagnosticRequest request = DiagnosticRequest.builder().platform(Platform.KUBERNETES).namespace("prod")
                .attribute(Attributes.POD, POD).build();

        EvidenceBundle bundle = provider().collect(request, ScenarioSupport.context());

        assertThat(states(bundle, "pod")).extracting(ResourceState::name).containsExactly(POD);
        assertThat(states(bundle, "deployment")).isEmpty();
        assertThat(events(bundle, "BackOff")).hasSize(1);
        assertThat(bundle.logs()).extracting(LogLine::source).containsOnly("pod/prod/" + POD + "/app (previous)");
    }

    @Test
    void diagnosesThePodsALabelSelectorMatches() {
        cluster.load("oom-crashloop", 200);
        DiagnosticRequest request = DiagnosticRequest.builder().platform(Platform.AWS_EKS).namespace("prod")
                .attribute(Attributes.LABEL_SELECTOR, "app=api,pod-template-hash=7d9c6b5f4").build();

        EvidenceBundle bundle = provider().collect(request, ScenarioSupport.context());

        assertThat(states(bundle, "pod")).extracting(ResourceState::name).containsExactly(POD);
        assertThat(bundle.platforms()).containsExactly(Platform.AWS_EKS);
        assertThat(events(bundle, "BackOff")).hasSize(1);
    }

    @Test
    void reportsNotFoundWhenTheSelectorMatchesNoPod() {
        cluster.load("oom-crashloop", 200);
        DiagnosticRequest request = DiagnosticRequest.builder().platform(Platform.KUBERNETES).namespace("prod")
                .attribute(Attributes.LABEL_SELECTOR, "app=nothing").build();

        EvidenceBundle bundle = provider().collect(request, ScenarioSupport.context());

        assertThat(gaps(bundle, CollectionGap.Kind.NOT_FOUND)).singleElement()
                .satisfies(g -> assertThat(g.what()).isEqualTo("pods matching app=nothing in namespace prod"));
    }

    @Test
    void stopsAtTheDeadlineAndSaysWhatWasNotReached() {
        cluster.load("oom-crashloop", 200);

        EvidenceBundle bundle = provider().collect(deployment("api"),
                ScenarioSupport.context().withDeadline(ScenarioSupport.NOW));

        assertThat(bundle.gaps()).singleElement().satisfies(g -> {
            assertThat(g.kind()).isEqualTo(CollectionGap.Kind.TIMEOUT);
            assertThat(g.what()).startsWith("events in namespace prod; logs of failing containers in namespace prod;")
                    .endsWith("services selecting the pods in namespace prod");
        });
        // what was collected before the deadline is kept
        assertThat(state(bundle, "deployment", "api").status()).isEqualTo("Progressing");
        assertThat(bundle.events()).isEmpty();
    }

    @Test
    void keepsTheTailOfALogWithinTheLineLimit() {
        cluster.load("oom-crashloop", 2);

        EvidenceBundle bundle = provider().collect(deployment("api"), ScenarioSupport.context().withLogLineLimit(2));

        // the mock ignores tailLines and answers all three lines: the provider keeps the last two
        assertThat(bundle.logs()).hasSize(2).last().satisfies(l ->
                assertThat(l.message()).contains("Cache warm-up is using 241 MiB of heap"));
        assertThat(bundle.droppedLogLines()).isEqualTo(1);
    }

    @Test
    void connectsWithAnExplicitApiServerAndToken() throws InterruptedException {
        cluster.load("oom-crashloop", 200);
        DiagnosticRequest request = deployment("api").toBuilder()
                .attribute(Attributes.KUBE_API_SERVER, client.getMasterUrl().toString())
                .attribute(Attributes.KUBE_TOKEN, "eks-token-for-tests").build();

        EvidenceBundle bundle = new KubernetesProvider().collect(request, ScenarioSupport.context());

        assertThat(state(bundle, "deployment", "api").attributes()).containsEntry("rollback.revision", "2");
        RecordedRequest last = server.getLastRequest();
        assertThat(last.getHeader("Authorization")).isEqualTo("Bearer eks-token-for-tests");
    }

    @Test
    void connectsWithAKubeconfigFileAndContext(@TempDir Path dir) throws IOException, InterruptedException {
        cluster.load("oom-crashloop", 200);
        Path kubeconfig = dir.resolve("config");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: mock
                    cluster:
                      server: %s
                  - name: elsewhere
                    cluster:
                      server: https://127.0.0.1:1
                contexts:
                  - name: mock-ctx
                    context: {cluster: mock, user: tester, namespace: prod}
                  - name: other
                    context: {cluster: elsewhere, user: tester}
                current-context: other
                users:
                  - name: tester
                    user: {token: kubeconfig-token}
                """.formatted(client.getMasterUrl()));
        DiagnosticRequest request = DiagnosticRequest.builder().platform(Platform.KUBERNETES).service("api")
                .attribute(Attributes.KUBECONFIG, kubeconfig.toString())
                .attribute(Attributes.KUBE_CONTEXT, "mock-ctx").build();

        EvidenceBundle bundle = new KubernetesProvider().collect(request, ScenarioSupport.context());

        // the namespace comes from the context
        assertThat(state(bundle, "deployment", "api").attributes()).containsEntry("namespace", "prod");
        assertThat(server.getLastRequest().getHeader("Authorization")).isEqualTo("Bearer kubeconfig-token");
    }

    @Test
    void reportsAGapForAKubeconfigThatDoesNotExist(@TempDir Path dir) {
        DiagnosticRequest request = deployment("api").toBuilder()
                .attribute(Attributes.KUBECONFIG, dir.resolve("missing").toString()).build();

        EvidenceBundle bundle = new KubernetesProvider().collect(request, ScenarioSupport.context());

        assertThat(bundle.gaps()).singleElement().satisfies(g -> {
            assertThat(g.kind()).isEqualTo(CollectionGap.Kind.ERROR);
            assertThat(g.reason()).contains("does not exist");
        });
    }

    @Test
    void usesTheClientTheEmbeddingApplicationRegisteredAndLeavesItOpen() {
        cluster.load("oom-crashloop", 200);
        KubernetesProvider provider = new KubernetesProvider(r -> {
            throw new AssertionError("the registered client must be used");
        });

        EvidenceBundle bundle = provider.collect(deployment("api"),
                ScenarioSupport.context().withComponent(KubernetesClient.class, client));

        assertThat(state(bundle, "deployment", "api").status()).isEqualTo("Progressing");
        assertThat(client.apps().deployments().inNamespace("prod").withName("api").get()).isNotNull();
    }

    @Test
    void usesAClientHandedToTheConstructorForEveryRequest() {
        cluster.load("oom-crashloop", 200);
        KubernetesProvider provider = new KubernetesProvider(client);

        provider.collect(deployment("api"), ScenarioSupport.context());
        EvidenceBundle second = provider.collect(deployment("api"), ScenarioSupport.context());

        assertThat(state(second, "deployment", "api").status()).isEqualTo("Progressing");
    }

    @Test
    void connectsWithAnExplicitConfiguration() {
        cluster.load("oom-crashloop", 200);

        EvidenceBundle bundle = new KubernetesProvider(client.getConfiguration())
                .collect(deployment("api"), ScenarioSupport.context());

        assertThat(states(bundle, "replicaset")).hasSize(3);
    }
}
