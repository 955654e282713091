package dev.deploydiagnostics.sinks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.Delivery;
import dev.deploydiagnostics.api.Evidence;
import dev.deploydiagnostics.api.Experimental;
import dev.deploydiagnostics.api.ReportSink;
import dev.deploydiagnostics.api.Verdict;
import dev.deploydiagnostics.core.report.ReportLabels;
import dev.deploydiagnostics.sinks.internal.Digest;
import dev.deploydiagnostics.sinks.internal.Http;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

import java.io.IOException;
import java.util.Objects;

/**
 * Raises and resolves PagerDuty incidents through the Events API v2 ({@code POST /v2/enqueue}).
 *
 * <p>A failed deployment is a {@code trigger} event whose {@code dedup_key} is the delivery's key (one per
 * deployment and root cause), so repeats of the same diagnosis land on the same alert. A report without a failure
 * that {@linkplain Delivery#resolves() resolves} an earlier key sends a {@code resolve} event for it; a report
 * without a failure and nothing to resolve sends nothing.
 */
@Experimental("sinks are new")
public final class PagerDutySink implements ReportSink {
    /** The Events API v2 endpoint. */
    public static final HttpUrl DEFAULT_URL = HttpUrl.get("https://events.pagerduty.com/v2/enqueue");
    private static final int SUMMARY_MAX = 1024;

    private final OkHttpClient client;
    private final HttpUrl url;
    private final String routingKey;

    /**
     * Creates the sink {@link java.util.ServiceLoader} finds, configured from the environment variable
     * {@code PAGERDUTY_ROUTING_KEY}; without it every send fails with a message saying what to set.
     */
    public PagerDutySink() {
        this(Http.defaultClient(), DEFAULT_URL, Http.env("PAGERDUTY_ROUTING_KEY").orElse(""));
    }

    /** Creates a sink sending to {@code url} (normally {@link #DEFAULT_URL}) with this integration's routing key. */
    public PagerDutySink(OkHttpClient client, HttpUrl url, String routingKey) {
        this.client = Objects.requireNonNull(client, "client");
        this.url = Objects.requireNonNull(url, "url");
        this.routingKey = Objects.requireNonNull(routingKey, "routingKey");
    }

    @Override
    public String id() {
        return "pagerduty";
    }

    @Override
    public void send(DiagnosticReport report, Delivery delivery) throws IOException {
        if (routingKey.isEmpty()) {
            throw new IllegalStateException("the pagerduty sink is not configured: set PAGERDUTY_ROUTING_KEY, "
                    + "or configure sinks.pagerduty.routingKeyEnv");
        }
        if (report.verdict() == Verdict.NO_FAILURE_FOUND && delivery.resolves().isEmpty()) {
            return;
        }
        ObjectNode event = event(report, delivery, routingKey);
        String answer = Http.post(client, url, Headers.of(), Http.mapper().writeValueAsBytes(event), "PagerDuty");
        JsonNode json = Http.json(answer);
        if (json.has("status") && !"success".equals(json.get("status").asText())) {
            throw new SinkHttpException("PagerDuty did not accept the event: " + json, 400, java.util.Optional.empty());
        }
    }

    /** The Events API v2 body for a report. */
    static ObjectNode event(DiagnosticReport r, Delivery d, String routingKey) {
        ObjectNode e = Http.mapper().createObjectNode();
        e.put("routing_key", routingKey);
        if (r.verdict() == Verdict.NO_FAILURE_FOUND) {
            e.put("event_action", "resolve");
            e.put("dedup_key", d.resolves().orElseThrow());
            return e;
        }
        e.put("event_action", "trigger");
        e.put("dedup_key", d.dedupKey());
        e.put("client", "Deploy Diagnostics");
        ObjectNode p = e.putObject("payload");
        p.put("summary", Digest.clip(r.headline(), SUMMARY_MAX));
        p.put("source", ReportLabels.targetName(r));
        p.put("severity", severity(r.verdict()));
        p.put("timestamp", r.generatedAt().toString());
        r.target().entrySet().stream().filter(t -> t.getKey().equals("service")).findFirst()
                .ifPresent(t -> p.put("component", t.getValue()));
        String group = r.target().getOrDefault("namespace", r.target().getOrDefault("cluster", ""));
        if (!group.isEmpty()) {
            p.put("group", group);
        }
        r.topFinding().ifPresent(f -> p.put("class", f.category().id()));
        ObjectNode details = p.putObject("custom_details");
        details.put("verdict", r.verdict().name());
        details.put("summary", r.summary());
        details.put("pattern_id", Digest.patternId(r));
        details.put("deployment", d.deploymentKey());
        details.put("suppressed_repeats", d.suppressed());
        r.topFinding().ifPresent(f -> {
            details.put("category", f.category().id());
            details.put("confidence", Math.round(f.confidence() * 1000) / 1000.0);
            details.put("title", f.title());
            ArrayNode ev = details.putArray("evidence");
            f.evidence().stream().limit(5).map(Evidence::text).map(t -> Digest.clip(t, 500)).forEach(ev::add);
        });
        Digest.fix(r).ifPresent(m -> {
            ObjectNode fix = details.putObject("fix");
            fix.put("title", m.title());
            ArrayNode steps = fix.putArray("steps");
            m.steps().forEach(steps::add);
            m.configExample().ifPresent(c -> fix.put("config_example", c.content()));
        });
        ObjectNode target = details.putObject("target");
        ReportLabels.orderedTarget(r.target()).forEach(target::put);
        return e;
    }

    private static String severity(Verdict v) {
        return switch (v) {
            case ROOT_CAUSE_FOUND -> "error";
            case INCONCLUSIVE, COLLECTION_FAILED -> "warning";
            case NO_FAILURE_FOUND -> "info";
        };
    }
}
