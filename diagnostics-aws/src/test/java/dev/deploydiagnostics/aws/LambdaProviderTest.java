package dev.deploydiagnostics.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.LogLine;
import dev.deploydiagnostics.api.MetricSample;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.api.ResourceState;
import dev.deploydiagnostics.api.Severity;
import dev.deploydiagnostics.aws.internal.LambdaCollector;
import dev.deploydiagnostics.test.TestCollectionContext;
import org.junit.jupiter.api.Test;

class LambdaProviderTest {

    static DiagnosticRequest request(String function) {
        return DiagnosticRequest.builder().platform(Platform.AWS_LAMBDA).service(function).region("us-east-1")
                .window(AwsTestServer.WINDOW_START, AwsTestServer.NOW).build();
    }

    record Run(EvidenceBundle bundle, AwsTestServer server) {
        ResourceState function() {
            return bundle.states().stream().filter(s -> s.kind().equals("function")).findFirst().orElseThrow();
        }
    }

    static Run collect(String scenario, String function, TestCollectionContext context) throws Exception {
        try (AwsTestServer server = AwsTestServer.start(scenario);
             LambdaProvider provider = new LambdaProvider(server.options())) {
            EvidenceBundle bundle = provider.collect(request(function), context);
            assertThat(server.unmatched()).as("calls without a fixture").isEmpty();
            return new Run(bundle, server);
        }
    }

    @Test
    void collectsTimeoutLineReportLineConfigurationAndMetrics() throws Exception {
        Run run = collect("lambda-timeout", "checkout", AwsTestServer.context());
        EvidenceBundle b = run.bundle();

        assertThat(b.platforms()).containsExactly(Platform.AWS_LAMBDA);
        assertThat(b.gaps()).isEmpty();
        ResourceState fn = run.function();
        assertThat(fn.name()).isEqualTo("checkout");
        assertThat(fn.status()).isEqualTo("Active");
        assertThat(fn.memoryLimitBytes()).contains(128L * 1024 * 1024);
        assertThat(fn.attributes()).containsEntry("runtime", "nodejs20.x").containsEntry("handler", "index.handler")
                .containsEntry("timeout", "3").containsEntry("memorySize", "128")
                .containsEntry("lastUpdateStatus", "Successful").containsEntry("architectures", "arm64")
                .containsEntry("role", "arn:aws:iam::123456789012:role/checkout-lambda");

        assertThat(b.logs()).extracting(LogLine::message).contains(
                "2026-11-25T13:10:03.512Z 6f1d2c3b-4a59-4e8f-9d0c-1b2a3c4d5e6f Task timed out after 3.00 seconds",
                "REPORT RequestId: 6f1d2c3b-4a59-4e8f-9d0c-1b2a3c4d5e6f\tDuration: 3000.00 ms\tBilled Duration: 3000 ms"
                        + "\tMemory Size: 128 MB\tMax Memory Used: 87 MB\tInit Duration: 312.45 ms\tStatus: timeout");
        LogLine timedOut = b.logs().stream().filter(l -> l.message().contains("Task timed out")).findFirst().orElseThrow();
        assertThat(timedOut.source()).isEqualTo("/aws/lambda/checkout");
        assertThat(timedOut.severity()).isEqualTo(Severity.ERROR);
        assertThat(timedOut.timestamp()).contains(java.time.Instant.parse("2026-11-25T13:10:03Z"));
        assertThat(timedOut.attributes()).containsEntry("logGroup", "/aws/lambda/checkout")
                .containsEntry("logStream", "2026/11/25/[$LATEST]0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f")
                .containsEntry("function", "checkout");

        assertThat(b.metrics()).extracting(MetricSample::text).containsExactly("Errors (Sum) = 4 Count",
                "Throttles (Sum) = 0 Count", "Invocations (Sum) = 4 Count", "Duration (Average) = 2950.50 Milliseconds",
                "Duration (Maximum) = 3000 Milliseconds", "ConcurrentExecutions (Maximum) = 2 Count");

        AwsTestServer s = run.server();
        assertThat(s.keys()).containsExactly("lambda.GetFunction", "logs.FilterLogEvents", "monitoring.GetMetricData");
        AwsTestServer.Call get = s.calls("lambda.GetFunction").get(0);
        assertThat(get.method()).isEqualTo("GET");
        assertThat(get.path()).isEqualTo("/2015-03-31/functions/checkout");
        AwsTestServer.Call filter = s.calls("logs.FilterLogEvents").get(0);
        assertThat(filter.field("logGroupName")).isEqualTo("/aws/lambda/checkout");
        assertThat(filter.field("filterPattern")).isEqualTo(LambdaCollector.DEFAULT_FILTER_PATTERN);
        assertThat(filter.field("startTime")).isEqualTo(Long.toString(AwsTestServer.WINDOW_START.toEpochMilli()));
        assertThat(filter.field("endTime")).isEqualTo(Long.toString(AwsTestServer.NOW.toEpochMilli()));
        assertThat(s.calls("monitoring.GetMetricData").get(0).body().get("MetricDataQueries").toString())
                .contains("\"Namespace\":\"AWS/Lambda\"", "{\"Name\":\"FunctionName\",\"Value\":\"checkout\"}",
                        "\"MetricName\":\"Errors\"", "\"MetricName\":\"Throttles\"", "\"MetricName\":\"Duration\"",
                        "\"MetricName\":\"ConcurrentExecutions\"");
    }

    @Test
    void followsLogPagesAndCollectsImportModuleError() throws Exception {
        Run run = collect("lambda-import-error", "orders-api", AwsTestServer.context());
        EvidenceBundle b = run.bundle();

        assertThat(b.gaps()).isEmpty();
        assertThat(run.function().attributes()).containsEntry("runtime", "python3.12").containsEntry("handler", "app.handler");
        assertThat(b.logs()).extracting(LogLine::message).containsExactly(
                "INIT_START Runtime Version: python:3.12.v38\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:0b1c2d3e4f",
                "[ERROR] Runtime.ImportModuleError: Unable to import module 'app': No module named 'requests'\n"
                        + "Traceback (most recent call last):",
                "INIT_REPORT Init Duration: 245.10 ms\tPhase: init\tStatus: error\tError Type: Runtime.ImportModuleError",
                "START RequestId: 0a9b8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d Version: $LATEST",
                "END RequestId: 0a9b8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d",
                "REPORT RequestId: 0a9b8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d\tDuration: 251.33 ms\tBilled Duration: 252 ms"
                        + "\tMemory Size: 256 MB\tMax Memory Used: 38 MB\tStatus: error\tError Type: Runtime.ImportModuleError");
        assertThat(b.logs().get(1).severity()).isEqualTo(Severity.ERROR);

        var filters = run.server().calls("logs.FilterLogEvents");
        assertThat(filters).hasSize(2);
        assertThat(filters.get(0).field("nextToken")).isNull();
        assertThat(filters.get(1).field("nextToken")).isEqualTo("f/38000000000000000000000000000000000000000000000000000002");
    }

    @Test
    void readsEveryLineWhenTheFilterPatternSettingIsEmpty() throws Exception {
        Run run = collect("lambda-timeout", "checkout", AwsTestServer.context().withSetting("filterPattern", ""));
        assertThat(run.server().calls("logs.FilterLogEvents").get(0).body().has("filterPattern")).isFalse();
    }

    @Test
    void reportsPermissionGapNamingFilterLogEvents() throws Exception {
        Run run = collect("lambda-logs-access-denied", "checkout", AwsTestServer.context());
        assertThat(run.bundle().gaps()).singleElement().satisfies(g -> {
            assertThat(g.kind()).isEqualTo(CollectionGap.Kind.PERMISSION_DENIED);
            assertThat(g.permission()).contains("logs:FilterLogEvents");
            assertThat(g.what()).isEqualTo("log events of /aws/lambda/checkout");
            assertThat(g.provider()).isEqualTo("aws-lambda");
        });
        assertThat(run.function().status()).isEqualTo("Active");
        assertThat(run.bundle().metrics()).isNotEmpty();
        assertThat(run.server().calls("logs.FilterLogEvents")).hasSize(1);
    }

    @Test
    void retriesThrottledCallsThenReportsThrottledGaps() throws Exception {
        TestCollectionContext context = AwsTestServer.context();
        Run run = collect("lambda-throttled", "checkout", context);
        assertThat(run.bundle().gaps()).extracting(CollectionGap::kind).containsOnly(CollectionGap.Kind.THROTTLED);
        assertThat(run.bundle().gaps()).extracting(CollectionGap::reason).satisfiesExactly(
                r -> assertThat(r).contains("TooManyRequestsException").contains("lambda:GetFunction after 3 attempts"),
                r -> assertThat(r).contains("ThrottlingException: Rate exceeded")
                        .contains("logs:FilterLogEvents after 3 attempts"));
        // three attempts of each throttled call, as configured; the metrics call went through
        assertThat(run.server().calls("lambda.GetFunction")).hasSize(3);
        assertThat(run.server().calls("logs.FilterLogEvents")).hasSize(3);
        assertThat(run.server().calls("monitoring.GetMetricData")).hasSize(1);
        assertThat(context.statistics()).containsEntry("aws.retries", "4").containsEntry("aws.calls", "3");
    }

    @Test
    void takesLimitsFromTheProviderSettings() throws Exception {
        TestCollectionContext context = AwsTestServer.context().withSetting("maxAttempts", "1");
        Run run = collect("lambda-throttled", "checkout", context);
        assertThat(run.server().calls("lambda.GetFunction")).hasSize(1);
        assertThat(run.server().calls("logs.FilterLogEvents")).hasSize(1);
        assertThat(run.bundle().gaps()).hasSize(2).allSatisfy(g ->
                assertThat(g.kind()).isEqualTo(CollectionGap.Kind.THROTTLED));
    }

    @Test
    void fallsBackToGetFunctionConfigurationWhenGetFunctionIsRefused() throws Exception {
        Run run = collect("lambda-get-function-denied", "checkout", AwsTestServer.context());
        assertThat(run.bundle().gaps()).isEmpty();
        ResourceState fn = run.function();
        assertThat(fn.status()).isEqualTo("Failed");
        assertThat(fn.reason()).contains("KMSKeyAccessDenied");
        assertThat(fn.message()).contains("The function could not be created because the KMS key is disabled.");
        assertThat(fn.attributes()).containsEntry("timeout", "3").containsEntry("runtime", "nodejs20.x");
        assertThat(run.server().keys()).containsExactly("lambda.GetFunction", "lambda.GetFunctionConfiguration",
                "logs.FilterLogEvents", "monitoring.GetMetricData");
        assertThat(run.server().calls("lambda.GetFunctionConfiguration").get(0).path())
                .isEqualTo("/2015-03-31/functions/checkout/configuration");
    }

    @Test
    void reportsOneGapWhenNoCredentialsResolve() throws Exception {
        try (AwsTestServer server = AwsTestServer.start("lambda-timeout");
             LambdaProvider provider = new LambdaProvider(server.options().toBuilder()
                     .credentialsProvider(() -> {
                         throw software.amazon.awssdk.core.exception.SdkClientException.create(
                                 "Unable to load credentials from any of the providers in the chain");
                     }).build())) {
            EvidenceBundle b = provider.collect(request("checkout"), AwsTestServer.context());
            assertThat(b.gaps()).singleElement().satisfies(g -> {
                assertThat(g.kind()).isEqualTo(CollectionGap.Kind.ERROR);
                assertThat(g.reason()).startsWith("no AWS credentials could be resolved (Unable to load credentials");
            });
            assertThat(server.calls()).isEmpty();
        }
    }
}
