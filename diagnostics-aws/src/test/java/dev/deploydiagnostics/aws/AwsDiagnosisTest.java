package dev.deploydiagnostics.aws;

import dev.deploydiagnostics.test.ReportText;
import static org.assertj.core.api.Assertions.assertThat;

import dev.deploydiagnostics.DiagnosticEngine;
import dev.deploydiagnostics.Diagnostics;
import dev.deploydiagnostics.api.Category;
import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.DiagnosticProvider;
import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.Event;
import dev.deploydiagnostics.api.Evidence;
import dev.deploydiagnostics.api.Finding;
import dev.deploydiagnostics.api.LogLine;
import dev.deploydiagnostics.api.MetricSample;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.api.ProviderRun;
import dev.deploydiagnostics.api.ResourceState;
import dev.deploydiagnostics.api.Verdict;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * End to end: the real SDK clients of each provider talk to a local server answering from a scenario's fixtures,
 * and the engine with its built-in catalog turns what they collected into the report a user reads.
 */
class AwsDiagnosisTest {

    record Diagnosis(DiagnosticReport report, AwsTestServer server) {
        Finding root() {
            assertThat(report.verdict()).as("verdict of %s", report.headline()).isEqualTo(Verdict.ROOT_CAUSE_FOUND);
            return report.rootCause().orElseThrow();
        }

        Optional<Finding> finding(String patternId) {
            return report.findings().stream().filter(f -> f.patternId().equals(patternId)).findFirst();
        }
    }

    static Diagnosis analyze(String scenario, DiagnosticRequest request,
                             Function<AwsClientOptions, DiagnosticProvider> provider, DiagnosticProvider... more)
            throws Exception {
        try (AwsTestServer server = AwsTestServer.start(scenario)) {
            Diagnostics.Builder builder = Diagnostics.builder().discovery(false).provider(provider.apply(server.options()));
            for (DiagnosticProvider p : more) {
                builder.provider(p);
            }
            DiagnosticReport report;
            try (DiagnosticEngine engine = builder.build()) {
                report = engine.analyze(request);
            }
            assertThat(server.unmatched()).as("calls without a fixture").isEmpty();
            return new Diagnosis(report, server);
        }
    }

    static Diagnosis ecs(String scenario) throws Exception {
        return analyze(scenario, EcsProviderTest.request(), EcsProvider::new);
    }

    static Diagnosis lambda(String scenario, String function) throws Exception {
        return analyze(scenario, LambdaProviderTest.request(function), LambdaProvider::new);
    }

    static List<Evidence> cited(Finding f, Class<? extends Evidence> type) {
        return f.evidence().stream().filter(type::isInstance).toList();
    }

    @Test
    void diagnosesEcsOomKillAndQuotesTheContainerMemoryInMiB() throws Exception {
        Diagnosis d = ecs("ecs-oom");
        Finding root = d.root();

        assertThat(root.patternId()).isEqualTo("ecs.out-of-memory");
        assertThat(root.category()).isEqualTo(Category.OOM_KILLED);
        // high, as calibrated on texts the catalog had not seen (its surest findings are right there about 85 % of the time)
        assertThat(root.confidence()).isGreaterThanOrEqualTo(0.8);
        assertThat(cited(root, ResourceState.class)).anySatisfy(e -> assertThat(e.text())
                .startsWith("container a1b2c3d4e5f60718293a4b5c6d7e8f90/app: STOPPED")
                .contains("OutOfMemoryError: Container killed due to memory usage").contains("exit 137"));
        assertThat(root.title()).contains("app").contains("512 MiB");
        assertThat(root.facts()).containsEntry("memoryLimit", "512 MiB").containsEntry("container", "app");
        assertThat(root.remedies().get(0).title()).contains("512 MiB");
        assertThat(ReportText.remedyText(root)).contains("'memory' (hard limit)").contains("MemoryUtilization");
        // the stopped task is the symptom: it ranks below the kill that explains it
        assertThat(d.finding("ecs.essential-container-exited")).get().satisfies(f -> {
            assertThat(f.category()).isEqualTo(Category.CRASH_LOOP_APP_ERROR);
            // held at 0.8 x the cause's raw confidence; the calibration keeps the order, not the ratio
            assertThat(f.confidence()).isLessThan(root.confidence());
        });
        assertThat(d.report().platform()).contains(Platform.AWS_ECS);
        assertThat(d.report().headline()).contains("oom-killed");
        assertThat(d.report().gaps()).isEmpty();
    }

    @Test
    void diagnosesEcsImagePullOfAMissingTagAndNamesTheImageField() throws Exception {
        Diagnosis d = ecs("ecs-image-pull");
        Finding root = d.root();

        assertThat(root.patternId()).isEqualTo("ecs.image-pull.not-found");
        assertThat(root.category()).isEqualTo(Category.IMAGE_PULL_FAILURE);
        assertThat(cited(root, ResourceState.class)).isNotEmpty().allSatisfy(e -> assertThat(e.text())
                .contains("CannotPullContainerError").contains("api:1.5.0: not found"));
        assertThat(root.title()).contains("123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1.5.0");
        assertThat(root.facts()).containsEntry("taskDefinition", "api:43");
        assertThat(ReportText.remedyText(root)).contains("Fix 'image' in the container definition")
                .contains("aws ecr describe-images");
        // the circuit breaker's "tasks failed to start" is a summary of the same failure, not a second cause
        assertThat(d.report().findings()).filteredOn(f -> f.category() != Category.IMAGE_PULL_FAILURE)
                .allSatisfy(f -> assertThat(f.confidence()).isLessThan(root.confidence()));
    }

    @Test
    void diagnosesDeniedSecretsFetchAsAnExecutionRolePermission() throws Exception {
        Diagnosis d = ecs("ecs-secrets");
        Finding root = d.root();

        assertThat(root.patternId()).isEqualTo("ecs.resource-init.access-denied");
        assertThat(root.category()).isEqualTo(Category.PERMISSION_DENIED_IAM);
        assertThat(cited(root, ResourceState.class)).anySatisfy(e -> assertThat(e.text())
                .startsWith("task 3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b: STOPPED (ResourceInitializationError")
                .contains("AccessDeniedException"));
        assertThat(ReportText.remedyText(root)).contains("secretsmanager:GetSecretValue").contains("task execution role");
        // ECS appends "check your task network configuration" to every such error; the denial names the cause
        assertThat(d.report().findings()).filteredOn(f -> f.category() == Category.NETWORK_OR_DNS_FAILURE
                        || f.category() == Category.MISSING_CONFIG_OR_SECRET)
                // held at 0.8 x the cause's raw confidence; the calibration keeps the order, not the ratio
                .allSatisfy(f -> assertThat(f.confidence()).isLessThan(root.confidence()));
    }

    @Test
    void diagnosesFailedTargetHealthChecksNotTheSigtermThatStoppedTheTask() throws Exception {
        Diagnosis d = ecs("ecs-target-health");
        Finding root = d.root();

        assertThat(root.patternId()).isEqualTo("ecs.elb-health-check-failed");
        assertThat(root.category()).isEqualTo(Category.HEALTH_CHECK_FAILURE);
        assertThat(cited(root, ResourceState.class)).anySatisfy(e -> assertThat(e.text())
                .isEqualTo("target 10.0.1.23:8080: unhealthy (Target.FailedHealthChecks) - Health checks failed"));
        assertThat(cited(root, Event.class)).anySatisfy(e -> assertThat(e.text())
                .contains("failed ELB health checks in (target-group"));
        assertThat(root.title()).contains("/health");
        assertThat(ReportText.remedyText(root)).contains("path (/health)").contains("healthCheckGracePeriodSeconds")
                .contains("\"containerPort\": 8080");
        // exit 143 is the stop ECS sent after the failed checks: a weak "other", never a crash or an OOM kill
        assertThat(d.report().findings()).noneMatch(f -> f.category() == Category.OOM_KILLED
                || f.category() == Category.CRASH_LOOP_APP_ERROR);
        assertThat(d.finding("generic.exit-143-sigterm")).get().satisfies(f -> {
            assertThat(f.category()).isEqualTo(Category.OTHER);
            assertThat(f.confidence()).isLessThan(0.3);
        });
    }

    @Test
    void diagnosesPlacementFailureForLackOfMemoryOnTheInstances() throws Exception {
        Diagnosis d = ecs("ecs-placement");
        Finding root = d.root();

        assertThat(root.patternId()).isEqualTo("ecs.unable-to-place.insufficient-resources");
        assertThat(root.category()).isEqualTo(Category.INSUFFICIENT_RESOURCES_SCHEDULING);
        assertThat(cited(root, Event.class)).isNotEmpty().allSatisfy(e -> assertThat(e.text())
                .startsWith("ServiceEvent: (service api) was unable to place a task")
                .contains("has insufficient memory available"));
        assertThat(root.title()).endsWith("no container instance has enough memory");
        assertThat(ReportText.remedyText(root)).contains("task definition's cpu/memory").contains("capacity provider");
        assertThat(d.report().findings()).allMatch(f -> f.category() == Category.INSUFFICIENT_RESOURCES_SCHEDULING);
    }

    @Test
    void diagnosesLambdaTimeoutWithTheSecondsItRan() throws Exception {
        Diagnosis d = lambda("lambda-timeout", "checkout");
        Finding root = d.root();

        assertThat(root.patternId()).isEqualTo("lambda.task-timed-out");
        assertThat(root.category()).isEqualTo(Category.LAMBDA_TIMEOUT);
        // high, as calibrated on texts the catalog had not seen (its surest findings are right there about 85 % of the time)
        assertThat(root.confidence()).isGreaterThanOrEqualTo(0.8);
        // the runtime's own line first, then the REPORT line of the same invocation with Status: timeout
        assertThat(cited(root, LogLine.class)).first().satisfies(e -> {
            assertThat(e.text()).endsWith("Task timed out after 3.00 seconds");
            assertThat(((LogLine) e).source()).isEqualTo("/aws/lambda/checkout");
        });
        assertThat(cited(root, LogLine.class)).allSatisfy(e -> assertThat(e.text()).containsAnyOf("Task timed out", "Status: timeout"));
        assertThat(root.title()).contains("3.00 second timeout");
        assertThat(root.remedies().get(0).title()).contains("timed out after 3.00 s");
        assertThat(ReportText.remedyText(root)).contains("raise the function timeout").contains("--timeout");
        assertThat(d.report().platform()).contains(Platform.AWS_LAMBDA);
        // the Errors metric counts the same timed-out invocations; the log already says why
        assertThat(d.report().findings()).extracting(Finding::patternId).doesNotContain("lambda.invocation-errors");
    }

    @Test
    void diagnosesLambdaImportErrorNamingTheModuleAndTheMissingDependency() throws Exception {
        Diagnosis d = lambda("lambda-import-error", "orders-api");
        Finding root = d.root();

        assertThat(root.patternId()).isEqualTo("lambda.import-module-error");
        assertThat(root.category()).isEqualTo(Category.LAMBDA_IMPORT_OR_HANDLER_ERROR);
        assertThat(cited(root, LogLine.class)).anySatisfy(e -> assertThat(e.text())
                .startsWith("[ERROR] Runtime.ImportModuleError: Unable to import module 'app': No module named 'requests'"));
        assertThat(root.title()).contains("module app");
        assertThat(root.facts()).containsEntry("module", "app").containsEntry("missing", "requests");
        assertThat(ReportText.remedyText(root)).contains("handler setting").contains("(requests)")
                .contains("Fix the Handler setting");
        // the traceback the runtime printed is the same failure, ranked below it
        assertThat(d.finding("app.python-traceback")).get()
                .satisfies(f -> assertThat(f.confidence()).isLessThan(root.confidence()));
    }

    @Test
    void reportsThrottledCollectionAsCollectionFailedNotAsAThrottledFunction() throws Exception {
        Diagnosis d = lambda("lambda-throttled", "checkout");
        DiagnosticReport r = d.report();

        // AWS throttled the calls that read the function, not the function: nothing is known about why it failed
        assertThat(r.verdict()).isEqualTo(Verdict.COLLECTION_FAILED);
        assertThat(r.findings()).isEmpty();
        assertThat(r.rootCause()).isEmpty();
        assertThat(r.gaps()).extracting(CollectionGap::kind).containsOnly(CollectionGap.Kind.THROTTLED);
        assertThat(r.gaps()).extracting(CollectionGap::reason).satisfiesExactly(
                g -> assertThat(g).contains("lambda:GetFunction after 3 attempts"),
                g -> assertThat(g).contains("logs:FilterLogEvents after 3 attempts"));
        assertThat(r.headline()).isEqualTo("No evidence could be collected (2 gaps)");
        assertThat(r.summary()).contains("Missing: Lambda function checkout").contains("TooManyRequestsException");
    }

    @Test
    void diagnosesDegradedNodeGroupAsTheVcpuQuota() throws Exception {
        Diagnosis d = analyze("eks-nodegroup-degraded", EksProviderTest.request(), EksProvider::new);
        Finding root = d.root();

        assertThat(root.patternId()).isEqualTo("eks.nodegroup.capacity");
        assertThat(root.category()).isEqualTo(Category.INSUFFICIENT_RESOURCES_SCHEDULING);
        assertThat(cited(root, ResourceState.class)).singleElement().satisfies(e -> assertThat(e.text())
                .startsWith("nodegroup general: DEGRADED - AsgInstanceLaunchFailures")
                .contains("current vCPU limit of 16"));
        assertThat(root.remedies().get(0).title()).contains("raise the vCPU quota");
        assertThat(root.facts()).containsEntry("vcpuLimit", "16");
        assertThat(ReportText.remedyText(root)).contains("vCPU quota than the current 16").contains("--cluster prod-eks");
        // nodes that never launched cannot join: the join failure ranks below the quota
        assertThat(d.finding("eks.nodegroup.node-creation-failure")).get()
                .satisfies(f -> assertThat(f.confidence()).isLessThan(root.confidence()));
        // without a kubernetes provider the workload side is a gap, and the report says so
        assertThat(d.report().gaps()).singleElement().satisfies(g ->
                assertThat(g.kind()).isEqualTo(CollectionGap.Kind.UNSUPPORTED));
    }

    @Test
    void handsTheEksWorkloadToTheKubernetesProviderRegisteredOnTheEngine() throws Exception {
        EksProviderTest.RecordingKubernetesProvider k8s = new EksProviderTest.RecordingKubernetesProvider();
        Diagnosis d = analyze("eks-nodegroup-degraded", EksProviderTest.request(), EksProvider::new, k8s);

        assertThat(d.report().gaps()).isEmpty();
        assertThat(k8s.requests).singleElement().satisfies(EksProviderTest::assertHandedOverWorkload);
        // The Kubernetes provider's run is reported after the EKS run that delegated to it.
        assertThat(d.report().providers()).extracting(ProviderRun::providerId).containsExactly("aws-eks", "kubernetes");
        assertThat(d.report().providers().get(1)).satisfies(run -> {
            assertThat(run.outcome()).isEqualTo(ProviderRun.Outcome.SUCCEEDED);
            assertThat(run.evidenceCount()).isEqualTo(1);
            assertThat(run.statistics()).containsEntry("delegatedBy", "aws-eks");
        });
        assertThat(d.report().timeline()).extracting(e -> e.evidence().text())
                .anyMatch(t -> t.contains("Back-off restarting failed container app"));
        assertThat(d.root().patternId()).isEqualTo("eks.nodegroup.capacity");
    }

    @Test
    void stillDiagnosesEcsOomKillWhenLogsAndMetricsAreDenied() throws Exception {
        Diagnosis d = ecs("ecs-logs-access-denied");
        Finding root = d.root();

        assertThat(root.category()).isEqualTo(Category.OOM_KILLED);
        assertThat(cited(root, ResourceState.class)).anySatisfy(e -> assertThat(e.text())
                .contains("OutOfMemoryError: Container killed due to memory usage"));
        assertThat(root.title()).contains("512 MiB");
        assertThat(d.report().gaps()).extracting(g -> g.permission().orElse(""))
                .containsExactlyInAnyOrder("logs:GetLogEvents", "cloudwatch:GetMetricData");
        assertThat(d.report().gaps()).allSatisfy(g ->
                assertThat(g.kind()).isEqualTo(CollectionGap.Kind.PERMISSION_DENIED));
        assertThat(d.report().summary()).contains("2 parts of the evidence could not be collected");
    }

    @Test
    void reportsLambdaErrorsAsInconclusiveAndNamesTheLogPermissionWhenLogsAreDenied() throws Exception {
        Diagnosis d = lambda("lambda-logs-access-denied", "checkout");
        DiagnosticReport r = d.report();

        // four failed invocations are a failure, but without the log nothing says which kind
        assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(r.rootCause()).isEmpty();
        Finding top = r.topFinding().orElseThrow();
        assertThat(top.patternId()).isEqualTo("lambda.invocation-errors");
        assertThat(top.category()).isEqualTo(Category.OTHER);
        assertThat(top.confidence()).isLessThan(0.5);
        assertThat(cited(top, MetricSample.class)).singleElement()
                .satisfies(e -> assertThat(e.text()).isEqualTo("Errors (Sum) = 4 Count"));
        assertThat(top.title()).contains("checkout");
        assertThat(ReportText.remedyText(top)).contains("logs:FilterLogEvents").contains("/aws/lambda/checkout");
        assertThat(r.gaps()).singleElement().satisfies(g -> {
            assertThat(g.kind()).isEqualTo(CollectionGap.Kind.PERMISSION_DENIED);
            assertThat(g.permission()).contains("logs:FilterLogEvents");
        });
        assertThat(r.summary()).contains("grant logs:FilterLogEvents");
    }

    @Test
    void stillDiagnosesFailedHealthChecksFromServiceEventsWhenTargetHealthIsDenied() throws Exception {
        Diagnosis d = ecs("ecs-elb-access-denied");
        Finding root = d.root();

        assertThat(root.category()).isEqualTo(Category.HEALTH_CHECK_FAILURE);
        assertThat(cited(root, Event.class)).anySatisfy(e -> assertThat(e.text())
                .contains("failed ELB health checks"));
        assertThat(cited(root, ResourceState.class)).noneMatch(e -> ((ResourceState) e).kind().equals("target"));
        assertThat(d.report().gaps()).extracting(g -> g.permission().orElse("")).containsExactly(
                "elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeTargetHealth");
    }
}
