package dev.deploydiagnostics.core.read;

import dev.deploydiagnostics.DiagnosticEngine;
import dev.deploydiagnostics.Diagnostics;
import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.Event;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.EvidenceInput;
import dev.deploydiagnostics.api.Finding;
import dev.deploydiagnostics.api.LogLine;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.api.ResourceState;
import dev.deploydiagnostics.api.Severity;
import dev.deploydiagnostics.api.Termination;
import dev.deploydiagnostics.core.collect.OfflineProvider;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static dev.deploydiagnostics.core.read.Fixtures.read;
import static dev.deploydiagnostics.core.read.Fixtures.state;
import static org.assertj.core.api.Assertions.assertThat;

class CloudJsonReadingTest {

    @Test
    void readsStoppedEcsTaskAndOomKilledContainer() {
        EvidenceBundle bundle = read("ecs/describe-tasks.json");

        ResourceState task = state(bundle, "task", "0a1b2c3d4e5f47a8b9c0d1e2f3a4b5c6");
        assertThat(task.status()).isEqualTo("STOPPED");
        assertThat(task.reason()).contains("Essential container in task exited");
        assertThat(task.timestamp()).contains(Instant.parse("2024-01-02T15:04:29.401Z"));
        assertThat(task.attributes())
                .containsEntry("stopCode", "EssentialContainerExited")
                .containsEntry("taskDefinition", "api:42")
                .containsEntry("group", "service:api")
                .containsEntry("launchType", "FARGATE")
                .containsEntry("desiredStatus", "STOPPED");
        ResourceState api = state(bundle, "container", "0a1b2c3d4e5f47a8b9c0d1e2f3a4b5c6/api");
        assertThat(api.status()).isEqualTo("STOPPED");
        assertThat(api.reason()).contains("OutOfMemoryError: Container killed due to memory usage");
        assertThat(api.exitCode()).contains(137);
        assertThat(api.memoryLimitBytes()).contains(512L * 1024 * 1024);
        assertThat(api.image()).contains("123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1.4.2");
        assertThat(api.attributes()).containsEntry("task", "0a1b2c3d4e5f47a8b9c0d1e2f3a4b5c6").containsEntry("container", "api");
        ResourceState router = state(bundle, "container", "0a1b2c3d4e5f47a8b9c0d1e2f3a4b5c6/log-router");
        assertThat(router.memoryLimitBytes()).as("falls back to the task's memory").contains(1024L * 1024 * 1024);
        assertThat(bundle.platforms()).containsExactly(Platform.AWS_ECS);
    }

    @Test
    void writesEcsMemoryAsTheEcsProviderDoes() {
        EvidenceBundle bundle = read("ecs/describe-tasks.json");

        assertThat(state(bundle, "task", "0a1b2c3d4e5f47a8b9c0d1e2f3a4b5c6").attributes())
                .containsEntry("limits.memory", "1024 MiB");
        assertThat(state(bundle, "container", "0a1b2c3d4e5f47a8b9c0d1e2f3a4b5c6/api").attributes())
                .containsEntry("limits.memory", "512 MiB").doesNotContainKey("requests.memory");
        ResourceState router = state(bundle, "container", "0a1b2c3d4e5f47a8b9c0d1e2f3a4b5c6/log-router");
        assertThat(router.attributes()).as("a reservation is a soft limit: the hard one is the task's")
                .containsEntry("limits.memory", "1024 MiB").containsEntry("requests.memory", "128 MiB");
    }

    @Test
    void aRemedyQuotesTheOfflineEcsMemoryLimitAsTheEcsProviderWritesIt() {
        DiagnosticReport report;
        try (DiagnosticEngine engine = Diagnostics.builder().discovery(false).provider(new OfflineProvider()).build()) {
            report = engine.analyze(DiagnosticRequest.builder()
                    .input(EvidenceInput.of(Fixtures.path("ecs/describe-tasks.json"))).build());
        }

        Finding root = report.rootCause().orElseThrow();
        assertThat(root.patternId()).isEqualTo("ecs.out-of-memory");
        assertThat(root.facts()).containsEntry("memoryLimit", "512 MiB").containsEntry("container", "api");
        assertThat(root.title()).contains("512 MiB");
        assertThat(root.remedies().get(0).title()).isEqualTo("Raise the memory of api above 512 MiB");
    }

    @Test
    void reportsEcsFailuresAsGaps() {
        EvidenceBundle bundle = read("ecs/describe-tasks.json");

        assertThat(bundle.gaps()).singleElement().satisfies(g -> {
            assertThat(g.kind()).isEqualTo(CollectionGap.Kind.NOT_FOUND);
            assertThat(g.text()).contains("task/prod/ffffffffffffffffffffffffffffffff").contains("MISSING");
        });
    }

    @Test
    void readsEcsServiceRolloutAndClassifiesServiceEvents() {
        EvidenceBundle bundle = read("ecs/describe-services.json");

        ResourceState service = state(bundle, "service", "api");
        assertThat(service.status()).isEqualTo("FAILED");
        assertThat(service.reason()).contains("ECS deployment circuit breaker: tasks failed to start.");
        assertThat(service.attributes())
                .containsEntry("rolloutState", "FAILED")
                .containsEntry("failedTasks", "6")
                .containsEntry("desiredCount", "2")
                .containsEntry("runningCount", "0")
                .containsEntry("pendingCount", "1")
                .containsEntry("taskDefinition", "api:42")
                .containsEntry("previousTaskDefinition", "api:41")
                .containsEntry("circuitBreaker", "enabled,rollback");
        assertThat(bundle.events()).allSatisfy(e -> {
            assertThat(e.reason()).isEqualTo("ServiceEvent");
            assertThat(e.involvedObject()).isEqualTo("Service/api");
        });
        assertThat(bundle.events()).filteredOn(e -> e.type().equals("Warning")).extracting(Event::message)
                .containsExactly("(service api) (task 0a1b2c3d4e5f47a8b9c0d1e2f3a4b5c6) failed container health checks.",
                        "(service api) is unable to consistently start tasks successfully. For more information,"
                                + " see the Troubleshooting section of the Amazon ECS Developer Guide.");
        assertThat(bundle.events()).filteredOn(e -> e.type().equals("Normal")).hasSize(2);
        assertThat(bundle.events().get(0).timestamp()).contains(Instant.parse("2024-01-02T15:04:31.702Z"));
    }

    @Test
    void readsCloudWatchEventsPerStreamSplittingMultiLineMessages() {
        EvidenceBundle bundle = read("cloudwatch/filter-log-events.json");

        String apiStream = "api/api/0a1b2c3d4e5f47a8b9c0d1e2f3a4b5c6";
        assertThat(bundle.logs()).filteredOn(l -> l.attributes().get("logStream").equals(apiStream))
                .extracting(LogLine::message).containsExactly(
                        "2024-01-02 15:00:30,120 INFO  [main] o.s.b.StartupInfoLogger - Starting ApiApplication v1.4.2 using Java 17.0.9",
                        "Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space",
                        "\tat java.base/java.util.Arrays.copyOf(Arrays.java:3537)",
                        "\tat com.acme.api.cache.Warmup.load(Warmup.java:88)");
        LogLine oom = bundle.logs().get(1);
        assertThat(oom.timestamp()).contains(Instant.ofEpochMilli(1704207844001L));
        assertThat(oom.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(oom.source()).endsWith(":" + apiStream);
        assertThat(bundle.logs().get(2).severity()).as("stack frames follow the exception").isEqualTo(Severity.CRITICAL);
        assertThat(bundle.logs()).filteredOn(l -> l.attributes().get("logStream").startsWith("api/log-router")).hasSize(1);
    }

    @Test
    void recognisesLambdaFromItsLogLinesAndParsesTimeout() {
        EvidenceBundle bundle = read("cloudwatch/get-log-events-lambda.json");

        assertThat(bundle.platforms()).contains(Platform.AWS_LAMBDA);
        assertThat(bundle.logs()).filteredOn(l -> l.message().contains("Task timed out after 3.00 seconds"))
                .singleElement().satisfies(l -> {
                    assertThat(l.severity()).isEqualTo(Severity.ERROR);
                    assertThat(l.timestamp()).contains(Instant.ofEpochMilli(1704207903212L));
                });
        assertThat(bundle.logs()).noneMatch(l -> l.message().isBlank());
    }

    @Test
    void readsCloudLoggingEntriesWithTheirSeverity() {
        EvidenceBundle bundle = read("gcp-logging/entries.json");

        assertThat(bundle.logs()).hasSize(2).allSatisfy(l -> assertThat(l.severity()).isEqualTo(Severity.ERROR));
        assertThat(bundle.logs().get(1).message()).startsWith("Default STARTUP TCP probe failed");
        assertThat(bundle.platforms()).contains(Platform.GCP_CLOUD_RUN);
    }

    @Test
    void readsLambdaConfigurationMemoryAndTimeout() {
        EvidenceBundle bundle = read("lambda/get-function-configuration.json");

        ResourceState fn = state(bundle, "function", "orders-sync");
        assertThat(fn.status()).isEqualTo("Active");
        assertThat(fn.memoryLimitBytes()).contains(128L * 1024 * 1024);
        assertThat(fn.attributes()).containsEntry("runtime", "python3.12").containsEntry("handler", "app.handler")
                .containsEntry("timeout", "3").containsEntry("memorySize", "128");
        assertThat(fn.severity()).isEqualTo(Severity.INFO);
        assertThat(bundle.platforms()).containsExactly(Platform.AWS_LAMBDA);
    }

    @Test
    void readsFailedLambdaUpdateFromGetFunction() {
        EvidenceBundle bundle = read("lambda/get-function-failed-update.json");

        ResourceState fn = state(bundle, "function", "thumbnailer");
        assertThat(fn.reason()).contains("ImageNotFound");
        assertThat(fn.message().orElseThrow()).contains("is not supported");
        assertThat(fn.image()).contains("123456789012.dkr.ecr.us-east-1.amazonaws.com/thumbnailer:2.0.0");
        assertThat(fn.severity()).isEqualTo(Severity.ERROR);
    }

    @Test
    void readsCloudRunRevisionReadyConditionPortAndMemory() {
        EvidenceBundle bundle = read("cloud-run/revision.json");

        ResourceState rev = state(bundle, "revision", "checkout-00042-xoz");
        assertThat(rev.status()).isEqualTo("False");
        assertThat(rev.reason()).contains("HealthCheckContainerError");
        assertThat(rev.message().orElseThrow()).contains("failed to start and listen on the port").doesNotContain("\n");
        assertThat(rev.memoryLimitBytes()).contains(512L * 1024 * 1024);
        assertThat(rev.attributes()).containsEntry("port", "8080").containsEntry("limits.memory", "512Mi")
                .containsEntry("service", "checkout").containsEntry("probe.startup", "tcp-socket :8080");
        assertThat(rev.image()).contains("us-central1-docker.pkg.dev/acme-prod/apps/checkout:2.7.0");
        assertThat(rev.severity()).isEqualTo(Severity.ERROR);
        assertThat(bundle.platforms()).containsExactly(Platform.GCP_CLOUD_RUN);
    }

    @Test
    void readsAzureContainerGroupStatesAndInstanceViewEvents() {
        EvidenceBundle bundle = read("aci/container-show.json");

        ResourceState group = state(bundle, "container-group", "billing");
        assertThat(group.status()).isEqualTo("Running");
        assertThat(group.attributes()).containsEntry("restartPolicy", "Always").containsEntry("osType", "Linux");
        ResourceState billing = state(bundle, "container", "billing/billing");
        assertThat(billing.status()).isEqualTo("Waiting");
        assertThat(billing.reason().orElseThrow()).startsWith("CrashLoopBackOff");
        assertThat(billing.restartCount()).isEqualTo(4);
        assertThat(billing.lastTermination().flatMap(Termination::exitCode)).contains(139);
        assertThat(billing.memoryLimitBytes()).contains(1536L * 1024 * 1024);
        Event backOff = Fixtures.event(bundle, "BackOff");
        assertThat(backOff.count()).isEqualTo(6);
        assertThat(backOff.type()).isEqualTo("Warning");
        assertThat(backOff.firstTimestamp()).contains(Instant.parse("2024-01-02T15:01:10Z"));
        assertThat(bundle.platforms()).containsExactly(Platform.AZURE_ACI);
    }

    @Test
    void readsArmShapedContainerGroupWithProperties() {
        String arm = "{\"name\":\"g\",\"type\":\"Microsoft.ContainerInstance/containerGroups\",\"properties\":{"
                + "\"osType\":\"Linux\",\"restartPolicy\":\"Never\",\"instanceView\":{\"state\":\"Failed\"},"
                + "\"containers\":[{\"name\":\"c\",\"properties\":{\"image\":\"nginx\",\"instanceView\":{"
                + "\"restartCount\":0,\"currentState\":{\"state\":\"Terminated\",\"exitCode\":1,\"detailStatus\":\"Error\"}}}}]}}";

        EvidenceBundle bundle = Fixtures.readText(arm);

        assertThat(state(bundle, "container-group", "g").status()).isEqualTo("Failed");
        ResourceState c = state(bundle, "container", "g/c");
        assertThat(c.exitCode()).contains(1);
        assertThat(c.reason()).contains("Error");
    }

    @Test
    void readsLoadBalancerTargetHealth() {
        EvidenceBundle bundle = read("elbv2/describe-target-health.json");

        ResourceState bad = state(bundle, "target", "10.0.12.34:8080");
        assertThat(bad.status()).isEqualTo("unhealthy");
        assertThat(bad.reason()).contains("Target.ResponseCodeMismatch");
        assertThat(bad.message()).contains("Health checks failed with these codes: [404]");
        assertThat(bad.attributes()).containsEntry("port", "8080").containsEntry("healthCheckPort", "8080");
        assertThat(bad.severity()).isEqualTo(Severity.ERROR);
        assertThat(state(bundle, "target", "10.0.13.7:8080").severity()).isEqualTo(Severity.INFO);
    }

    @Test
    void readsDockerInspectOomKillInKubernetesWords() {
        EvidenceBundle bundle = read("docker/inspect.json");

        ResourceState api = state(bundle, "container", "api");
        assertThat(api.status()).isEqualTo("exited");
        assertThat(api.reason()).contains("OOMKilled");
        assertThat(api.exitCode()).contains(137);
        assertThat(api.restartCount()).isEqualTo(3);
        assertThat(api.memoryLimitBytes()).contains(256L << 20);
        assertThat(api.image()).contains("ghcr.io/acme/api:1.4.2");
        assertThat(api.timestamp()).contains(Instant.parse("2024-01-02T15:04:05.223456789Z"));
        assertThat(api.attributes()).containsEntry("ports", "8080").containsEntry("restartPolicy", "on-failure");
        assertThat(bundle.platforms()).containsExactly(Platform.DOCKER);
    }
}
