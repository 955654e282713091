package dev.deploydiagnostics.sinks;

import dev.deploydiagnostics.api.InvalidConfigurationException;
import dev.deploydiagnostics.api.ReportSink;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SinksConfigTest {
    private static final Map<String, String> ENV = Map.of(
            "SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/T0/B0/xyz",
            "TEAMS_WEBHOOK_URL", "https://prod.westeurope.logic.azure.com/workflows/abc",
            "PD_ROUTING_KEY", "R0UT1NG",
            "JIRA_EMAIL", "ops@example.com",
            "JIRA_API_TOKEN", "t0k3n",
            "HOOK_SECRET", "s3cr3t");

    private static SinksConfig load(String yaml, Map<String, String> env) {
        return SinksConfig.load("diagnostics.yaml", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)),
                Path.of("/etc/dd"), env);
    }

    @Test
    void readsEverySinkWithSecretsFromTheEnvironment() {
        SinksConfig c = load("""
                providers: { enabled: [offline] }
                sinks:
                  suppressWindow: 45m
                  mute: [k8s.probe.readiness, aws.*]
                  retry: { maxAttempts: 5, initialBackoff: 250ms, maxBackoff: 10s }
                  stateFile: state/sinks.json
                  slack: { webhookUrlEnv: SLACK_WEBHOOK_URL }
                  teams: { webhookUrlEnv: TEAMS_WEBHOOK_URL }
                  pagerduty: { routingKeyEnv: PD_ROUTING_KEY }
                  jira: { baseUrl: "https://example.atlassian.net", project: OPS, emailEnv: JIRA_EMAIL, apiTokenEnv: JIRA_API_TOKEN }
                  webhook: { url: "https://hooks.example.com/deploys", secretEnv: HOOK_SECRET }
                """, ENV);
        assertThat(c.suppressWindow()).isEqualTo(Duration.ofMinutes(45));
        assertThat(c.mute()).containsExactly("k8s.probe.readiness", "aws.*");
        assertThat(c.retry()).isEqualTo(new RetryPolicy(5, Duration.ofMillis(250), Duration.ofSeconds(10), Duration.ofMinutes(2)));
        assertThat(c.stateFile()).contains(Path.of("/etc/dd/state/sinks.json"));
        assertThat(c.slack().orElseThrow().host()).isEqualTo("hooks.slack.com");
        assertThat(c.pagerduty().orElseThrow().routingKey()).isEqualTo("R0UT1NG");
        assertThat(c.pagerduty().orElseThrow().url()).isEqualTo(PagerDutySink.DEFAULT_URL);
        assertThat(c.jira().orElseThrow().issueType()).isEqualTo("Bug");
        assertThat(c.jira().orElseThrow().apiToken()).isEqualTo("t0k3n");
        assertThat(c.webhook().orElseThrow().secret()).isEqualTo("s3cr3t");
        assertThat(c.createSinks(new OkHttpClient(), Clock.systemUTC())).extracting(ReportSink::id)
                .containsExactly("slack", "teams", "pagerduty", "jira", "webhook");
        assertThat(c.toString()).doesNotContain("xyz").doesNotContain("R0UT1NG").doesNotContain("t0k3n").doesNotContain("s3cr3t");
    }

    @Test
    void rejectsSecretsWrittenIntoTheFileAndReportsEveryProblemAtOnce() {
        assertThatThrownBy(() -> load("""
                sinks:
                  slack: { webhookUrl: "https://hooks.slack.com/services/T0/B0/xyz" }
                  pagerduty: { routingKey: R0UT1NG }
                  jira: { baseUrl: "https://example.atlassian.net", project: OPS, email: ops@example.com, apiToken: t0k3n }
                  webhook: { url: "https://hooks.example.com", secret: s3cr3t }
                  suppressWindow: soon
                  colour: blue
                """, ENV))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems()).contains(
                        "'sinks.slack.webhookUrl' would keep a secret in the file; put it in an environment variable and "
                                + "name that variable with 'sinks.slack.webhookUrlEnv'",
                        "'sinks.pagerduty.routingKey' would keep a secret in the file; put it in an environment variable "
                                + "and name that variable with 'sinks.pagerduty.routingKeyEnv'",
                        "'sinks.jira.apiToken' would keep a secret in the file; put it in an environment variable and "
                                + "name that variable with 'sinks.jira.apiTokenEnv'",
                        "'sinks.webhook.secret' would keep a secret in the file; put it in an environment variable and "
                                + "name that variable with 'sinks.webhook.secretEnv'",
                        "'sinks.suppressWindow' must be a duration such as 30s, 5m or 1h; found 'soon'")
                        .anySatisfy(p -> assertThat(p).startsWith("unknown key 'sinks.colour'")));
    }

    @Test
    void namesTheEnvironmentVariableThatIsNotSet() {
        assertThatThrownBy(() -> load("sinks: { slack: { webhookUrlEnv: NOT_SET_ANYWHERE } }", Map.of()))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems()).containsExactly(
                        "environment variable NOT_SET_ANYWHERE (named by 'sinks.slack.webhookUrlEnv') is not set"));
    }

    @Test
    void treatsAPlainUrlForAChatWebhookAsTheSecretItIs() {
        assertThatThrownBy(() -> load("sinks: { teams: { url: \"https://prod.logic.azure.com/workflows/abc\" } }", ENV))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> assertThat(p).contains("'sinks.teams.url' would keep a secret in the file")));
    }

    @Test
    void aFileWithoutASinksSectionConfiguresNone() {
        assertThat(load("providers: { enabled: [offline] }", ENV)).isEqualTo(SinksConfig.NONE);
        assertThat(SinksConfig.NONE.createSinks(new OkHttpClient(), Clock.systemUTC())).isEmpty();
    }

    @Test
    void baseUrlsCanBePointedElsewhere() {
        SinksConfig c = load("sinks: { pagerduty: { routingKeyEnv: PD_ROUTING_KEY, url: \"http://127.0.0.1:9/v2/enqueue\" } }", ENV);
        assertThat(c.pagerduty().orElseThrow().url().toString()).isEqualTo("http://127.0.0.1:9/v2/enqueue");
    }
}
