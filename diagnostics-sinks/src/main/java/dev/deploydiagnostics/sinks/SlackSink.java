package dev.deploydiagnostics.sinks;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.Delivery;
import dev.deploydiagnostics.api.Experimental;
import dev.deploydiagnostics.api.Remedy;
import dev.deploydiagnostics.api.ReportSink;
import dev.deploydiagnostics.core.report.ReportLabels;
import dev.deploydiagnostics.sinks.internal.Digest;
import dev.deploydiagnostics.sinks.internal.Http;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

import java.io.IOException;
import java.util.Objects;

/**
 * Posts a report to a Slack channel through an incoming webhook, as a Block Kit message: a header with the
 * headline, a section with the root cause and its confidence, a section with the fix, and a context line with
 * the pattern id. The message links to nothing outside Slack.
 */
@Experimental("sinks are new")
public final class SlackSink implements ReportSink {
    /** Slack's limits: header text 150 characters, section text 3000. */
    private static final int HEADER_MAX = 150;
    private static final int SECTION_MAX = 3000;

    private final OkHttpClient client;
    private final HttpUrl webhookUrl;
    private final String unconfigured;

    /**
     * Creates the sink {@link java.util.ServiceLoader} finds, configured from the environment variable
     * {@code SLACK_WEBHOOK_URL}; without it every send fails with a message saying what to set.
     */
    public SlackSink() {
        this(Http.defaultClient(), Http.urlFromEnv("SLACK_WEBHOOK_URL"), "slack");
    }

    private SlackSink(OkHttpClient client, java.util.Optional<HttpUrl> url, String id) {
        this.client = client;
        this.webhookUrl = url.orElse(null);
        this.unconfigured = Http.unconfigured(id, url, "SLACK_WEBHOOK_URL");
    }

    /** Creates a sink posting to this incoming-webhook URL (a secret: read it from the environment). */
    public SlackSink(OkHttpClient client, HttpUrl webhookUrl) {
        this.client = Objects.requireNonNull(client, "client");
        this.webhookUrl = Objects.requireNonNull(webhookUrl, "webhookUrl");
        this.unconfigured = "";
    }

    @Override
    public String id() {
        return "slack";
    }

    @Override
    public void send(DiagnosticReport report, Delivery delivery) throws IOException {
        Http.requireConfigured(unconfigured);
        Http.post(client, webhookUrl, Headers.of(), Http.mapper().writeValueAsBytes(payload(report, delivery)), "Slack");
    }

    /** The Block Kit payload for a report. */
    static ObjectNode payload(DiagnosticReport r, Delivery d) {
        ObjectNode root = Http.mapper().createObjectNode();
        boolean resolved = d.resolves().isPresent() && r.topFinding().isEmpty();
        String headline = resolved ? Digest.resolvedHeadline(r) : r.headline();
        root.put("text", Digest.clip(headline, SECTION_MAX));
        ArrayNode blocks = root.putArray("blocks");
        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text").put("type", "plain_text").put("text", Digest.clip(headline, HEADER_MAX)).put("emoji", true);
        StringBuilder cause = new StringBuilder();
        cause.append('*').append(escape(ReportLabels.verdictLabel(r.verdict()))).append("* for `")
                .append(escape(ReportLabels.targetName(r))).append("`\n");
        Digest.causeLabel(r).ifPresent(c -> cause.append('*').append(escape(c)).append("*\n"));
        r.topFinding().ifPresent(f -> cause.append(escape(f.title())).append('\n'));
        cause.append(escape(r.summary()));
        section(blocks, cause.toString());
        Digest.fix(r).ifPresent(m -> section(blocks, fix(m)));
        ObjectNode context = blocks.addObject().put("type", "context");
        StringBuilder ctx = new StringBuilder("pattern `").append(escape(Digest.patternId(r))).append('`');
        r.topFinding().ifPresent(f -> ctx.append(" · category `").append(f.category().id()).append('`'));
        ctx.append(" · dedup `").append(escape(d.dedupKey())).append('`');
        Digest.suppressedNote(d.suppressed()).ifPresent(n -> ctx.append(" · ").append(escape(n)));
        d.resolves().ifPresent(k -> ctx.append(" · resolves `").append(escape(k)).append('`'));
        context.putArray("elements").addObject().put("type", "mrkdwn").put("text", ctx.toString());
        return root;
    }

    private static String fix(Remedy m) {
        StringBuilder sb = new StringBuilder("*Fix: ").append(escape(m.title())).append("*\n");
        int n = 0;
        for (String step : m.steps()) {
            sb.append(++n).append(". ").append(escape(step)).append('\n');
        }
        m.configExample().ifPresent(c -> sb.append("```").append(escape(c.content().stripTrailing()).replace("```", "'''"))
                .append("```"));
        return sb.toString().stripTrailing();
    }

    private static void section(ArrayNode blocks, String mrkdwn) {
        blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn")
                .put("text", Digest.clip(mrkdwn, SECTION_MAX));
    }

    /** Slack's mrkdwn escaping: only these three characters are control characters. */
    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
