package dev.deploydiagnostics.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.Event;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.LogLine;
import dev.deploydiagnostics.api.MetricSample;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.api.ResourceState;
import dev.deploydiagnostics.api.Severity;
import dev.deploydiagnostics.test.TestCollectionContext;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

class EcsProviderTest {
    private static final String TG =
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/api-tg/73e2d6bc24d8a067";

    static DiagnosticRequest request() {
        return DiagnosticRequest.builder().platform(Platform.AWS_ECS).cluster("prod").service("api")
                .region("us-east-1").window(AwsTestServer.WINDOW_START, AwsTestServer.NOW).build();
    }

    record Run(EvidenceBundle bundle, AwsTestServer server) {
        ResourceState state(String kind, String name) {
            return bundle.states().stream().filter(s -> s.kind().equals(kind) && s.name().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + bundle.states()));
        }
    }

    static Run collect(String scenario, TestCollectionContext context) throws Exception {
        try (AwsTestServer server = AwsTestServer.start(scenario);
             EcsProvider provider = new EcsProvider(server.options())) {
            EvidenceBundle bundle = provider.collect(request(), context);
            assertThat(server.unmatched()).as("calls without a fixture").isEmpty();
            return new Run(bundle, server);
        }
    }

    @Test
    void collectsOomKilledContainerWithMemoryLimitLogsAndMetrics() throws Exception {
        Run run = collect("ecs-oom", AwsTestServer.context().withLogLineLimit(3));
        EvidenceBundle b = run.bundle();

        assertThat(b.platforms()).containsExactly(Platform.AWS_ECS);
        assertThat(b.gaps()).isEmpty();
        ResourceState task = run.state("task", "a1b2c3d4e5f60718293a4b5c6d7e8f90");
        assertThat(task.status()).isEqualTo("STOPPED");
        assertThat(task.reason()).contains("Essential container in task exited");
        assertThat(task.attributes()).containsEntry("stopCode", "EssentialContainerExited")
                .containsEntry("taskDefinition", "api:42").containsEntry("group", "service:api")
                .containsEntry("launchType", "FARGATE").containsEntry("desiredStatus", "STOPPED");
        ResourceState container = run.state("container", "a1b2c3d4e5f60718293a4b5c6d7e8f90/app");
        assertThat(container.status()).isEqualTo("STOPPED");
        assertThat(container.reason()).contains("OutOfMemoryError: Container killed due to memory usage");
        assertThat(container.exitCode()).contains(137);
        assertThat(container.memoryLimitBytes()).contains(512L * 1024 * 1024);
        assertThat(container.image()).contains("123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1.4.2");
        assertThat(container.attributes()).containsEntry("task", "a1b2c3d4e5f60718293a4b5c6d7e8f90")
                .containsEntry("container", "app").containsEntry("ports", "8080").containsEntry("limits.memory", "512 MiB")
                .containsEntry("probe.health", "CMD-SHELL curl -f http://localhost:8080/health || exit 1")
                .containsEntry("logDriver", "awslogs").containsEntry("logGroup", "/ecs/api")
                .containsEntry("secrets", "DB_PASSWORD")
                .containsEntry("executionRoleArn", "arn:aws:iam::123456789012:role/ecsTaskExecutionRole")
                .containsEntry("taskRoleArn", "arn:aws:iam::123456789012:role/api-task");
        assertThat(container.text()).contains("exit 137").contains("OutOfMemoryError");
        assertThat(container.severity()).isEqualTo(Severity.ERROR);
        assertThat(run.state("container", "5f1c0a9d8e7b4c3a9f0e1d2c3b4a5968/app").status()).isEqualTo("RUNNING");

        ResourceState service = run.state("service", "api");
        assertThat(service.status()).isEqualTo("IN_PROGRESS");
        assertThat(service.attributes()).containsEntry("desiredCount", "2").containsEntry("runningCount", "1")
                .containsEntry("pendingCount", "0").containsEntry("failedTasks", "2")
                .containsEntry("rolloutState", "IN_PROGRESS").containsEntry("circuitBreaker.rollback", "true");

        // events in the window only, oldest first; "has started" is not a failure
        assertThat(b.events()).extracting(Event::message).containsExactly(
                "(service api) has started 1 tasks: (task a1b2c3d4e5f60718293a4b5c6d7e8f90).",
                "(service api) has started 1 tasks: (task 5f1c0a9d8e7b4c3a9f0e1d2c3b4a5968).");
        assertThat(b.events()).allSatisfy(e -> {
            assertThat(e.reason()).isEqualTo("ServiceEvent");
            assertThat(e.type()).isEqualTo("Normal");
            assertThat(e.involvedObject()).isEqualTo("Service/api");
        });

        // the stopped task's stream holds four lines in the window; the limit of three keeps the newest
        List<LogLine> stopped = b.logs().stream()
                .filter(l -> l.source().equals("/ecs/api/ecs/app/a1b2c3d4e5f60718293a4b5c6d7e8f90")).toList();
        assertThat(stopped).extracting(LogLine::message).containsExactly(
                "INFO  Started ApiApplication in 4.21 seconds",
                "INFO  Loading price catalog into memory (1200000 entries)",
                "WARN  GC overhead: 97% of time spent in GC over the last 10s");
        assertThat(stopped.get(2).severity()).isEqualTo(Severity.WARNING);
        assertThat(stopped.get(2).attributes()).containsEntry("container", "app")
                .containsEntry("logGroup", "/ecs/api");
        assertThat(b.droppedLogLines()).isEqualTo(1);

        assertThat(b.metrics()).hasSize(12);
        assertThat(b.metrics()).filteredOn(m -> m.name().equals("MemoryUtilization")
                        && m.attributes().get("statistic").equals("Maximum"))
                .extracting(MetricSample::value).containsExactly(70.0, 92.5, 100.0);
        assertThat(b.metrics().get(0).attributes()).containsEntry("ClusterName", "prod")
                .containsEntry("ServiceName", "api").containsEntry("period", "60");

        AwsTestServer s = run.server();
        assertThat(s.keys()).containsExactly("ecs.DescribeServices", "ecs.ListTasks", "ecs.DescribeTasks",
                "ecs.ListTasks", "ecs.DescribeTasks", "ecs.DescribeTaskDefinition", "logs.GetLogEvents",
                "logs.GetLogEvents", "monitoring.GetMetricData");
        assertThat(s.calls("ecs.DescribeServices").get(0).field("cluster")).isEqualTo("prod");
        assertThat(s.calls("ecs.DescribeServices").get(0).field("services")).isEqualTo("[\"api\"]");
        assertThat(s.calls("ecs.ListTasks")).extracting(c -> c.field("desiredStatus")).containsExactly("STOPPED", "RUNNING");
        assertThat(s.calls("ecs.ListTasks")).allSatisfy(c -> assertThat(c.field("serviceName")).isEqualTo("api"));
        assertThat(s.calls("ecs.DescribeTaskDefinition").get(0).field("taskDefinition"))
                .isEqualTo("arn:aws:ecs:us-east-1:123456789012:task-definition/api:42");
        AwsTestServer.Call logs = s.calls("logs.GetLogEvents").get(0);
        assertThat(logs.field("logGroupName")).isEqualTo("/ecs/api");
        assertThat(logs.field("logStreamName")).isEqualTo("ecs/app/a1b2c3d4e5f60718293a4b5c6d7e8f90");
        assertThat(logs.field("startFromHead")).isEqualTo("false");
        assertThat(logs.field("limit")).isEqualTo("4");
        assertThat(logs.field("startTime")).isEqualTo(Long.toString(AwsTestServer.WINDOW_START.toEpochMilli()));
        assertThat(logs.field("endTime")).isEqualTo(Long.toString(AwsTestServer.NOW.toEpochMilli()));
        AwsTestServer.Call metrics = s.calls("monitoring.GetMetricData").get(0);
        assertThat(metrics.body().get("MetricDataQueries")).hasSize(4);
        assertThat(metrics.body().get("MetricDataQueries").toString())
                .contains("\"Namespace\":\"AWS/ECS\"", "\"MetricName\":\"CPUUtilization\"",
                        "\"MetricName\":\"MemoryUtilization\"", "\"Stat\":\"Average\"", "\"Stat\":\"Maximum\"",
                        "\"Period\":60", "{\"Name\":\"ClusterName\",\"Value\":\"prod\"}",
                        "{\"Name\":\"ServiceName\",\"Value\":\"api\"}");
        assertThat(metrics.headers().get("authorization")).contains(AwsTestServer.ACCESS_KEY);
    }

    @Test
    void collectsImagePullFailureAndCircuitBreakerRollback() throws Exception {
        Run run = collect("ecs-image-pull", AwsTestServer.context());
        EvidenceBundle b = run.bundle();

        assertThat(b.gaps()).isEmpty();
        ResourceState task = run.state("task", "0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f");
        assertThat(task.reason()).get().asString().startsWith("CannotPullContainerError: pull image manifest has been retried");
        assertThat(task.attributes()).containsEntry("stopCode", "TaskFailedToStart")
                .containsEntry("taskDefinition", "api:43");
        ResourceState container = run.state("container", "0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f/app");
        assertThat(container.reason()).get().asString()
                .contains("CannotPullContainerError")
                .endsWith("123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1.5.0: not found");
        assertThat(container.exitCode()).isEmpty();
        assertThat(container.image()).contains("123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1.5.0");

        ResourceState service = run.state("service", "api");
        assertThat(service.status()).isEqualTo("FAILED");
        assertThat(service.reason()).contains("ECS deployment circuit breaker: tasks failed to start.");
        assertThat(service.attributes()).containsEntry("rolloutState", "FAILED").containsEntry("failedTasks", "3")
                .containsEntry("deployment.taskDefinition", "api:43").containsEntry("rollback", "true")
                .containsEntry("rollback.taskDefinition", "api:41").containsEntry("taskDefinition", "api:41");

        assertThat(b.events()).extracting(Event::type, Event::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple("Normal",
                        "(service api) has started 1 tasks: (task 7e6d5c4b3a2918f7e6d5c4b3a2918f7e)."),
                org.assertj.core.groups.Tuple.tuple("Normal",
                        "(service api) has started 1 tasks: (task 0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f)."),
                org.assertj.core.groups.Tuple.tuple("Warning",
                        "(service api) deployment ecs-svc/9988776655443322110 deployment failed: tasks failed to start."),
                org.assertj.core.groups.Tuple.tuple("Warning",
                        "(service api) rolling back to deployment ecs-svc/1234567890123456789."));

        // the task never started, so it has no log stream to read; no ELB calls without a load balancer
        assertThat(run.server().keys()).doesNotContain("logs.GetLogEvents", "logs.FilterLogEvents")
                .noneMatch(k -> k.startsWith("elbv2."));
        assertThat(run.server().calls("ecs.DescribeTaskDefinition")).extracting(c -> c.field("taskDefinition"))
                .containsExactly("arn:aws:ecs:us-east-1:123456789012:task-definition/api:43",
                        "arn:aws:ecs:us-east-1:123456789012:task-definition/api:41");
    }

    @Test
    void collectsSecretsFetchFailureWithSecretNamesOnly() throws Exception {
        Run run = collect("ecs-secrets", AwsTestServer.context());
        EvidenceBundle b = run.bundle();

        ResourceState task = run.state("task", "3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b");
        assertThat(task.reason()).get().asString()
                .startsWith("ResourceInitializationError: unable to pull secrets or registry auth:")
                .contains("is not authorized to perform: secretsmanager:GetSecretValue");
        assertThat(task.attributes()).containsEntry("stopCode", "TaskFailedToStart")
                .containsEntry("executionRoleArn", "arn:aws:iam::123456789012:role/ecsTaskExecutionRole");
        ResourceState container = run.state("container", "3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b/app");
        assertThat(container.attributes()).containsEntry("secrets", "DB_PASSWORD,STRIPE_API_KEY");
        // where the secrets live is not evidence: no valueFrom reaches any attribute
        assertThat(b.states()).allSatisfy(s -> assertThat(s.attributes().values())
                .noneMatch(v -> v.contains("parameter/prod/stripe-key")));
        assertThat(run.server().keys()).doesNotContain("logs.GetLogEvents");
        assertThat(b.gaps()).isEmpty();
    }

    @Test
    void collectsUnhealthyTargetsAndHealthCheckSettings() throws Exception {
        Run run = collect("ecs-target-health", AwsTestServer.context());
        EvidenceBundle b = run.bundle();

        assertThat(b.gaps()).isEmpty();
        ResourceState task = run.state("task", "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d");
        assertThat(task.reason()).contains("Task failed ELB health checks in (target-group " + TG + ")");
        assertThat(task.attributes()).containsEntry("stopCode", "ServiceSchedulerInitiated");
        assertThat(run.state("container", "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d/app").exitCode()).contains(143);

        ResourceState target = run.state("target", "10.0.1.23:8080");
        assertThat(target.status()).isEqualTo("unhealthy");
        assertThat(target.reason()).contains("Target.FailedHealthChecks");
        assertThat(target.message()).contains("Health checks failed");
        assertThat(target.attributes()).containsEntry("targetGroup", "api-tg").containsEntry("port", "8080")
                .containsEntry("healthCheckPath", "/health").containsEntry("healthCheckPort", "8080")
                .containsEntry("matcher", "200").containsEntry("healthCheckProtocol", "HTTP")
                .containsEntry("unhealthyThresholdCount", "2").containsEntry("targetGroupArn", TG);
        assertThat(target.severity()).isEqualTo(Severity.ERROR);
        assertThat(run.state("target", "10.0.2.41:8080").reason()).contains("Target.DeregistrationInProgress");

        assertThat(b.events()).filteredOn(e -> e.type().equals("Warning")).extracting(Event::message)
                .containsExactly(
                        "(service api) (port 8080) is unhealthy in (target-group " + TG
                                + ") due to (reason Health checks failed).",
                        "(service api) (task 9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d) failed ELB health checks in (target-group "
                                + TG + ")");
        assertThat(b.logs()).extracting(LogLine::message).contains("INFO  Tomcat started on port 8081 (http) with context path '/'");

        AwsTestServer s = run.server();
        assertThat(s.calls("elbv2.DescribeTargetGroups").get(0).form())
                .containsEntry("Action", "DescribeTargetGroups").containsEntry("Version", "2015-12-01")
                .containsEntry("TargetGroupArns.member.1", TG);
        assertThat(s.calls("elbv2.DescribeTargetHealth").get(0).form())
                .containsEntry("Action", "DescribeTargetHealth").containsEntry("TargetGroupArn", TG);
    }

    @Test
    void reportsPlacementFailureEventsAsWarnings() throws Exception {
        Run run = collect("ecs-placement", AwsTestServer.context());
        EvidenceBundle b = run.bundle();

        assertThat(b.gaps()).isEmpty();
        assertThat(b.events()).hasSize(2).allSatisfy(e -> {
            assertThat(e.type()).isEqualTo("Warning");
            assertThat(e.reason()).isEqualTo("ServiceEvent");
            assertThat(e.text()).startsWith("ServiceEvent: (service api) was unable to place a task because no "
                    + "container instance met all of its requirements.");
            assertThat(e.severity()).isEqualTo(Severity.WARNING);
        });
        ResourceState service = run.state("service", "api");
        assertThat(service.attributes()).containsEntry("runningCount", "0").containsEntry("desiredCount", "2")
                .containsEntry("launchType", "EC2").containsEntry("limits.memory", "4096 MiB")
                .containsEntry("limits.cpu", "1024");
        assertThat(b.states()).extracting(ResourceState::kind).containsExactly("service");
        // no tasks listed, so none described
        assertThat(run.server().keys()).containsExactly("ecs.DescribeServices", "ecs.ListTasks", "ecs.ListTasks",
                "ecs.DescribeTaskDefinition", "monitoring.GetMetricData");
    }

    @Test
    void reportsPermissionGapsNamingTheIamActionsForLogsAndMetrics() throws Exception {
        Run run = collect("ecs-logs-access-denied", AwsTestServer.context());
        EvidenceBundle b = run.bundle();

        assertThat(b.gaps()).extracting(CollectionGap::kind, CollectionGap::permission).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(CollectionGap.Kind.PERMISSION_DENIED, Optional.of("logs:GetLogEvents")),
                org.assertj.core.groups.Tuple.tuple(CollectionGap.Kind.PERMISSION_DENIED,
                        Optional.of("cloudwatch:GetMetricData")));
        CollectionGap logs = b.gaps().stream().filter(g -> g.permission().orElse("").equals("logs:GetLogEvents"))
                .findFirst().orElseThrow();
        assertThat(logs.provider()).isEqualTo("aws-ecs");
        assertThat(logs.what()).isEqualTo("log stream /ecs/api/ecs/app/a1b2c3d4e5f60718293a4b5c6d7e8f90");
        assertThat(logs.text()).contains("AccessDeniedException").endsWith("(needs logs:GetLogEvents)");
        // the rest is still collected, and a refusal is not retried
        assertThat(run.state("container", "a1b2c3d4e5f60718293a4b5c6d7e8f90/app").exitCode()).contains(137);
        assertThat(run.server().calls("logs.GetLogEvents")).hasSize(1);
        assertThat(run.server().calls("monitoring.GetMetricData")).hasSize(1);
    }

    @Test
    void reportsPermissionGapsForRefusedTargetHealthCalls() throws Exception {
        Run run = collect("ecs-elb-access-denied", AwsTestServer.context());
        EvidenceBundle b = run.bundle();
        assertThat(b.gaps()).extracting(CollectionGap::kind).containsOnly(CollectionGap.Kind.PERMISSION_DENIED);
        assertThat(b.gaps()).extracting(g -> g.permission().orElseThrow()).containsExactly(
                "elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeTargetHealth");
        assertThat(b.gaps().get(1).what()).isEqualTo("target health of api-tg");
        assertThat(b.gaps().get(1).reason()).contains("AWS answered AccessDenied: User: ");
        assertThat(b.states()).extracting(ResourceState::kind).doesNotContain("target").contains("task", "container");
        assertThat(run.server().calls("elbv2.DescribeTargetHealth")).hasSize(1);
    }

    @Test
    void filtersTheLogGroupWhenContainersHaveNoStreamPrefix() throws Exception {
        Run run = collect("ecs-logs-no-prefix", AwsTestServer.context());
        assertThat(run.bundle().gaps()).isEmpty();
        assertThat(run.bundle().logs()).extracting(LogLine::source, LogLine::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple("/ecs/api/a7c3e9f1b5d24e8a9c0b1d2e3f4a5b6c",
                        "INFO  Loading price catalog into memory (1200000 entries)"),
                org.assertj.core.groups.Tuple.tuple("/ecs/api/a7c3e9f1b5d24e8a9c0b1d2e3f4a5b6c",
                        "WARN  GC overhead: 97% of time spent in GC over the last 10s"));
        assertThat(run.server().keys()).doesNotContain("logs.GetLogEvents");
        AwsTestServer.Call filter = run.server().calls("logs.FilterLogEvents").get(0);
        assertThat(filter.field("logGroupName")).isEqualTo("/ecs/api");
        assertThat(filter.body().has("filterPattern")).isFalse();
        assertThat(filter.field("startTime")).isEqualTo(Long.toString(AwsTestServer.WINDOW_START.toEpochMilli()));
    }

    @Test
    void reportsMissingServiceAsNotFound() throws Exception {
        Run run = collect("ecs-service-missing", AwsTestServer.context());
        assertThat(run.bundle().gaps()).singleElement().satisfies(g -> {
            assertThat(g.kind()).isEqualTo(CollectionGap.Kind.NOT_FOUND);
            assertThat(g.what()).isEqualTo("ECS service api in cluster prod");
            assertThat(g.reason()).contains("MISSING");
        });
        assertThat(run.server().keys()).containsExactly("ecs.DescribeServices");
    }

    @Test
    void makesNoCallAndReportsTimeoutWhenTheDeadlineHasPassed() throws Exception {
        Run run = collect("ecs-oom", AwsTestServer.context().withDeadline(AwsTestServer.NOW.minusSeconds(1)));
        assertThat(run.bundle().gaps()).singleElement().satisfies(g ->
                assertThat(g.kind()).isEqualTo(CollectionGap.Kind.TIMEOUT));
        assertThat(run.server().calls()).isEmpty();
    }

    @Test
    void reportsTimeoutWhenACallOutlivesTheDeadline() throws Exception {
        try (AwsTestServer server = AwsTestServer.start("ecs-service-missing").delay(Duration.ofSeconds(3));
             EcsProvider provider = new EcsProvider(server.options())) {
            long started = System.nanoTime();
            EvidenceBundle b = provider.collect(request(),
                    AwsTestServer.context().withDeadline(AwsTestServer.NOW.plusMillis(400)));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
            assertThat(b.gaps()).singleElement().satisfies(g -> {
                assertThat(g.kind()).isEqualTo(CollectionGap.Kind.TIMEOUT);
                assertThat(g.reason()).contains("ecs:DescribeServices did not finish before the deadline");
            });
        }
    }

    @Test
    void signsWithTheCredentialsTheEmbeddingApplicationRegistered() throws Exception {
        AwsCredentialsProvider registered = StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIDREGISTEREDBYTOOL", "c2VjcmV0LWtleS1mb3ItdGVzdHMtb25seQ"));
        try (AwsTestServer server = AwsTestServer.start("ecs-service-missing");
             EcsProvider provider = new EcsProvider(server.options().toBuilder().credentialsProvider(null).build())) {
            provider.collect(request(), AwsTestServer.context().withComponent(AwsCredentialsProvider.class, registered));
            assertThat(server.calls()).singleElement().satisfies(c ->
                    assertThat(c.headers().get("authorization")).contains("Credential=AKIDREGISTEREDBYTOOL/")
                            .contains("/us-east-1/ecs/aws4_request"));
        }
    }

    @Test
    void supportsOnlyEcsRequestsThatNameAService() {
        EcsProvider provider = new EcsProvider();
        assertThat(provider.supports(request())).isTrue();
        assertThat(provider.supports(request().toBuilder().service(null).build())).isFalse();
        assertThat(provider.supports(request().toBuilder().platform(Platform.AWS_LAMBDA).build())).isFalse();
        assertThat(provider.id()).isEqualTo("aws-ecs");
    }
}
