package dev.deploydiagnostics.sinks;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.Delivery;
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
 * Posts a report to a Microsoft Teams channel through a Workflows webhook, as a message with one Adaptive Card
 * (schema 1.4): the headline, the cause with its confidence, the summary, the fix steps and configuration
 * example, and a fact set with the target, pattern and de-duplication key.
 */
@Experimental("sinks are new")
public final class TeamsSink implements ReportSink {
    private final OkHttpClient client;
    private final HttpUrl webhookUrl;
    private final String unconfigured;

    /**
     * Creates the sink {@link java.util.ServiceLoader} finds, configured from the environment variable
     * {@code TEAMS_WEBHOOK_URL}; without it every send fails with a message saying what to set.
     */
    public TeamsSink() {
        this(Http.defaultClient(), Http.urlFromEnv("TEAMS_WEBHOOK_URL"));
    }

    private TeamsSink(OkHttpClient client, java.util.Optional<HttpUrl> url) {
        this.client = client;
        this.webhookUrl = url.orElse(null);
        this.unconfigured = Http.unconfigured("teams", url, "TEAMS_WEBHOOK_URL");
    }

    /** Creates a sink posting to this Workflows webhook URL (a secret: read it from the environment). */
    public TeamsSink(OkHttpClient client, HttpUrl webhookUrl) {
        this.client = Objects.requireNonNull(client, "client");
        this.webhookUrl = Objects.requireNonNull(webhookUrl, "webhookUrl");
        this.unconfigured = "";
    }

    @Override
    public String id() {
        return "teams";
    }

    @Override
    public void send(DiagnosticReport report, Delivery delivery) throws IOException {
        Http.requireConfigured(unconfigured);
        Http.post(client, webhookUrl, Headers.of(), Http.mapper().writeValueAsBytes(payload(report, delivery)), "Teams");
    }

    /** The message with its Adaptive Card. */
    static ObjectNode payload(DiagnosticReport r, Delivery d) {
        ObjectNode root = Http.mapper().createObjectNode().put("type", "message");
        ObjectNode attachment = root.putArray("attachments").addObject();
        attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
        attachment.putNull("contentUrl");
        ObjectNode card = attachment.putObject("content");
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        card.put("type", "AdaptiveCard");
        card.put("version", "1.4");
        ArrayNode body = card.putArray("body");
        boolean resolved = d.resolves().isPresent() && r.topFinding().isEmpty();
        text(body, resolved ? Digest.resolvedHeadline(r) : r.headline()).put("size", "Large").put("weight", "Bolder")
                .put("color", color(r.verdict()));
        Digest.causeLabel(r).ifPresent(c -> text(body, c).put("weight", "Bolder"));
        r.topFinding().ifPresent(f -> text(body, f.title()));
        text(body, r.summary()).put("isSubtle", true);
        Digest.fix(r).ifPresent(m -> {
            text(body, "Fix: " + m.title()).put("weight", "Bolder").put("separator", true);
            int n = 0;
            for (String step : m.steps()) {
                text(body, ++n + ". " + step).put("spacing", "Small");
            }
            m.configExample().ifPresent(c -> text(body, c.content().stripTrailing()).put("fontType", "Monospace"));
        });
        ArrayNode facts = body.addObject().put("type", "FactSet").put("separator", true).putArray("facts");
        fact(facts, "Verdict", ReportLabels.verdictLabel(r.verdict()));
        fact(facts, "Target", ReportLabels.targetName(r));
        fact(facts, "Pattern", Digest.patternId(r));
        r.topFinding().ifPresent(f -> fact(facts, "Category", f.category().id()));
        fact(facts, "Dedup key", d.dedupKey());
        Digest.suppressedNote(d.suppressed()).ifPresent(s -> fact(facts, "Repeats", s));
        d.resolves().ifPresent(k -> fact(facts, "Resolves", k));
        return root;
    }

    private static ObjectNode text(ArrayNode body, String text) {
        return body.addObject().put("type", "TextBlock").put("text", text).put("wrap", true);
    }

    private static void fact(ArrayNode facts, String title, String value) {
        facts.addObject().put("title", title).put("value", value);
    }

    private static String color(Verdict v) {
        return switch (v) {
            case ROOT_CAUSE_FOUND -> "Attention";
            case INCONCLUSIVE, COLLECTION_FAILED -> "Warning";
            case NO_FAILURE_FOUND -> "Good";
        };
    }
}
