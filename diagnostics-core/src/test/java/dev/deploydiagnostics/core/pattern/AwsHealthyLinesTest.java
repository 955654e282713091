package dev.deploydiagnostics.core.pattern;

import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.EvidenceInput;
import dev.deploydiagnostics.api.Finding;
import dev.deploydiagnostics.api.Platform;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lines that Amazon ECS, AWS Lambda and Amazon EKS write when things go well must not make an ECS, Lambda or EKS
 * pattern confident: steady states, successful pulls and registrations, normal REPORT lines, reconciled load
 * balancers, IAM role settings that name the STS actions they allow.
 */
class AwsHealthyLinesTest extends BuiltInEngineTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            aws-ecs    | service web has reached a steady state.
            aws-ecs    | (service web) has started 2 tasks: (task 4f1c2b8e9d0a4b1c) (task 8a7b6c5d4e3f2a1b).
            aws-ecs    | (service web) registered 2 targets in (target-group arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web-tg/73e2d6bc24d8a067)
            aws-ecs    | (service web) has stopped 1 running tasks: (task 4f1c2b8e9d0a4b1c).
            aws-ecs    | (service web) deployment ecs-svc/4729385710293847561 deployment completed.
            aws-ecs    | Scaling activity initiated by (deployment ecs-svc/4729385710293847561)
            aws-ecs    | Task stopped by user
            aws-ecs    | level=info time=2026-12-07T10:00:01Z msg="Registered container instance with cluster!" module=client.go
            aws-ecs    | level=info time=2026-12-07T10:00:02Z msg="Successfully pulled image" image="111122223333.dkr.ecr.us-east-1.amazonaws.com/shop/web:1.4.2" module=docker_client.go
            aws-ecs    | level=info time=2026-12-07T10:00:02Z msg="ssm secret resource: retrieving secrets for containers in task: [arn:aws:ecs:us-east-1:111122223333:task/prod/4f1c2b8e]" module=ssmsecret.go
            aws-ecs    | "deploymentConfiguration": {"deploymentCircuitBreaker": {"enable": true, "rollback": true}, "maximumPercent": 200, "minimumHealthyPercent": 100}
            aws-ecs    | (service web) (port 8080) is healthy in (target-group arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web-tg/73e2d6bc24d8a067)
            aws-lambda | REPORT RequestId: 6b1d4c2e-1f0a-4b8e-9d7c-2a3b4c5d6e7f	Duration: 12.34 ms	Billed Duration: 13 ms	Memory Size: 128 MB	Max Memory Used: 67 MB	Init Duration: 180.25 ms
            aws-lambda | INIT_REPORT Init Duration: 412.55 ms
            aws-lambda | INIT_REPORT Init Duration: 45000.00 ms	Phase: invoke	Status: success
            aws-lambda | EXTENSION	Name: datadog-agent	State: Ready	Events: [INVOKE, SHUTDOWN]
            aws-lambda | START RequestId: 6b1d4c2e-1f0a-4b8e-9d7c-2a3b4c5d6e7f Version: $LATEST
            aws-lambda | {"time":"2026-12-07T10:00:04.512Z","type":"platform.report","record":{"requestId":"6b1d4c2e-1f0a-4b8e-9d7c-2a3b4c5d6e7f","metrics":{"durationMs":98.5,"billedDurationMs":99,"memorySizeMB":128,"maxMemoryUsedMB":47},"status":"success"}}
            aws-lambda | {"time":"2026-12-07T10:00:00.412Z","type":"platform.initReport","record":{"initializationType":"on-demand","phase":"init","status":"success","metrics":{"durationMs":412.55}}}
            aws-lambda | Successfully updated the function orders-api; LastUpdateStatus: Successful, State: Active
            aws-eks    | Successfully assigned shop/web-7d9f8b6c5-x2x4p to ip-10-0-3-17.ec2.internal
            aws-eks    | {"level":"info","ts":"2026-12-07T10:00:01.123Z","caller":"ipamd/ipamd.go:520","msg":"Successfully increased IP pool, total IPs: 14"}
            aws-eks    | {"level":"debug","ts":"2026-12-07T10:00:01.123Z","caller":"ipamd/ipamd.go:610","msg":"IP pool stats: Total IPs/Prefixes = 28/0, AssignedIPs/CidrPrefixes = 6/0"}
            aws-eks    | Successfully reconciled
            aws-eks    | Successfully provisioned volume pvc-3f2a1b9c-8d7e-4f5a-b3c2-d1e0f9a8b7c6
            aws-eks    | "Action": "sts:AssumeRoleWithWebIdentity", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"}
            aws-eks    | Nodegroup ng-general status ACTIVE, health issues: []
            """)
    void healthyLineMakesNoAwsPatternConfident(String platform, String line) {
        DiagnosticReport report = engine.analyze(DiagnosticRequest.builder().platform(Platform.of(platform))
                .input(EvidenceInput.ofText("pasted.txt", line)).build());
        List<Finding> aws = report.findings().stream()
                .filter(f -> f.patternId().matches("(?:ecs|lambda|eks|aws)\\..*"))
                .toList();
        assertThat(aws).as("findings on: %s", line).allMatch(f -> f.confidence() < 0.3);
    }

    @org.junit.jupiter.api.Test
    void healthyServiceAndTaskDescriptionsMakeNoAwsPatternConfident() {
        String services = """
                {"services": [{"serviceName": "web", "status": "ACTIVE", "desiredCount": 2, "runningCount": 2, "pendingCount": 0,
                  "deployments": [{"id": "ecs-svc/4729385710293847561", "status": "PRIMARY", "rolloutState": "COMPLETED",
                    "rolloutStateReason": "ECS deployment ecs-svc/4729385710293847561 completed.", "failedTasks": 0}],
                  "deploymentConfiguration": {"deploymentCircuitBreaker": {"enable": true, "rollback": true},
                    "maximumPercent": 200, "minimumHealthyPercent": 100},
                  "events": [
                    {"createdAt": "2026-12-07T10:06:00Z", "message": "(service web) has reached a steady state."},
                    {"createdAt": "2026-12-07T10:05:00Z", "message": "(service web) deployment ecs-svc/4729385710293847561 deployment completed."},
                    {"createdAt": "2026-12-07T10:03:00Z", "message": "(service web) registered 2 targets in (target-group arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web-tg/73e2d6bc24d8a067)"},
                    {"createdAt": "2026-12-07T10:02:00Z", "message": "(service web) has started 2 tasks: (task 4f1c2b8e9d0a4b1c) (task 8a7b6c5d4e3f2a1b)."}
                  ]}], "failures": []}
                """;
        String tasks = """
                {"tasks": [{"taskArn": "arn:aws:ecs:us-east-1:111122223333:task/prod/4f1c2b8e9d0a4b1c", "lastStatus": "RUNNING",
                  "desiredStatus": "RUNNING", "healthStatus": "HEALTHY", "launchType": "FARGATE", "capacityProviderName": "FARGATE_SPOT",
                  "containers": [{"name": "web", "lastStatus": "RUNNING", "healthStatus": "HEALTHY", "memory": "1024"}]},
                 {"taskArn": "arn:aws:ecs:us-east-1:111122223333:task/prod/0f9e8d7c6b5a4f3e", "lastStatus": "STOPPED",
                  "desiredStatus": "STOPPED", "stopCode": "ServiceSchedulerInitiated",
                  "stoppedReason": "Scaling activity initiated by (deployment ecs-svc/4729385710293847561)",
                  "containers": [{"name": "web", "lastStatus": "STOPPED", "exitCode": 0}]}], "failures": []}
                """;
        for (String text : List.of(services, tasks)) {
            DiagnosticReport report = engine.analyze(DiagnosticRequest.builder().platform(Platform.of("aws-ecs"))
                    .input(EvidenceInput.ofText("describe.json", text)).build());
            assertThat(report.findings()).as("findings on: %s", text)
                    .filteredOn(f -> f.patternId().matches("(?:ecs|aws)\\..*"))
                    .allMatch(f -> f.confidence() < 0.3);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            startup-timeout      | Waiter ServicesStable failed: Max attempts exceeded
            startup-timeout      | Error: Resource is not in the state servicesStable
            crash-loop-app-error | Waiter ServicesStable failed: Max attempts exceeded\\nservice web is unable to consistently start tasks successfully.
            health-check-failure | Waiter ServicesStable failed: Max attempts exceeded\\nTask failed ELB health checks in (target-group arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web-tg/73e2d6bc24d8a067)
            """)
    void aTimedOutStabilityWaitYieldsToTheCauseItWaitedOn(String category, String text) {
        DiagnosticReport report = engine.analyze(DiagnosticRequest.builder().platform(Platform.of("aws-ecs"))
                .input(EvidenceInput.ofText("deploy.log", text.replace("\\n", "\n"))).build());
        assertThat(report.findings()).as("findings on: %s", text).isNotEmpty();
        assertThat(report.findings().get(0).category().id()).as("root cause of: %s", text).isEqualTo(category);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            aws-lambda | lambda.user-code-syntax-error | 2026-12-07T10:00:01.318Z	6b1d4c2e-1f0a-4b8e-9d7c-2a3b4c5d6e7f	ERROR	Invoke Error 	{"errorType":"SyntaxError","errorMessage":"Unexpected token < in JSON at position 0"}
            aws-lambda | lambda.user-code-syntax-error | SyntaxError: Unexpected end of JSON input
            aws-eks    | eks.nodegroup.access-denied   | An error occurred (AccessDeniedException) when calling the DescribeCluster operation: User: arn:aws:iam::111122223333:user/dev is not authorized to perform: eks:DescribeCluster on resource: arn:aws:eks:us-east-1:111122223333:cluster/prod
            aws-eks    | eks.irsa-assume-role-failed   | level=info msg="assumed role via sts:AssumeRoleWithWebIdentity" role=arn:aws:iam::111122223333:role/app
            """)
    void lineDoesNotReachForTheWrongAwsPattern(String platform, String pattern, String line) {
        DiagnosticReport report = engine.analyze(DiagnosticRequest.builder().platform(Platform.of(platform))
                .input(EvidenceInput.ofText("pasted.txt", line)).build());
        assertThat(report.findings()).as("findings on: %s", line)
                .noneMatch(f -> f.patternId().equals(pattern) && f.confidence() >= 0.3);
    }
}
