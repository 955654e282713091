package dev.deploydiagnostics.sinks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.deploydiagnostics.api.Experimental;
import dev.deploydiagnostics.api.InvalidConfigurationException;
import dev.deploydiagnostics.api.ReportSink;
import dev.deploydiagnostics.core.config.ConfigLoader;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code sinks:} section of a configuration file: where reports go and how deliveries behave.
 *
 * <pre>{@code
 * sinks:
 *   suppressWindow: 30m              # identical diagnoses held back this long after one was sent
 *   mute: [k8s.probe.readiness, aws.*]
 *   retry: { maxAttempts: 4, initialBackoff: 1s, maxBackoff: 30s, maxRetryAfter: 2m }
 *   stateFile: .deploy-diagnostics/sinks-state.json   # relative to this file; keeps suppression between runs
 *   deadLetterDir: .deploy-diagnostics/undelivered     # reports a sink could not take
 *   slack:     { webhookUrlEnv: SLACK_WEBHOOK_URL }
 *   teams:     { webhookUrlEnv: TEAMS_WEBHOOK_URL }
 *   pagerduty: { routingKeyEnv: PD_ROUTING_KEY }       # url: to override the Events API endpoint
 *   jira:      { baseUrl: https://example.atlassian.net, project: OPS, issueType: Bug,
 *                emailEnv: JIRA_EMAIL, apiTokenEnv: JIRA_API_TOKEN }
 *   webhook:   { url: https://hooks.example.com/deploys, secretEnv: DEPLOY_WEBHOOK_SECRET }
 * }</pre>
 *
 * <p>Secrets come only from environment variables named in the file, never from the file: a key that would hold
 * a secret directly ({@code webhookUrl}, {@code routingKey}, {@code apiToken}, {@code secret}, ...) is rejected
 * with a message naming the {@code *Env} form. Every problem is reported at once in one
 * {@link InvalidConfigurationException}.
 *
 * @param suppressWindow how long identical diagnoses are held back
 * @param mute           muted pattern ids (exact, or prefixes ending in {@code .*})
 * @param retry          the retry policy
 * @param stateFile      where the memory of deliveries is kept between runs, if anywhere
 * @param deadLetterDir  where undelivered reports are written, if anywhere
 * @param slack          the Slack webhook URL, if configured
 * @param teams          the Teams webhook URL, if configured
 * @param pagerduty      the PagerDuty settings, if configured
 * @param jira           the Jira settings, if configured
 * @param webhook        the generic webhook settings, if configured
 */
@Experimental("sinks are new")
public record SinksConfig(Duration suppressWindow, List<String> mute, RetryPolicy retry, Optional<Path> stateFile,
                          Optional<Path> deadLetterDir, Optional<HttpUrl> slack, Optional<HttpUrl> teams,
                          Optional<PagerDuty> pagerduty, Optional<Jira> jira, Optional<Webhook> webhook) {

    /** No sinks, default behaviour. */
    public static final SinksConfig NONE = new SinksConfig(Duration.ofMinutes(30), List.of(), RetryPolicy.DEFAULT,
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty());

    private static final Map<String, Set<String>> KEYS = Map.of(
            "", Set.of("suppressWindow", "mute", "retry", "stateFile", "deadLetterDir", "slack", "teams", "pagerduty",
                    "jira", "webhook"),
            "retry", Set.of("maxAttempts", "initialBackoff", "maxBackoff", "maxRetryAfter"),
            "slack", Set.of("webhookUrlEnv"),
            "teams", Set.of("webhookUrlEnv"),
            "pagerduty", Set.of("routingKeyEnv", "url"),
            "jira", Set.of("baseUrl", "project", "issueType", "email", "emailEnv", "apiTokenEnv"),
            "webhook", Set.of("url", "secretEnv"));
    /** Keys that would put a secret in the file, with the form to use instead. */
    private static final Map<String, String> SECRET_KEYS = Map.of(
            "webhookUrl", "webhookUrlEnv", "routingKey", "routingKeyEnv", "apiToken", "apiTokenEnv",
            "secret", "secretEnv", "token", "apiTokenEnv", "password", "apiTokenEnv", "integrationKey", "routingKeyEnv");

    /** Validates and copies. */
    public SinksConfig {
        Objects.requireNonNull(suppressWindow, "suppressWindow");
        mute = List.copyOf(mute);
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(stateFile, "stateFile");
        Objects.requireNonNull(deadLetterDir, "deadLetterDir");
        Objects.requireNonNull(slack, "slack");
        Objects.requireNonNull(teams, "teams");
        Objects.requireNonNull(pagerduty, "pagerduty");
        Objects.requireNonNull(jira, "jira");
        Objects.requireNonNull(webhook, "webhook");
    }

    /**
     * PagerDuty settings.
     *
     * @param url        the Events API v2 endpoint
     * @param routingKey the integration's routing key, read from the environment
     */
    @Experimental("sinks are new")
    public record PagerDuty(HttpUrl url, String routingKey) {
        @Override
        public String toString() {
            return "PagerDuty[url=" + url + ", routingKey=****]";
        }
    }

    /**
     * Jira Cloud settings.
     *
     * @param baseUrl   the site
     * @param project   the project key
     * @param issueType the issue type name
     * @param email     the account e-mail
     * @param apiToken  the API token, read from the environment
     */
    @Experimental("sinks are new")
    public record Jira(HttpUrl baseUrl, String project, String issueType, String email, String apiToken) {
        @Override
        public String toString() {
            return "Jira[baseUrl=" + baseUrl + ", project=" + project + ", issueType=" + issueType + ", email=" + email
                    + ", apiToken=****]";
        }
    }

    /**
     * Generic webhook settings.
     *
     * @param url    where to POST
     * @param secret the signing secret, read from the environment
     */
    @Experimental("sinks are new")
    public record Webhook(HttpUrl url, String secret) {
        @Override
        public String toString() {
            return "Webhook[url=" + url + ", secret=****]";
        }
    }

    @Override
    public String toString() {
        // The URLs of chat webhooks are secrets themselves.
        return "SinksConfig[suppressWindow=" + suppressWindow + ", mute=" + mute + ", retry=" + retry + ", slack="
                + slack.map(u -> "****").orElse("none") + ", teams=" + teams.map(u -> "****").orElse("none")
                + ", pagerduty=" + pagerduty.map(Object::toString).orElse("none") + ", jira="
                + jira.map(Object::toString).orElse("none") + ", webhook=" + webhook.map(Object::toString).orElse("none") + "]";
    }

    /** Reads the {@code sinks:} section of a YAML file, taking secrets from {@code env}. */
    public static SinksConfig load(Path file, Map<String, String> env) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidConfigurationException(file.toString(), "does not exist or is not a file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return load(file.toString(), in, file.toAbsolutePath().getParent(), env);
        } catch (IOException e) {
            throw new InvalidConfigurationException(file.toString(), "cannot be read: " + e.getMessage());
        }
    }

    /** Reads the {@code sinks:} section from a stream; {@code base} resolves relative paths. */
    public static SinksConfig load(String name, InputStream in, Path base, Map<String, String> env) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(in);
        } catch (IOException e) {
            String msg = e.getMessage() == null ? "" : e.getMessage().split("\n")[0];
            throw new InvalidConfigurationException(name, "is not valid YAML: " + msg);
        }
        if (root == null || !root.isObject() || !root.has("sinks") || root.get("sinks").isNull()) {
            return NONE;
        }
        return new Reader(name, base, env).read(root.get("sinks"));
    }

    /** Creates the configured sinks, in the order slack, teams, pagerduty, jira, webhook. */
    public List<ReportSink> createSinks(OkHttpClient client, Clock clock) {
        List<ReportSink> out = new ArrayList<>();
        slack.ifPresent(u -> out.add(new SlackSink(client, u)));
        teams.ifPresent(u -> out.add(new TeamsSink(client, u)));
        pagerduty.ifPresent(p -> out.add(new PagerDutySink(client, p.url(), p.routingKey())));
        jira.ifPresent(j -> out.add(new JiraSink(client, j.baseUrl(), j.project(), j.issueType(), j.email(), j.apiToken())));
        webhook.ifPresent(w -> out.add(new WebhookSink(client, w.url(), w.secret(), clock)));
        return out;
    }

    /** A dispatcher builder with these sinks and settings; add a clock or sleeper before building if needed. */
    public ReportDispatcher.Builder dispatcher(OkHttpClient client) {
        ReportDispatcher.Builder b = ReportDispatcher.builder().suppressWindow(suppressWindow).mute(mute).retry(retry)
                .stateFile(stateFile.orElse(null)).deadLetterDir(deadLetterDir.orElse(null));
        createSinks(client, Clock.systemUTC()).forEach(b::sink);
        return b;
    }

    /** Collects every problem while reading. */
    private static final class Reader {
        private final String name;
        private final Path base;
        private final Map<String, String> env;
        private final List<String> problems = new ArrayList<>();

        Reader(String name, Path base, Map<String, String> env) {
            this.name = name;
            this.base = base;
            this.env = Map.copyOf(env);
        }

        SinksConfig read(JsonNode sinks) {
            if (!sinks.isObject()) {
                throw new InvalidConfigurationException(name, "'sinks' must be a mapping");
            }
            checkKeys(sinks, "");
            Duration window = duration(sinks, "suppressWindow", "sinks.suppressWindow", Duration.ofMinutes(30), true);
            List<String> mute = new ArrayList<>();
            JsonNode m = sinks.get("mute");
            if (m != null) {
                if (!m.isArray()) {
                    problems.add("'sinks.mute' must be a list of pattern ids, e.g. [k8s.probe.readiness]");
                } else {
                    m.forEach(x -> mute.add(x.asText()));
                }
            }
            RetryPolicy retry = RetryPolicy.DEFAULT;
            JsonNode r = section(sinks, "retry");
            if (r != null) {
                int attempts = RetryPolicy.DEFAULT.maxAttempts();
                if (r.has("maxAttempts")) {
                    if (!r.get("maxAttempts").isIntegralNumber() || r.get("maxAttempts").asInt() < 1
                            || r.get("maxAttempts").asInt() > 20) {
                        problems.add("'sinks.retry.maxAttempts' must be a whole number from 1 to 20");
                    } else {
                        attempts = r.get("maxAttempts").asInt();
                    }
                }
                retry = new RetryPolicy(attempts,
                        duration(r, "initialBackoff", "sinks.retry.initialBackoff", RetryPolicy.DEFAULT.initialBackoff(), false),
                        duration(r, "maxBackoff", "sinks.retry.maxBackoff", RetryPolicy.DEFAULT.maxBackoff(), false),
                        duration(r, "maxRetryAfter", "sinks.retry.maxRetryAfter", RetryPolicy.DEFAULT.maxRetryAfter(), false));
            }
            Optional<Path> state = path(sinks, "stateFile");
            Optional<Path> dead = path(sinks, "deadLetterDir");
            Optional<HttpUrl> slack = Optional.empty();
            JsonNode s = section(sinks, "slack");
            if (s != null) {
                slack = secretUrl(s, "slack", "webhookUrlEnv");
            }
            Optional<HttpUrl> teams = Optional.empty();
            JsonNode t = section(sinks, "teams");
            if (t != null) {
                teams = secretUrl(t, "teams", "webhookUrlEnv");
            }
            Optional<PagerDuty> pd = Optional.empty();
            JsonNode p = section(sinks, "pagerduty");
            if (p != null) {
                Optional<HttpUrl> url = p.has("url") ? url(p, "pagerduty", "url") : Optional.of(PagerDutySink.DEFAULT_URL);
                Optional<String> key = fromEnv(p, "pagerduty", "routingKeyEnv");
                if (url.isPresent() && key.isPresent()) {
                    pd = Optional.of(new PagerDuty(url.get(), key.get()));
                }
            }
            Optional<Jira> jira = Optional.empty();
            JsonNode j = section(sinks, "jira");
            if (j != null) {
                Optional<HttpUrl> url = url(j, "jira", "baseUrl");
                Optional<String> project = required(j, "jira", "project", "the project key, e.g. OPS");
                String issueType = j.path("issueType").asText("Bug");
                Optional<String> email = j.has("emailEnv") ? fromEnv(j, "jira", "emailEnv")
                        : required(j, "jira", "email", "the Atlassian account e-mail, or emailEnv naming a variable");
                Optional<String> token = fromEnv(j, "jira", "apiTokenEnv");
                if (url.isPresent() && project.isPresent() && email.isPresent() && token.isPresent()) {
                    jira = Optional.of(new Jira(url.get(), project.get(), issueType, email.get(), token.get()));
                }
            }
            Optional<Webhook> webhook = Optional.empty();
            JsonNode w = section(sinks, "webhook");
            if (w != null) {
                Optional<HttpUrl> url = url(w, "webhook", "url");
                Optional<String> secret = fromEnv(w, "webhook", "secretEnv");
                if (url.isPresent() && secret.isPresent()) {
                    webhook = Optional.of(new Webhook(url.get(), secret.get()));
                }
            }
            if (!problems.isEmpty()) {
                throw new InvalidConfigurationException(name, problems);
            }
            return new SinksConfig(window, mute, retry, state, dead, slack, teams, pd, jira, webhook);
        }

        private JsonNode section(JsonNode parent, String key) {
            JsonNode n = parent.get(key);
            if (n == null || n.isNull()) {
                return null;
            }
            if (!n.isObject()) {
                problems.add("'sinks." + key + "' must be a mapping");
                return null;
            }
            checkKeys(n, key);
            return n;
        }

        private void checkKeys(JsonNode n, String section) {
            String prefix = section.isEmpty() ? "sinks." : "sinks." + section + ".";
            for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (SECRET_KEYS.containsKey(key)) {
                    problems.add("'" + prefix + key + "' would keep a secret in the file; put it in an environment "
                            + "variable and name that variable with '" + prefix + SECRET_KEYS.get(key) + "'");
                } else if (section.equals("slack") || section.equals("teams") ? key.equals("url") : false) {
                    problems.add("'" + prefix + key + "' would keep a secret in the file (the webhook URL is the "
                            + "credential); name an environment variable with '" + prefix + "webhookUrlEnv'");
                } else if (!KEYS.get(section).contains(key)) {
                    problems.add("unknown key '" + prefix + key + "'; expected one of " + new TreeSet<>(KEYS.get(section)));
                }
            }
        }

        private Optional<String> fromEnv(JsonNode n, String section, String key) {
            JsonNode v = n.get(key);
            if (v == null || !v.isTextual() || v.asText().isBlank()) {
                problems.add("'sinks." + section + "." + key + "' must name the environment variable that holds it");
                return Optional.empty();
            }
            String value = env.get(v.asText());
            if (value == null || value.isBlank()) {
                problems.add("environment variable " + v.asText() + " (named by 'sinks." + section + "." + key
                        + "') is not set");
                return Optional.empty();
            }
            return Optional.of(value.trim());
        }

        private Optional<HttpUrl> secretUrl(JsonNode n, String section, String key) {
            return fromEnv(n, section, key).flatMap(v -> {
                HttpUrl u = HttpUrl.parse(v);
                if (u == null) {
                    problems.add("environment variable " + n.get(key).asText() + " (named by 'sinks." + section + "."
                            + key + "') does not hold an http(s) URL");
                }
                return Optional.ofNullable(u);
            });
        }

        private Optional<HttpUrl> url(JsonNode n, String section, String key) {
            Optional<String> v = required(n, section, key, "an http(s) URL");
            return v.flatMap(s -> {
                HttpUrl u = HttpUrl.parse(s);
                if (u == null) {
                    problems.add("'sinks." + section + "." + key + "' must be an http(s) URL; found '" + s + "'");
                }
                return Optional.ofNullable(u);
            });
        }

        private Optional<String> required(JsonNode n, String section, String key, String what) {
            JsonNode v = n.get(key);
            if (v == null || !v.isValueNode() || v.asText().isBlank()) {
                problems.add("'sinks." + section + "." + key + "' is required: " + what);
                return Optional.empty();
            }
            return Optional.of(v.asText().trim());
        }

        private Optional<Path> path(JsonNode n, String key) {
            JsonNode v = n.get(key);
            if (v == null || v.isNull()) {
                return Optional.empty();
            }
            if (!v.isTextual() || v.asText().isBlank()) {
                problems.add("'sinks." + key + "' must be a path");
                return Optional.empty();
            }
            Path p = Path.of(v.asText());
            return Optional.of(p.isAbsolute() || base == null ? p : base.resolve(p));
        }

        private Duration duration(JsonNode n, String key, String path, Duration dflt, boolean zeroAllowed) {
            JsonNode v = n.get(key);
            if (v == null) {
                return dflt;
            }
            try {
                Duration d = ConfigLoader.parseDuration(v.asText());
                if (d.isNegative() || d.isZero() && !zeroAllowed) {
                    problems.add("'" + path + "' must be positive, e.g. 30s");
                    return dflt;
                }
                return d;
            } catch (DateTimeParseException | ArithmeticException e) {
                problems.add("'" + path + "' must be a duration such as 30s, 5m or 1h; found '" + v.asText() + "'");
                return dflt;
            }
        }
    }
}
