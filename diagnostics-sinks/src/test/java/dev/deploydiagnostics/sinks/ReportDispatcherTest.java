package dev.deploydiagnostics.sinks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.Delivery;
import dev.deploydiagnostics.api.ReportSink;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ReportDispatcherTest {
    private static final RetryPolicy RETRY = new RetryPolicy(3, Duration.ofMillis(400), Duration.ofSeconds(5),
            Duration.ofSeconds(30));
    private final ObjectMapper json = new ObjectMapper();
    private final OkHttpClient client = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(5)).build();
    private final Reports.MovableClock clock = new Reports.MovableClock(Reports.T);
    private final List<Duration> waits = new ArrayList<>();
    private MockWebServer server;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    private ReportDispatcher.Builder dispatcher(ReportSink... sinks) {
        ReportDispatcher.Builder b = ReportDispatcher.builder().clock(clock).sleeper(waits::add).jitter(() -> 0.5)
                .retry(RETRY).suppressWindow(Duration.ofMinutes(30));
        for (ReportSink s : sinks) {
            b.sink(s);
        }
        return b;
    }

    private SlackSink slack() {
        return new SlackSink(client, server.url("/slack"));
    }

    private PagerDutySink pagerDuty() {
        return new PagerDutySink(client, server.url("/v2/enqueue"), "ROUTING");
    }

    private JsonNode body() throws Exception {
        RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(r).isNotNull();
        return json.readTree(r.getBody().readUtf8());
    }

    @Test
    void keysAreStableAndShort() {
        DiagnosticReport report = Reports.oomKilled("api");
        String deployment = ReportDispatcher.deploymentKey(report);
        assertThat(deployment).isEqualTo("platform=kubernetes,namespace=shop,service=api");
        String key = ReportDispatcher.dedupKey(deployment, "k8s.oom-killed");
        assertThat(key).hasSize(16).matches("[0-9a-f]+").isEqualTo(ReportDispatcher.dedupKey(deployment, "k8s.oom-killed"))
                .isNotEqualTo(ReportDispatcher.dedupKey(deployment, "k8s.image-pull.not-found"))
                .isNotEqualTo(ReportDispatcher.dedupKey("platform=kubernetes,namespace=shop,service=web", "k8s.oom-killed"));
    }

    @Test
    void retriesA503AndDeliversOnTheSecondAttempt() {
        server.enqueue(new MockResponse().setResponseCode(503).setBody("busy"));
        server.enqueue(new MockResponse().setBody("ok"));
        DispatchResult result = dispatcher(slack()).build().dispatch(Reports.oomKilled("api"));
        SinkResult slack = result.result("slack").orElseThrow();
        assertThat(slack.status()).isEqualTo(SinkResult.Status.DELIVERED);
        assertThat(slack.attempts()).isEqualTo(2);
        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(waits).containsExactly(Duration.ofMillis(300));
    }

    @Test
    void backsOffExponentiallyWithJitterBetweenHalfAndAll() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse().setResponseCode(500));
        }
        List<Double> jitters = new ArrayList<>(List.of(0.0, 1.0));
        DispatchResult result = dispatcher(slack()).jitter(() -> jitters.remove(0)).build().dispatch(Reports.oomKilled("api"));
        assertThat(waits).containsExactly(Duration.ofMillis(200), Duration.ofMillis(800));
        SinkResult slack = result.result("slack").orElseThrow();
        assertThat(slack.status()).isEqualTo(SinkResult.Status.FAILED);
        assertThat(slack.attempts()).isEqualTo(3);
        assertThat(slack.reason()).hasValueSatisfying(r -> assertThat(r).contains("HTTP 500").contains("gave up after 3 attempts"));
    }

    @Test
    void honoursRetryAfterOnA429() {
        server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "7"));
        server.enqueue(new MockResponse().setBody("ok"));
        DispatchResult result = dispatcher(slack()).build().dispatch(Reports.oomKilled("api"));
        assertThat(result.result("slack").orElseThrow().status()).isEqualTo(SinkResult.Status.DELIVERED);
        assertThat(waits).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void givesUpAtOnceWhenRetryAfterIsLongerThanAllowed() {
        server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "3600"));
        SinkResult r = dispatcher(slack()).build().dispatch(Reports.oomKilled("api")).result("slack").orElseThrow();
        assertThat(r.status()).isEqualTo(SinkResult.Status.FAILED);
        assertThat(r.reason()).hasValueSatisfying(s -> assertThat(s).contains("retry after 3600 s"));
        assertThat(waits).isEmpty();
    }

    @Test
    void doesNotRetryARequestTheServiceRejects() {
        server.enqueue(new MockResponse().setResponseCode(400).setBody("invalid_payload"));
        SinkResult r = dispatcher(slack()).build().dispatch(Reports.oomKilled("api")).result("slack").orElseThrow();
        assertThat(r.status()).isEqualTo(SinkResult.Status.FAILED);
        assertThat(r.attempts()).isEqualTo(1);
        assertThat(r.reason()).hasValueSatisfying(s -> assertThat(s).contains("HTTP 400: invalid_payload"));
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void reportsAnUnreachableSinkWithoutLosingTheReport(@TempDir Path dir) throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        SlackSink unreachable = new SlackSink(client, okhttp3.HttpUrl.get("http://127.0.0.1:" + closedPort + "/hook"));
        server.enqueue(new MockResponse().setResponseCode(202).setBody("{\"status\":\"success\"}"));
        DiagnosticReport report = Reports.oomKilled("api");
        DispatchResult result = dispatcher(unreachable, pagerDuty()).deadLetterDir(dir.resolve("undelivered")).build()
                .dispatch(report);
        assertThat(result.report()).isSameAs(report);
        assertThat(result.result("pagerduty").orElseThrow().status()).isEqualTo(SinkResult.Status.DELIVERED);
        SinkResult slack = result.result("slack").orElseThrow();
        assertThat(slack.status()).isEqualTo(SinkResult.Status.FAILED);
        assertThat(slack.attempts()).isEqualTo(3);
        assertThat(slack.reason()).hasValueSatisfying(r -> assertThat(r).contains("ConnectException"));
        assertThat(result.failures()).hasSize(1);
        Path saved = result.deadLetter().orElseThrow();
        JsonNode doc = json.readTree(Files.readString(saved));
        assertThat(doc.get("failures").get("slack").asText()).contains("ConnectException");
        assertThat(doc.get("report").get("headline").asText()).isEqualTo(report.headline());
    }

    @Test
    void aThrowingSinkCostsOnlyItself() {
        ReportSink broken = new ReportSink() {
            @Override
            public String id() {
                return "broken";
            }

            @Override
            public void send(DiagnosticReport report, Delivery delivery) {
                throw new IllegalStateException("no configuration");
            }
        };
        server.enqueue(new MockResponse().setBody("ok"));
        DispatchResult result = dispatcher(broken, slack()).build().dispatch(Reports.oomKilled("api"));
        assertThat(result.result("broken").orElseThrow().reason()).contains("sink threw IllegalStateException: no configuration");
        assertThat(result.result("slack").orElseThrow().status()).isEqualTo(SinkResult.Status.DELIVERED);
    }

    @Test
    void holdsBackAnIdenticalDiagnosisWithinTheWindowAndCountsItInTheNextDelivery() throws Exception {
        server.enqueue(new MockResponse().setBody("ok"));
        server.enqueue(new MockResponse().setBody("ok"));
        ReportDispatcher d = dispatcher(slack()).build();
        assertThat(d.dispatch(Reports.oomKilled("api")).result("slack").orElseThrow().status())
                .isEqualTo(SinkResult.Status.DELIVERED);
        body();
        clock.advance(Duration.ofMinutes(10));
        SinkResult second = d.dispatch(Reports.oomKilled("api")).result("slack").orElseThrow();
        assertThat(second.status()).isEqualTo(SinkResult.Status.SUPPRESSED);
        clock.advance(Duration.ofMinutes(10));
        assertThat(d.dispatch(Reports.oomKilled("api")).result("slack").orElseThrow().status())
                .isEqualTo(SinkResult.Status.SUPPRESSED);
        assertThat(server.getRequestCount()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(15));
        DispatchResult later = d.dispatch(Reports.oomKilled("api"));
        assertThat(later.result("slack").orElseThrow().status()).isEqualTo(SinkResult.Status.DELIVERED);
        assertThat(later.delivery().suppressed()).isEqualTo(2);
        JsonNode blocks = body().get("blocks");
        assertThat(blocks.get(blocks.size() - 1).get("elements").get(0).get("text").asText())
                .contains("2 identical diagnoses were held back since the last message.");
    }

    @Test
    void aDifferentDeploymentIsNotSuppressed() {
        server.enqueue(new MockResponse().setBody("ok"));
        server.enqueue(new MockResponse().setBody("ok"));
        ReportDispatcher d = dispatcher(slack()).build();
        d.dispatch(Reports.oomKilled("api"));
        assertThat(d.dispatch(Reports.oomKilled("web")).result("slack").orElseThrow().status())
                .isEqualTo(SinkResult.Status.DELIVERED);
    }

    @Test
    void skipsMutedPatterns() {
        DispatchResult r = dispatcher(slack()).mute(Set.of("k8s.*")).build().dispatch(Reports.oomKilled("api"));
        assertThat(r.result("slack").orElseThrow().status()).isEqualTo(SinkResult.Status.MUTED);
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void resolvesTheLastTriggeredKeyWhenALaterAnalysisFindsNoFailure() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(202).setBody("{\"status\":\"success\"}"));
        server.enqueue(new MockResponse().setResponseCode(202).setBody("{\"status\":\"success\"}"));
        ReportDispatcher d = dispatcher(pagerDuty()).build();
        DispatchResult failed = d.dispatch(Reports.oomKilled("api"));
        JsonNode trigger = body();
        assertThat(trigger.get("event_action").asText()).isEqualTo("trigger");
        assertThat(trigger.get("dedup_key").asText()).isEqualTo(failed.delivery().dedupKey());
        clock.advance(Duration.ofMinutes(5));
        DispatchResult healthy = d.dispatch(Reports.healthy("api"));
        assertThat(healthy.delivery().resolves()).contains(failed.delivery().dedupKey());
        assertThat(healthy.result("pagerduty").orElseThrow().status()).isEqualTo(SinkResult.Status.DELIVERED);
        JsonNode resolve = body();
        assertThat(resolve.get("event_action").asText()).isEqualTo("resolve");
        assertThat(resolve.get("dedup_key").asText()).isEqualTo(failed.delivery().dedupKey());
        SinkResult again = d.dispatch(Reports.healthy("api")).result("pagerduty").orElseThrow();
        assertThat(again.status()).isEqualTo(SinkResult.Status.SKIPPED);
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void jiraCreatesAnIssueThenCommentsOnItForTheSameDiagnosis() throws Exception {
        JiraSink jira = new JiraSink(client, server.url("/"), "OPS", "Bug", "ops@example.com", "token");
        server.enqueue(new MockResponse().setBody("{\"issues\":[]}"));
        server.enqueue(new MockResponse().setResponseCode(201).setBody("{\"id\":\"1\",\"key\":\"OPS-1\"}"));
        server.enqueue(new MockResponse().setBody("{\"issues\":[{\"id\":\"1\",\"key\":\"OPS-1\"}]}"));
        server.enqueue(new MockResponse().setResponseCode(201).setBody("{\"id\":\"9\"}"));
        ReportDispatcher d = dispatcher(jira).suppressWindow(Duration.ZERO).build();
        DispatchResult first = d.dispatch(Reports.oomKilled("api"));
        clock.advance(Duration.ofMinutes(1));
        DispatchResult second = d.dispatch(Reports.oomKilled("api"));
        assertThat(first.result("jira").orElseThrow().status()).isEqualTo(SinkResult.Status.DELIVERED);
        assertThat(second.result("jira").orElseThrow().status()).isEqualTo(SinkResult.Status.DELIVERED);
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
            paths.add(r.getMethod() + " " + r.getRequestUrl().encodedPath());
            if (i == 2) {
                assertThat(r.getRequestUrl().queryParameter("jql")).contains("deploy-diagnostics-" + first.delivery().dedupKey());
            }
        }
        assertThat(paths).containsExactly("GET /rest/api/3/search/jql", "POST /rest/api/3/issue",
                "GET /rest/api/3/search/jql", "POST /rest/api/3/issue/OPS-1/comment");
    }

    @Test
    void remembersDeliveriesAcrossDispatchersThroughTheStateFile(@TempDir Path dir) {
        Path state = dir.resolve("state.json");
        server.enqueue(new MockResponse().setBody("ok"));
        dispatcher(slack()).stateFile(state).build().dispatch(Reports.oomKilled("api"));
        clock.advance(Duration.ofMinutes(1));
        ReportDispatcher next = dispatcher(slack()).stateFile(state).build();
        assertThat(next.dispatch(Reports.oomKilled("api")).result("slack").orElseThrow().status())
                .isEqualTo(SinkResult.Status.SUPPRESSED);
        server.enqueue(new MockResponse().setBody("ok"));
        DispatchResult healthy = dispatcher(slack()).stateFile(state).build().dispatch(Reports.healthy("api"));
        assertThat(healthy.delivery().resolves()).isPresent();
        assertThat(healthy.result("slack").orElseThrow().status()).isEqualTo(SinkResult.Status.DELIVERED);
    }

    @Test
    void aSinkFoundByServiceLoaderWithoutItsEnvironmentFailsWithAMessage() throws IOException {
        List<String> ids = new ArrayList<>();
        java.util.ServiceLoader.load(ReportSink.class).forEach(s -> ids.add(s.id()));
        assertThat(ids).containsExactlyInAnyOrder("slack", "teams", "webhook", "pagerduty", "jira");
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("SLACK_WEBHOOK_URL") == null);
        SinkResult r = dispatcher(new SlackSink()).build().dispatch(Reports.oomKilled("api")).result("slack").orElseThrow();
        assertThat(r.status()).isEqualTo(SinkResult.Status.FAILED);
        assertThat(r.reason()).hasValueSatisfying(s -> assertThat(s).contains("set SLACK_WEBHOOK_URL"));
    }
}
