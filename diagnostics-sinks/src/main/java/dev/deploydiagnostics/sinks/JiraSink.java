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
import okhttp3.Credentials;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * Files a failed deployment as a Jira Cloud issue, or comments on the issue already open for it.
 *
 * <p>Each issue carries the label {@code deploy-diagnostics-<dedupKey>}. Before creating one the sink searches
 * ({@code GET /rest/api/3/search/jql}) for an unresolved issue in the project with that label; when there is
 * one, the new diagnosis becomes a comment ({@code POST /rest/api/3/issue/{key}/comment}), otherwise a new issue
 * is created ({@code POST /rest/api/3/issue}) with the report as an Atlassian Document Format description. A
 * report that resolves an earlier key comments on that key's open issue. Authentication is basic, with an
 * Atlassian account e-mail and API token.
 */
@Experimental("sinks are new")
public final class JiraSink implements ReportSink {
    /** The label prefix; the dedup key follows it. */
    public static final String LABEL_PREFIX = "deploy-diagnostics-";
    private static final int SUMMARY_MAX = 254;

    private final OkHttpClient client;
    private final HttpUrl baseUrl;
    private final String project;
    private final String issueType;
    private final String authorization;
    private final boolean configured;

    /**
     * Creates the sink {@link java.util.ServiceLoader} finds, configured from the environment variables
     * {@code JIRA_BASE_URL}, {@code JIRA_PROJECT}, {@code JIRA_EMAIL} and {@code JIRA_API_TOKEN} (issue type
     * {@code JIRA_ISSUE_TYPE}, default {@code Bug}); without them every send fails with a message saying what to set.
     */
    public JiraSink() {
        this(Http.defaultClient(), Http.urlFromEnv("JIRA_BASE_URL").orElse(HttpUrl.get("http://unconfigured.invalid/")),
                Http.env("JIRA_PROJECT").orElse(""), Http.env("JIRA_ISSUE_TYPE").orElse("Bug"),
                Http.env("JIRA_EMAIL").orElse(""), Http.env("JIRA_API_TOKEN").orElse(""),
                Http.urlFromEnv("JIRA_BASE_URL").isPresent() && Http.env("JIRA_PROJECT").isPresent()
                        && Http.env("JIRA_EMAIL").isPresent() && Http.env("JIRA_API_TOKEN").isPresent());
    }

    /**
     * Creates a sink for a Jira Cloud site.
     *
     * @param baseUrl   the site, e.g. {@code https://example.atlassian.net}
     * @param project   the project key new issues go to, e.g. {@code OPS}
     * @param issueType the issue type name, e.g. {@code Bug}
     * @param email     the Atlassian account the token belongs to
     * @param apiToken  the API token (a secret: read it from the environment)
     */
    public JiraSink(OkHttpClient client, HttpUrl baseUrl, String project, String issueType, String email, String apiToken) {
        this(client, baseUrl, project, issueType, email, apiToken, true);
    }

    private JiraSink(OkHttpClient client, HttpUrl baseUrl, String project, String issueType, String email,
                     String apiToken, boolean configured) {
        this.configured = configured;
        this.client = Objects.requireNonNull(client, "client");
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        this.project = Objects.requireNonNull(project, "project");
        this.issueType = Objects.requireNonNull(issueType, "issueType");
        this.authorization = Credentials.basic(Objects.requireNonNull(email, "email"),
                Objects.requireNonNull(apiToken, "apiToken"), StandardCharsets.UTF_8);
    }

    @Override
    public String id() {
        return "jira";
    }

    @Override
    public void send(DiagnosticReport report, Delivery delivery) throws IOException {
        if (!configured) {
            throw new IllegalStateException("the jira sink is not configured: set JIRA_BASE_URL, JIRA_PROJECT, JIRA_EMAIL "
                    + "and JIRA_API_TOKEN, or configure sinks.jira");
        }
        boolean failure = report.verdict() != Verdict.NO_FAILURE_FOUND;
        String key = failure ? delivery.dedupKey() : delivery.resolves().orElse("");
        if (key.isEmpty()) {
            return;
        }
        Optional<String> open = findOpenIssue(key);
        if (open.isPresent()) {
            ObjectNode body = Http.mapper().createObjectNode();
            body.set("body", document(report, delivery, true));
            Http.post(client, baseUrl.newBuilder().addPathSegments("rest/api/3/issue").addPathSegment(open.get())
                    .addPathSegment("comment").build(), headers(), Http.mapper().writeValueAsBytes(body), "Jira");
        } else if (failure) {
            Http.post(client, baseUrl.newBuilder().addPathSegments("rest/api/3/issue").build(), headers(),
                    Http.mapper().writeValueAsBytes(issue(report, delivery)), "Jira");
        }
    }

    /** The key of the newest unresolved issue in the project labelled with this dedup key, if any. */
    Optional<String> findOpenIssue(String dedupKey) throws IOException {
        String jql = "project = \"" + project.replace("\"", "") + "\" AND labels = \"" + LABEL_PREFIX + dedupKey
                + "\" AND statusCategory != Done ORDER BY created DESC";
        HttpUrl url = baseUrl.newBuilder().addPathSegments("rest/api/3/search/jql").addQueryParameter("jql", jql)
                .addQueryParameter("fields", "key").addQueryParameter("maxResults", "1").build();
        JsonNode issues = Http.json(Http.get(client, url, headers(), "Jira")).path("issues");
        return issues.isArray() && !issues.isEmpty() && issues.get(0).hasNonNull("key")
                ? Optional.of(issues.get(0).get("key").asText()) : Optional.empty();
    }

    private Headers headers() {
        return Headers.of("Authorization", authorization, "Accept", "application/json");
    }

    /** The create-issue body. */
    ObjectNode issue(DiagnosticReport r, Delivery d) {
        ObjectNode root = Http.mapper().createObjectNode();
        ObjectNode fields = root.putObject("fields");
        fields.putObject("project").put("key", project);
        fields.putObject("issuetype").put("name", issueType);
        fields.put("summary", Digest.clip(("Deployment failed: " + ReportLabels.targetName(r) + " — " + r.headline())
                .replace('\n', ' '), SUMMARY_MAX));
        fields.set("description", document(r, d, false));
        ArrayNode labels = fields.putArray("labels");
        labels.add("deploy-diagnostics");
        labels.add(LABEL_PREFIX + d.dedupKey());
        r.topFinding().ifPresent(f -> labels.add(f.category().id()));
        return root;
    }

    /** The report in Atlassian Document Format. */
    static ObjectNode document(DiagnosticReport r, Delivery d, boolean comment) {
        Adf doc = new Adf();
        boolean resolved = r.verdict() == Verdict.NO_FAILURE_FOUND;
        if (resolved) {
            doc.paragraph(Digest.resolvedHeadline(r) + ". " + r.summary());
            return doc.root;
        }
        if (comment) {
            doc.paragraph("Seen again at " + ReportLabels.time(r.generatedAt()) + ": " + r.headline());
        }
        Digest.suppressedNote(d.suppressed()).ifPresent(doc::paragraph);
        Digest.causeLabel(r).ifPresent(c -> doc.heading(c, 3));
        doc.paragraph(r.summary());
        r.topFinding().ifPresent(f -> {
            if (!f.evidence().isEmpty()) {
                doc.heading("Evidence", 4);
                ArrayNode quote = doc.block("blockquote");
                for (Evidence e : f.evidence().stream().limit(5).toList()) {
                    Adf.paragraph(quote, "[" + e.evidenceType() + "] " + Digest.clip(e.text(), 1000) + " (" + e.source() + ")");
                }
            }
        });
        Digest.fix(r).ifPresent(m -> {
            doc.heading("Fix: " + m.title(), 4);
            if (!m.steps().isEmpty()) {
                ArrayNode list = doc.block("orderedList");
                for (String step : m.steps()) {
                    ObjectNode item = list.addObject().put("type", "listItem");
                    Adf.paragraph(item.putArray("content"), step);
                }
            }
            m.configExample().ifPresent(c -> {
                ObjectNode code = doc.content.addObject().put("type", "codeBlock");
                code.putObject("attrs").put("language", c.format());
                Adf.text(code.putArray("content"), c.content().stripTrailing());
            });
        });
        doc.paragraph("Pattern " + Digest.patternId(r) + " · target " + ReportLabels.targetName(r) + " · dedup key "
                + d.dedupKey());
        return doc.root;
    }

    /** A small builder for Atlassian Document Format. */
    private static final class Adf {
        final ObjectNode root = Http.mapper().createObjectNode().put("type", "doc").put("version", 1);
        final ArrayNode content = root.putArray("content");

        void paragraph(String text) {
            paragraph(content, text);
        }

        void heading(String text, int level) {
            ObjectNode h = content.addObject().put("type", "heading");
            h.putObject("attrs").put("level", level);
            text(h.putArray("content"), text);
        }

        ArrayNode block(String type) {
            return content.addObject().put("type", type).putArray("content");
        }

        static void paragraph(ArrayNode into, String text) {
            text(into.addObject().put("type", "paragraph").putArray("content"), text);
        }

        /** ADF rejects empty text nodes, so empty text becomes no node. */
        static void text(ArrayNode into, String text) {
            if (!text.isEmpty()) {
                into.addObject().put("type", "text").put("text", text);
            }
        }
    }
}
