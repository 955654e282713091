package dev.deploydiagnostics.azure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.Event;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.LogLine;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.api.ResourceState;
import java.time.Instant;
import java.util.Map;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ContainerInstancesProviderTest {
    private static final String GROUP = "/subscriptions/" + AzureTestBed.SUBSCRIPTION
            + "/resourceGroups/rg-shop/providers/Microsoft.ContainerInstance/containerGroups/api";
    private static final String ACTIVITY = "/subscriptions/" + AzureTestBed.SUBSCRIPTION
            + "/providers/Microsoft.Insights/eventtypes/management/values";
    private static final String WORKSPACE = "4b7c2d1e-9f8a-4c3b-a2d1-0e9f8a7b6c5d";

    private AzureTestBed bed;

    @BeforeEach
    void start() throws Exception {
        bed = new AzureTestBed();
        bed.route("GET", ACTIVITY, 200, "{\"value\":[]}");
    }

    @AfterEach
    void stop() throws Exception {
        bed.close();
    }

    private void serve(String scenario) {
        bed.route("GET", GROUP, 200, AzureTestBed.fixture(scenario, "container-group.json"));
        if (getClass().getResource("/scenarios/" + scenario + "/logs-api.json") != null) {
            bed.route("GET", GROUP + "/containers/api/logs", 200, AzureTestBed.fixture(scenario, "logs-api.json"));
        }
    }

    private EvidenceBundle collect(Map<String, String> settings) {
        DiagnosticRequest request = DiagnosticRequest.builder().platform(Platform.AZURE_ACI)
                .attribute("azure.subscription", AzureTestBed.SUBSCRIPTION).attribute("azure.resourceGroup", "rg-shop")
                .attribute("resource.name", "api")
                .window(Instant.parse("2026-11-25T13:00:00Z"), Instant.parse("2026-11-25T14:00:00Z")).build();
        try (ContainerInstancesProvider provider = new ContainerInstancesProvider(bed.credential(), bed.settings())) {
            assertThat(provider.supports(request)).isTrue();
            return provider.collect(request, AzureTestBed.context(settings));
        }
    }

    private static ResourceState state(EvidenceBundle bundle, String kind) {
        return bundle.states().stream().filter(s -> s.kind().equals(kind)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " in " + bundle.states()));
    }

    @Test
    void reportsOomKillFromThePreviousStateAndKillingEvents() {
        serve("aci-oom");
        EvidenceBundle bundle = collect(Map.of());

        assertThat(bundle.gaps()).isEmpty();
        assertThat(bundle.platforms()).containsExactly(Platform.AZURE_ACI);
        ResourceState group = state(bundle, "container-group");
        assertThat(group.name()).isEqualTo("api");
        assertThat(group.status()).isEqualTo("Running");
        assertThat(group.reason()).contains("Succeeded");
        assertThat(group.attributes()).containsEntry("restartPolicy", "Always").containsEntry("osType", "Linux");

        ResourceState container = state(bundle, "container");
        assertThat(container.name()).isEqualTo("api/api");
        assertThat(container.status()).isEqualTo("Running");
        assertThat(container.restartCount()).isEqualTo(2);
        assertThat(container.exitCode()).isEmpty();
        assertThat(container.lastTermination()).hasValueSatisfying(t -> {
            assertThat(t.reason()).isEqualTo("OOMKilled");
            assertThat(t.exitCode()).contains(137);
            assertThat(t.finishedAt()).contains(Instant.parse("2026-11-25T13:47:58Z"));
        });
        assertThat(container.memoryLimitBytes()).contains(1536L * 1024 * 1024);
        assertThat(container.attributes()).containsEntry("requests.memory", "1.5GB").containsEntry("requests.cpu", "1")
                .containsEntry("ports", "8080").containsEntry("containerGroup", "api");
        assertThat(container.text()).isEqualTo("container api/api: Running; last: OOMKilled (exit 137); restarts 2");

        assertThat(bundle.events()).filteredOn(e -> e.reason().equals("Killing")).singleElement().satisfies(e -> {
            assertThat(e.count()).isEqualTo(2);
            assertThat(e.involvedObject()).isEqualTo("Container/api/api");
            assertThat(e.firstTimestamp()).contains(Instant.parse("2026-11-25T13:41:02Z"));
            assertThat(e.text()).isEqualTo("Killing: Killing container with id 7f0e3c2a9b1d: container exceeded its "
                    + "memory limit of 1.5 GB (x2)");
        });

        assertThat(bundle.logs()).extracting(LogLine::message)
                .containsExactly("Starting api 2.4.0 on port 8080", "Loaded 1200000 catalogue entries into cache");
        assertThat(bundle.logs().get(0).timestamp()).contains(Instant.parse("2026-11-25T13:48:06.1021932Z"));
        assertThat(bundle.logs().get(0).source()).isEqualTo("aci/api/api");

        RecordedRequest get = bed.call("GET", GROUP);
        assertThat(get.getRequestUrl().queryParameter("api-version")).isEqualTo("2023-05-01");
        assertThat(get.getHeader("Authorization")).isEqualTo("Bearer test-arm-token");
        RecordedRequest logs = bed.call("GET", GROUP + "/containers/api/logs");
        assertThat(logs.getRequestUrl().queryParameter("api-version")).isEqualTo("2023-05-01");
        assertThat(logs.getRequestUrl().queryParameter("tail")).isEqualTo("50");
        assertThat(logs.getRequestUrl().queryParameter("timestamps")).isEqualTo("true");
        RecordedRequest activity = bed.call("GET", ACTIVITY);
        assertThat(activity.getRequestUrl().queryParameter("api-version")).isEqualTo("2015-04-01");
        assertThat(activity.getRequestUrl().queryParameter("$filter")).isEqualTo(
                "eventTimestamp ge '2026-11-25T13:00:00Z' and eventTimestamp le '2026-11-25T14:00:00Z'"
                        + " and resourceUri eq '" + GROUP + "'");
        assertThat(bed.tokenScopes).containsOnly("https://management.core.windows.net//.default");
        assertThat(bed.paths()).noneMatch(p -> p.contains("/workspaces/"));
    }

    @Test
    void reportsImagePullFailureFromContainerEvents() {
        serve("aci-image-pull-failure");
        EvidenceBundle bundle = collect(Map.of());

        ResourceState container = state(bundle, "container");
        assertThat(container.status()).isEqualTo("Waiting");
        assertThat(container.reason()).contains("ImagePullBackOff");
        assertThat(container.image()).contains("acme.azurecr.io/api:2.5.0");
        assertThat(state(bundle, "container-group").status()).isEqualTo("Pending");
        assertThat(bundle.events()).extracting(Event::reason).containsExactly("Pulling", "Failed", "BackOff");
        Event failed = bundle.events().get(1);
        assertThat(failed.type()).isEqualTo("Warning");
        assertThat(failed.message()).startsWith("Failed to pull image \"acme.azurecr.io/api:2.5.0\": rpc error: "
                + "code = NotFound");
        assertThat(failed.count()).isEqualTo(3);
        assertThat(bundle.logs()).isEmpty();
    }

    @Test
    void reportsCrashLoopWithExitCodeRestartsAndLogAnalyticsHistory() {
        serve("aci-crash-loop");
        bed.route("POST", "/v1/workspaces/" + WORKSPACE + "/query", 200,
                AzureTestBed.fixture("aci-crash-loop", "log-analytics-logs.json"));
        EvidenceBundle bundle;
        // The events query goes to the same path; answer it after the logs query has been made.
        bundle = collectWithEventsAfterLogs();

        assertThat(bundle.gaps()).isEmpty();
        ResourceState container = state(bundle, "container");
        assertThat(container.status()).isEqualTo("Terminated");
        assertThat(container.reason()).contains("Error");
        assertThat(container.exitCode()).contains(1);
        assertThat(container.restartCount()).isEqualTo(5);
        assertThat(container.lastTermination()).hasValueSatisfying(t -> assertThat(t.exitCode()).contains(1));
        assertThat(container.memoryLimitBytes()).contains(2L << 30);
        assertThat(container.attributes()).containsEntry("limits.memory", "2GB")
                .containsEntry("probe.liveness", "http-get :3000/healthz delay=10s period=5s failureThreshold=3")
                .containsEntry("command", "node /app/server.js");
        assertThat(container.text()).isEqualTo("container api/api: Terminated (Error), exit 1; last: Error (exit 1); "
                + "restarts 5");
        assertThat(bundle.events()).filteredOn(e -> e.reason().equals("BackOff"))
                .extracting(Event::source, Event::count)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("aci container/api/api", 12),
                        org.assertj.core.groups.Tuple.tuple("log-analytics ContainerEvent_CL", 12));
        assertThat(bundle.logs()).filteredOn(l -> l.source().equals("aci/api/api")).extracting(LogLine::message)
                .contains("Error: Cannot find module '/app/server.js'");
        assertThat(bundle.logs()).filteredOn(l -> l.source().equals("log-analytics/api/api"))
                .extracting(l -> l.timestamp().orElseThrow())
                .containsExactly(Instant.parse("2026-11-25T13:44:01.221Z"), Instant.parse("2026-11-25T13:53:40.992Z"));

        var queries = bed.calls.stream().filter(r -> r.getMethod().equals("POST")).toList();
        assertThat(queries).hasSize(2);
        String body = queries.get(0).getBody().readUtf8();
        assertThat(body).contains("ContainerInstanceLog_CL | where ContainerGroup_s == 'api'")
                .contains("2026-11-25T13:00Z/2026-11-25T14:00Z");
        assertThat(queries.get(1).getBody().readUtf8()).contains("ContainerEvent_CL | where ContainerGroup_s == 'api'");
    }

    private EvidenceBundle collectWithEventsAfterLogs() {
        String logs = AzureTestBed.fixture("aci-crash-loop", "log-analytics-logs.json");
        String events = AzureTestBed.fixture("aci-crash-loop", "log-analytics-events.json");
        bed.server.setDispatcher(new okhttp3.mockwebserver.Dispatcher() {
            private final okhttp3.mockwebserver.Dispatcher routes = bed.server.getDispatcher();

            @Override
            public okhttp3.mockwebserver.MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                if (request.getMethod().equals("POST")) {
                    bed.calls.add(request);
                    String body = request.getBody().clone().readUtf8();
                    return AzureTestBed.json(200, body.contains("ContainerEvent_CL") ? events : logs);
                }
                return routes.dispatch(request);
            }
        });
        return collect(Map.of("workspaceId", WORKSPACE));
    }

    @Test
    void reportsRegionCapacityErrorFromTheActivityLog() {
        serve("aci-region-capacity");
        bed.route("GET", ACTIVITY, 200, AzureTestBed.fixture("aci-region-capacity", "activity-log.json"));
        EvidenceBundle bundle = collect(Map.of());

        ResourceState group = state(bundle, "container-group");
        assertThat(group.status()).isEqualTo("Failed");
        assertThat(group.reason()).contains("Failed");
        ResourceState container = state(bundle, "container");
        assertThat(container.status()).isEqualTo("Unknown");
        assertThat(container.attributes()).containsEntry("requests.memory", "16GB").containsEntry("requests.cpu", "4");
        assertThat(bundle.events()).singleElement().satisfies(e -> {
            assertThat(e.source()).isEqualTo("activity-log");
            assertThat(e.type()).isEqualTo("Error");
            assertThat(e.reason()).isEqualTo("ServiceUnavailable");
            assertThat(e.message()).startsWith("The requested resource is not available in the location 'westeurope' "
                    + "at this moment.");
            assertThat(e.involvedObject()).isEqualTo("ContainerGroup/api");
            assertThat(e.attributes()).containsEntry("operationName", "Microsoft.ContainerInstance/containerGroups/write")
                    .containsEntry("status", "Failed");
        });
        // The group never started, so it has no log to read.
        assertThat(bed.paths()).doesNotContain("GET " + GROUP + "/containers/api/logs");
    }

    @Test
    void reportsGapNamingTheRbacActionWhenTheGroupIsForbidden() {
        bed.route("GET", GROUP, 403, "{\"error\":{\"code\":\"AuthorizationFailed\",\"message\":\"The client "
                + "'0a1b2c3d-0000-4000-8000-00000000abcd' with object id '0a1b2c3d-0000-4000-8000-00000000abcd' does not "
                + "have authorization to perform action 'Microsoft.ContainerInstance/containerGroups/read' over scope '"
                + GROUP + "' or the scope is invalid. If access was recently granted, please refresh your "
                + "credentials.\"}}");
        EvidenceBundle bundle = collect(Map.of());

        assertThat(bundle.gaps()).singleElement().satisfies(gap -> {
            assertThat(gap.kind()).isEqualTo(CollectionGap.Kind.PERMISSION_DENIED);
            assertThat(gap.permission()).contains("Microsoft.ContainerInstance/containerGroups/read");
            assertThat(gap.reason()).startsWith("Azure answered 403 AuthorizationFailed: The client");
            assertThat(gap.provider()).isEqualTo("azure-aci");
        });
        assertThat(bundle.states()).isEmpty();
        assertThat(bed.paths()).containsExactly("GET " + GROUP, "GET " + ACTIVITY);
    }

    @Test
    void reportsGapNamingTheActivityLogActionWhenItIsForbidden() {
        serve("aci-oom");
        bed.route("GET", ACTIVITY, 403, "{\"error\":{\"code\":\"AuthorizationFailed\",\"message\":\"The client does "
                + "not have authorization to perform action 'Microsoft.Insights/eventtypes/values/read'.\"}}");
        EvidenceBundle bundle = collect(Map.of());
        assertThat(bundle.gaps()).singleElement().satisfies(gap ->
                assertThat(gap.permission()).contains("Microsoft.Insights/eventtypes/values/read"));
        assertThat(bundle.states()).hasSize(2);
    }

    @Test
    void reportsMissingIdentifiersWithoutCalling() {
        DiagnosticRequest request = DiagnosticRequest.builder().platform(Platform.AZURE_ACI).service("api").build();
        try (ContainerInstancesProvider provider = new ContainerInstancesProvider(bed.credential(), bed.settings())) {
            EvidenceBundle bundle = provider.collect(request, AzureTestBed.context(Map.of()));
            assertThat(bundle.gaps()).singleElement().satisfies(g ->
                    assertThat(g.kind()).isEqualTo(CollectionGap.Kind.UNREADABLE));
        }
        assertThat(bed.calls).isEmpty();
    }

    @Test
    void makesNoCallsOnceTheDeadlineHasPassed() {
        serve("aci-oom");
        DiagnosticRequest request = DiagnosticRequest.builder().platform(Platform.AZURE_ACI)
                .attribute("azure.subscription", AzureTestBed.SUBSCRIPTION).attribute("azure.resourceGroup", "rg-shop")
                .service("api").build();
        EvidenceBundle bundle;
        try (ContainerInstancesProvider provider = new ContainerInstancesProvider(bed.credential(), bed.settings())) {
            bundle = provider.collect(request, AzureTestBed.context(Map.of("workspaceId", WORKSPACE),
                    AzureTestBed.NOW.minusSeconds(1)));
        }
        assertThat(bundle.gaps()).hasSize(3).allMatch(g -> g.kind() == CollectionGap.Kind.TIMEOUT);
        assertThat(bundle.observationCount()).isZero();
        assertThat(bed.calls).isEmpty();
    }
}
