package dev.deploydiagnostics.sinks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.Delivery;
import dev.deploydiagnostics.core.report.ReportJson;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Each sink against a local server: the request carries exactly what the service documents. */
class SinkPayloadTest {
    private final ObjectMapper json = new ObjectMapper();
    private final OkHttpClient client = new OkHttpClient();
    private MockWebServer server;
    private final DiagnosticReport report = Reports.oomKilled("api");
    private final Delivery delivery = new Delivery("platform=kubernetes,namespace=shop,service=api", "0123456789abcdef", 2,
            Optional.empty());

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start(java.net.InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    private RecordedRequest take() throws InterruptedException {
        RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(r).as("a request reached the server").isNotNull();
        return r;
    }

    @Test
    void slackGetsABlockKitMessageWithHeaderCauseFixAndPatternContext() throws Exception {
        server.enqueue(new MockResponse().setBody("ok"));
        new SlackSink(client, server.url("/services/T000/B000/XXXX")).send(report, delivery);
        RecordedRequest r = take();
        assertThat(r.getMethod()).isEqualTo("POST");
        assertThat(r.getPath()).isEqualTo("/services/T000/B000/XXXX");
        assertThat(r.getHeader("Content-Type")).startsWith("application/json");
        String raw = r.getBody().readUtf8();
        JsonNode body = json.readTree(raw);
        assertThat(body.get("text").asText()).isEqualTo(report.headline());
        JsonNode blocks = body.get("blocks");
        assertThat(blocks.get(0).get("type").asText()).isEqualTo("header");
        assertThat(blocks.get(0).get("text").get("type").asText()).isEqualTo("plain_text");
        assertThat(blocks.get(0).get("text").get("text").asText()).isEqualTo(report.headline());
        assertThat(blocks.get(1).get("type").asText()).isEqualTo("section");
        assertThat(blocks.get(1).get("text").get("type").asText()).isEqualTo("mrkdwn");
        assertThat(blocks.get(1).get("text").get("text").asText())
                .contains("*Root cause: Out of memory (93% confidence)*").contains("Container app was OOMKilled at 512Mi");
        assertThat(blocks.get(2).get("text").get("text").asText()).startsWith("*Fix: Raise the limit*\n1. Edit resources.limits.memory\n2. Redeploy")
                .contains("```resources:\n  limits:\n    memory: 1Gi```");
        JsonNode context = blocks.get(blocks.size() - 1);
        assertThat(context.get("type").asText()).isEqualTo("context");
        assertThat(context.get("elements").get(0).get("text").asText()).contains("pattern `k8s.oom-killed`")
                .contains("2 identical diagnoses were held back");
        assertThat(raw).as("links to nothing external").doesNotContain("http");
    }

    @Test
    void slackEscapesItsControlCharacters() {
        assertThat(SlackSink.escape("a <b> & c")).isEqualTo("a &lt;b&gt; &amp; c");
    }

    @Test
    void teamsGetsAnAdaptiveCardMessage() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(202));
        new TeamsSink(client, server.url("/workflows/run")).send(report, delivery);
        JsonNode body = json.readTree(take().getBody().readUtf8());
        assertThat(body.get("type").asText()).isEqualTo("message");
        JsonNode attachment = body.get("attachments").get(0);
        assertThat(attachment.get("contentType").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
        JsonNode card = attachment.get("content");
        assertThat(card.get("type").asText()).isEqualTo("AdaptiveCard");
        assertThat(card.get("version").asText()).isEqualTo("1.4");
        assertThat(card.get("$schema").asText()).isEqualTo("http://adaptivecards.io/schemas/adaptive-card.json");
        JsonNode first = card.get("body").get(0);
        assertThat(first.get("type").asText()).isEqualTo("TextBlock");
        assertThat(first.get("text").asText()).isEqualTo(report.headline());
        assertThat(first.get("wrap").asBoolean()).isTrue();
        assertThat(card.get("body").findValuesAsText("text")).contains("Root cause: Out of memory (93% confidence)",
                "Fix: Raise the limit", "1. Edit resources.limits.memory", "resources:\n  limits:\n    memory: 1Gi");
        JsonNode facts = card.get("body").get(card.get("body").size() - 1);
        assertThat(facts.get("type").asText()).isEqualTo("FactSet");
        assertThat(facts.get("facts").findValuesAsText("value")).contains("k8s.oom-killed", "0123456789abcdef");
    }

    @Test
    void webhookSendsTheReportJsonSignedOverTimestampAndBody() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(204));
        Reports.MovableClock clock = new Reports.MovableClock(java.time.Instant.parse("2026-01-01T00:00:00Z"));
        new WebhookSink(client, server.url("/hooks/deploys"), "s3cr3t", clock).send(report, delivery);
        RecordedRequest r = take();
        byte[] body = r.getBody().readByteArray();
        String timestamp = r.getHeader("X-Deploy-Diagnostics-Timestamp");
        assertThat(timestamp).isEqualTo("1767225600");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("s3cr3t".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal((timestamp + "." + new String(body, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8)));
        assertThat(r.getHeader("X-Deploy-Diagnostics-Signature")).isEqualTo("sha256=" + expected);
        assertThat(json.readTree(body)).isEqualTo(json.readTree(ReportJson.mapper().writer()
                .without(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(ReportJson.toJson(report))));
        assertThat(r.getHeader("X-Deploy-Diagnostics-Dedup-Key")).isEqualTo("0123456789abcdef");
        assertThat(r.getHeader("X-Deploy-Diagnostics-Suppressed")).isEqualTo("2");
        assertThat(r.getHeader("X-Deploy-Diagnostics-Resolves")).isNull();
    }

    @Test
    void aTamperedBodyNoLongerMatchesTheSignature() {
        byte[] body = "{\"verdict\":\"ROOT_CAUSE_FOUND\"}".getBytes(StandardCharsets.UTF_8);
        byte[] tampered = "{\"verdict\":\"NO_FAILURE_FOUND\"}".getBytes(StandardCharsets.UTF_8);
        byte[] secret = "k".getBytes(StandardCharsets.UTF_8);
        assertThat(WebhookSink.sign(secret, "100", body)).isNotEqualTo(WebhookSink.sign(secret, "100", tampered))
                .isNotEqualTo(WebhookSink.sign(secret, "101", body));
    }

    @Test
    void pagerDutyGetsATriggerEventWithDedupKeyAndPayload() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(202)
                .setBody("{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"0123456789abcdef\"}"));
        new PagerDutySink(client, server.url("/v2/enqueue"), "R0UT1NGKEY").send(report, delivery);
        RecordedRequest r = take();
        assertThat(r.getPath()).isEqualTo("/v2/enqueue");
        JsonNode e = json.readTree(r.getBody().readUtf8());
        assertThat(e.get("routing_key").asText()).isEqualTo("R0UT1NGKEY");
        assertThat(e.get("event_action").asText()).isEqualTo("trigger");
        assertThat(e.get("dedup_key").asText()).isEqualTo("0123456789abcdef");
        JsonNode p = e.get("payload");
        assertThat(p.get("summary").asText()).isEqualTo(report.headline());
        assertThat(p.get("source").asText()).isEqualTo("kubernetes shop/api");
        assertThat(p.get("severity").asText()).isIn("critical", "error", "warning", "info").isEqualTo("error");
        assertThat(p.get("timestamp").asText()).isEqualTo(report.generatedAt().toString());
        assertThat(p.get("component").asText()).isEqualTo("api");
        assertThat(p.get("group").asText()).isEqualTo("shop");
        assertThat(p.get("class").asText()).isEqualTo("oom-killed");
        JsonNode details = p.get("custom_details");
        assertThat(details.get("pattern_id").asText()).isEqualTo("k8s.oom-killed");
        assertThat(details.get("suppressed_repeats").asInt()).isEqualTo(2);
        assertThat(details.get("fix").get("steps").get(0).asText()).isEqualTo("Edit resources.limits.memory");
    }

    @Test
    void pagerDutyResolvesTheEarlierKeyWhenNoFailureIsFound() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(202).setBody("{\"status\":\"success\"}"));
        new PagerDutySink(client, server.url("/v2/enqueue"), "R0UT1NGKEY").send(Reports.healthy("api"),
                new Delivery("platform=kubernetes,namespace=shop,service=api", "ffff", 0, Optional.of("0123456789abcdef")));
        JsonNode e = json.readTree(take().getBody().readUtf8());
        assertThat(e.get("event_action").asText()).isEqualTo("resolve");
        assertThat(e.get("dedup_key").asText()).isEqualTo("0123456789abcdef");
        assertThat(e.get("routing_key").asText()).isEqualTo("R0UT1NGKEY");
        assertThat(e.has("payload")).isFalse();
    }

    @Test
    void jiraCreatesAnIssueWithAnAdfDescriptionWhenNoneIsOpen() throws Exception {
        server.enqueue(new MockResponse().setBody("{\"issues\":[],\"isLast\":true}"));
        server.enqueue(new MockResponse().setResponseCode(201).setBody("{\"id\":\"10000\",\"key\":\"OPS-24\"}"));
        new JiraSink(client, server.url("/"), "OPS", "Bug", "ops@example.com", "t0k3n").send(report, delivery);
        RecordedRequest search = take();
        assertThat(search.getMethod()).isEqualTo("GET");
        assertThat(search.getRequestUrl().encodedPath()).isEqualTo("/rest/api/3/search/jql");
        assertThat(search.getRequestUrl().queryParameter("jql")).isEqualTo("project = \"OPS\" AND labels = "
                + "\"deploy-diagnostics-0123456789abcdef\" AND statusCategory != Done ORDER BY created DESC");
        assertThat(search.getHeader("Authorization")).isEqualTo(okhttp3.Credentials.basic("ops@example.com", "t0k3n"));
        RecordedRequest create = take();
        assertThat(create.getMethod()).isEqualTo("POST");
        assertThat(create.getPath()).isEqualTo("/rest/api/3/issue");
        JsonNode fields = json.readTree(create.getBody().readUtf8()).get("fields");
        assertThat(fields.get("project").get("key").asText()).isEqualTo("OPS");
        assertThat(fields.get("issuetype").get("name").asText()).isEqualTo("Bug");
        assertThat(fields.get("summary").asText()).startsWith("Deployment failed: kubernetes shop/api");
        assertThat(json.convertValue(fields.get("labels"), String[].class))
                .contains("deploy-diagnostics", "deploy-diagnostics-0123456789abcdef", "oom-killed");
        JsonNode doc = fields.get("description");
        assertThat(doc.get("type").asText()).isEqualTo("doc");
        assertThat(doc.get("version").asInt()).isEqualTo(1);
        assertThat(doc.get("content").findValuesAsText("type")).contains("heading", "paragraph", "blockquote",
                "orderedList", "listItem", "codeBlock");
        assertThat(doc.findValuesAsText("text")).contains("Root cause: Out of memory (93% confidence)",
                "Edit resources.limits.memory", "resources:\n  limits:\n    memory: 1Gi");
        assertThat(doc.findValuesAsText("text")).allSatisfy(t -> assertThat(t).isNotEmpty());
    }

    @Test
    void jiraCommentsOnTheOpenIssueForTheSameKey() throws Exception {
        server.enqueue(new MockResponse().setBody("{\"issues\":[{\"id\":\"10000\",\"key\":\"OPS-24\"}]}"));
        server.enqueue(new MockResponse().setResponseCode(201).setBody("{\"id\":\"555\"}"));
        new JiraSink(client, server.url("/"), "OPS", "Bug", "ops@example.com", "t0k3n").send(report, delivery);
        take();
        RecordedRequest comment = take();
        assertThat(comment.getPath()).isEqualTo("/rest/api/3/issue/OPS-24/comment");
        JsonNode body = json.readTree(comment.getBody().readUtf8()).get("body");
        assertThat(body.get("type").asText()).isEqualTo("doc");
        assertThat(body.findValuesAsText("text").get(0)).startsWith("Seen again at ");
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void httpErrorsCarryTheirStatusAndRetryAfter() {
        server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "7").setBody("rate_limited"));
        SlackSink sink = new SlackSink(client, server.url("/hook"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> sink.send(report, delivery))
                .isInstanceOfSatisfying(SinkHttpException.class, e -> {
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(e.retryAfter()).contains(java.time.Duration.ofSeconds(7));
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("Slack answered HTTP 429: rate_limited");
                });
    }
}
