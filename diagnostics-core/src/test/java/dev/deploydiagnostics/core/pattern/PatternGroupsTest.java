package dev.deploydiagnostics.core.pattern;

import dev.deploydiagnostics.api.Category;
import dev.deploydiagnostics.api.Event;
import dev.deploydiagnostics.api.Evidence;
import dev.deploydiagnostics.api.Finding;
import dev.deploydiagnostics.api.LogLine;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.api.ResourceState;
import dev.deploydiagnostics.api.Termination;
import dev.deploydiagnostics.core.read.EvidenceReaders;
import dev.deploydiagnostics.core.read.ReadOptions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.deploydiagnostics.core.pattern.Analysis.byId;
import static dev.deploydiagnostics.core.pattern.Analysis.findings;
import static dev.deploydiagnostics.core.pattern.Analysis.remedyText;
import static dev.deploydiagnostics.core.pattern.Analysis.top;
import static org.assertj.core.api.Assertions.assertThat;

/** Small, hand-made evidence per platform group: category, ranking of cause over symptom, and filled-in remedies. */
class PatternGroupsTest {
    private static final Platform K8S = Platform.KUBERNETES;

    static Event warning(String reason, String message) {
        return Event.of("kubernetes", "Warning", reason, message, "Pod/api-7d9", null);
    }

    static ResourceState.Builder container(String status, String reason) {
        return ResourceState.builder("container", "api").status(status).reason(reason)
                .attribute("container", "api").attribute("pod", "api-7d9").attribute("namespace", "shop");
    }

    @Nested
    class Kubernetes {
        @Test
        void oomKillRanksAboveCrashLoopAndQuotesTheMemoryLimit() {
            ResourceState state = container("Waiting", "CrashLoopBackOff").restartCount(6)
                    .memoryLimitBytes(512L * 1024 * 1024).attribute("limits.memory", "512Mi")
                    .lastTermination(Termination.of("OOMKilled", 137)).build();
            List<Finding> found = findings(K8S, state,
                    warning("BackOff", "Back-off restarting failed container api in pod api-7d9"));

            Finding first = found.get(0);
            assertThat(first.patternId()).isEqualTo("k8s.oom-killed");
            assertThat(first.category()).isEqualTo(Category.OOM_KILLED);
            assertThat(first.confidence()).isGreaterThanOrEqualTo(0.9);
            assertThat(first.title()).contains("512Mi").contains("api");
            assertThat(first.remedies().get(0).title()).contains("512Mi");
            assertThat(byId(found, "k8s.crash-loop-back-off")).get()
                    .satisfies(f -> assertThat(f.confidence()).isLessThanOrEqualTo(first.confidence() * 0.8 + 1e-9));
        }

        @Test
        void exit137WithoutMemorySignsIsNotAnOomKill() {
            ResourceState state = container("Terminated", "Error").exitCode(137).build();
            List<Finding> found = findings(K8S, state);

            assertThat(found).noneMatch(f -> f.category() == Category.OOM_KILLED);
            assertThat(found.get(0).patternId()).isEqualTo("generic.exit-137-sigkill");
            assertThat(found.get(0).confidence()).isLessThan(0.5);
        }

        @Test
        void exit143AloneStaysAWeakNormalStop() {
            List<Finding> found = findings(K8S, container("Terminated", "Completed").exitCode(143).build());

            assertThat(found).allMatch(f -> f.confidence() < 0.3);
            assertThat(found.get(0).category()).isEqualTo(Category.OTHER);
        }

        @Test
        void imagePullSubCausesAreThreePatternsWithThreeRemedies() {
            Finding notFound = top(K8S, warning("Failed", "Failed to pull image \"registry.example.com/shop/api:1.2.3\": rpc error:"
                    + " code = NotFound desc = failed to pull and unpack image \"registry.example.com/shop/api:1.2.3\": failed to"
                    + " resolve reference \"registry.example.com/shop/api:1.2.3\": registry.example.com/shop/api:1.2.3: not found"));
            Finding denied = top(K8S, warning("Failed", "Failed to pull image \"ghcr.io/acme/api:2.0\": rpc error: code = Unknown"
                    + " desc = failed to pull and unpack image \"ghcr.io/acme/api:2.0\": failed to resolve reference"
                    + " \"ghcr.io/acme/api:2.0\": failed to authorize: failed to fetch anonymous token: unexpected status: 401 Unauthorized"));
            Finding limited = top(K8S, warning("Failed", "Failed to pull image \"nginx:1.27\": rpc error: code = Unknown desc ="
                    + " toomanyrequests: You have reached your unauthenticated pull rate limit."),
                    container("Waiting", "ImagePullBackOff").build());

            assertThat(List.of(notFound, denied, limited)).extracting(Finding::category).containsOnly(Category.IMAGE_PULL_FAILURE);
            assertThat(List.of(notFound, denied, limited)).extracting(Finding::patternId)
                    .containsExactly("k8s.image-pull.not-found", "k8s.image-pull.unauthorized", "k8s.image-pull.rate-limited");
            assertThat(List.of(notFound, denied, limited)).extracting(f -> f.remedies().get(0).title()).doesNotHaveDuplicates();
            assertThat(notFound.title()).contains("registry.example.com/shop/api:1.2.3");
            assertThat(remedyText(denied)).contains("imagePullSecrets");
        }

        @Test
        void rateLimitRanksAboveTheGenericBackOff() {
            List<Finding> found = findings(K8S, container("Waiting", "ImagePullBackOff").build(),
                    warning("Failed", "Failed to pull image \"nginx:1.27\": 429 Too Many Requests - Server message: toomanyrequests"));

            assertThat(found.get(0).patternId()).isEqualTo("k8s.image-pull.rate-limited");
            assertThat(byId(found, "k8s.image-pull.back-off").orElseThrow().confidence())
                    .isLessThan(found.get(0).confidence());
        }

        @Test
        void aPullThatFailsCertificateValidationIsATlsFailure() {
            Finding f = top(K8S, warning("Failed", "Failed to pull image \"harbor.internal/app:1\": rpc error: code = Unknown desc ="
                    + " failed to do request: Head \"https://harbor.internal/v2/app/manifests/1\": x509: certificate signed by unknown authority"));

            assertThat(f.category()).isEqualTo(Category.CERTIFICATE_OR_TLS_FAILURE);
        }

        @Test
        void failedSchedulingIsSplitByReason() {
            assertThat(top(K8S, warning("FailedScheduling", "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes"
                    + " are available: 3 No preemption victims found for incoming pod.")))
                    .satisfies(f -> {
                        assertThat(f.patternId()).isEqualTo("k8s.failed-scheduling.insufficient-resources");
                        assertThat(f.remedies().get(0).title()).contains("cpu");
                    });
            assertThat(top(K8S, warning("FailedScheduling", "0/3 nodes are available: 3 node(s) had untolerated taint"
                    + " {dedicated: gpu}. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.")).patternId())
                    .isEqualTo("k8s.failed-scheduling.taint");
            assertThat(top(K8S, warning("FailedScheduling", "0/3 nodes are available: 3 node(s) didn't match Pod's node"
                    + " affinity/selector.")).patternId()).isEqualTo("k8s.failed-scheduling.affinity");
            Finding pvc = top(K8S, warning("FailedScheduling", "0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims."));
            assertThat(pvc.patternId()).isEqualTo("k8s.failed-scheduling.unbound-pvc");
            assertThat(pvc.category()).isEqualTo(Category.DISK_OR_VOLUME_FAILURE);
        }

        @Test
        void probeFailuresAreSplitByProbe() {
            assertThat(top(K8S, warning("Unhealthy", "Liveness probe failed: HTTP probe failed with statuscode: 500")))
                    .extracting(Finding::patternId, Finding::category)
                    .containsExactly("k8s.liveness-probe-failed", Category.HEALTH_CHECK_FAILURE);
            assertThat(top(K8S, warning("Unhealthy", "Readiness probe failed: Get \"http://10.0.0.5:8080/ready\": dial tcp"
                    + " 10.0.0.5:8080: connect: connection refused")))
                    .extracting(Finding::patternId, Finding::category)
                    .containsExactly("k8s.readiness-probe-failed", Category.HEALTH_CHECK_FAILURE);
            assertThat(top(K8S, warning("Unhealthy", "Startup probe failed: Get \"http://10.0.0.5:8080/healthz\": context deadline exceeded")))
                    .extracting(Finding::patternId, Finding::category)
                    .containsExactly("k8s.startup-probe-failed", Category.STARTUP_TIMEOUT);
        }

        @Test
        void missingSecretRanksAboveCreateContainerConfigErrorAndNamesTheSecret() {
            ResourceState state = container("Waiting", "CreateContainerConfigError")
                    .message("secret \"db-credentials\" not found").build();
            List<Finding> found = findings(K8S, state);

            assertThat(found.get(0).patternId()).isEqualTo("k8s.missing-secret");
            assertThat(found.get(0).category()).isEqualTo(Category.MISSING_CONFIG_OR_SECRET);
            assertThat(remedyText(found.get(0))).contains("db-credentials").contains("shop");
            assertThat(byId(found, "k8s.create-container-config-error").orElseThrow().confidence())
                    .isLessThanOrEqualTo(found.get(0).confidence() * 0.8 + 1e-9);
        }

        @Test
        void runAsNonRootViolationIsAManifestProblemNotAMissingSecret() {
            List<Finding> found = findings(K8S, container("Waiting", "CreateContainerConfigError")
                    .message("container has runAsNonRoot and image will run as root (pod: \"api-7d9_shop(1)\", container: api)").build());

            assertThat(found.get(0).category()).isEqualTo(Category.INVALID_TASK_OR_MANIFEST);
            assertThat(byId(found, "k8s.create-container-config-error").orElseThrow().confidence())
                    .isLessThan(found.get(0).confidence());
        }

        @Test
        void helmWaitTimeoutIsAStartUpTimeoutUnlessSomethingExplainsIt() {
            LogLine helm = LogLine.of("ci", "Error: UPGRADE FAILED: timed out waiting for the condition");

            assertThat(top(K8S, helm).category()).isEqualTo(Category.STARTUP_TIMEOUT);
            assertThat(top(K8S, helm, warning("FailedScheduling", "0/2 nodes are available: 2 Insufficient memory.")).category())
                    .isEqualTo(Category.INSUFFICIENT_RESOURCES_SCHEDULING);
        }

        @Test
        void missingKeyInASecretIsNamed() {
            Finding f = top(K8S, container("Waiting", "CreateContainerConfigError")
                    .message("couldn't find key password in Secret shop/db-credentials").build());

            assertThat(f.patternId()).isEqualTo("k8s.missing-config-key");
            assertThat(f.title()).contains("password").contains("shop/db-credentials");
        }

        @Test
        void limitRangeRejectionIsAnInvalidManifestNotAPermissionProblem() {
            List<Finding> found = findings(K8S, LogLine.of("kubectl", "Error from server (Forbidden): error when creating"
                    + " \"pod.yaml\": pods \"api\" is forbidden: maximum memory usage per Container is 1Gi, but limit is 2Gi"));

            assertThat(found.get(0).category()).isEqualTo(Category.INVALID_TASK_OR_MANIFEST);
            assertThat(found).noneMatch(f -> f.category() == Category.PERMISSION_DENIED_IAM);
            assertThat(remedyText(found.get(0))).contains("1Gi").contains("2Gi");
        }

        @Test
        void rbacForbiddenNamesTheServiceAccountAndVerb() {
            Finding f = top(K8S, LogLine.of("pod/shop/api/api", "pods is forbidden: User \"system:serviceaccount:shop:default\""
                    + " cannot list resource \"pods\" in API group \"\" at the cluster scope"));

            assertThat(f.category()).isEqualTo(Category.PERMISSION_DENIED_IAM);
            assertThat(remedyText(f)).contains("system:serviceaccount:shop:default").contains("list");
        }

        @Test
        void refusedDependencyRanksAboveTheExitCode() {
            List<Finding> found = findings(K8S, container("Terminated", "Error").exitCode(1).build(),
                    LogLine.of("pod/shop/api/api", "Error: connect ECONNREFUSED 10.0.3.7:5432"),
                    LogLine.of("pod/shop/api/api", "    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)"));

            assertThat(found.get(0).patternId()).isEqualTo("app.connection-refused");
            assertThat(found.get(0).title()).contains("10.0.3.7:5432");
            assertThat(byId(found, "k8s.container-exit-error").orElseThrow().confidence())
                    .isLessThan(found.get(0).confidence());
        }

        @Test
        void evictionsFollowTheResourceThatRanOut() {
            ResourceState disk = ResourceState.builder("pod", "api-7d9").status("Failed").reason("Evicted")
                    .message("The node was low on resource: ephemeral-storage. Container api was using 12Gi, which exceeds its request of 0.").build();
            ResourceState memory = ResourceState.builder("pod", "api-7d9").status("Failed").reason("Evicted")
                    .message("The node was low on resource: memory. Container api was using 1200Mi, which exceeds its request of 512Mi.").build();

            assertThat(top(K8S, disk).category()).isEqualTo(Category.DISK_OR_VOLUME_FAILURE);
            assertThat(top(K8S, memory).category()).isEqualTo(Category.OOM_KILLED);
        }

        @Test
        void initContainerFailureRanksAboveTheBackOff() {
            List<Finding> found = findings(K8S, ResourceState.builder("init-container", "migrate").status("Waiting")
                            .reason("CrashLoopBackOff").attribute("container", "migrate").build(),
                    warning("BackOff", "Back-off restarting failed container migrate in pod api-7d9"));

            assertThat(found.get(0).patternId()).isEqualTo("k8s.init-container-failed");
            assertThat(remedyText(found.get(0))).contains("migrate");
        }
    }

    @Nested
    class Ecs {
        ResourceState task(String stoppedReason) {
            return ResourceState.builder("task", "arn:aws:ecs:us-east-1:123456789012:task/shop/abc").status("STOPPED")
                    .reason(stoppedReason).attribute("stopCode", "TaskFailedToStart")
                    .attribute("taskDefinition", "checkout:7").build();
        }

        @Test
        void resourceInitializationErrorIsSplitByCause() {
            String prefix = "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval"
                    + " failed: unable to retrieve secret from asm: ";
            Finding network = top(Platform.AWS_ECS, task(prefix + "service call has been retried 5 time(s): failed to fetch"
                    + " secret arn:aws:secretsmanager:us-east-1:1:secret:db from secrets manager: RequestCanceled: request context"
                    + " canceled caused by: context deadline exceeded. Please check your task network configuration."));
            Finding denied = top(Platform.AWS_ECS, task(prefix + "service call has been retried 1 time(s): AccessDeniedException:"
                    + " User: arn:aws:sts::1:assumed-role/exec/x is not authorized to perform: secretsmanager:GetSecretValue"));
            Finding missing = top(Platform.AWS_ECS, task(prefix + "service call has been retried 1 time(s): failed to fetch"
                    + " secret arn:aws:secretsmanager:us-east-1:1:secret:db: ResourceNotFoundException: Secrets Manager can't"
                    + " find the specified secret."));

            assertThat(network.category()).isEqualTo(Category.NETWORK_OR_DNS_FAILURE);
            assertThat(denied.category()).isEqualTo(Category.PERMISSION_DENIED_IAM);
            assertThat(denied.patternId()).isEqualTo("ecs.resource-init.access-denied");
            assertThat(missing.category()).isEqualTo(Category.MISSING_CONFIG_OR_SECRET);
            assertThat(missing.patternId()).isEqualTo("ecs.resource-init.secret-not-found");
        }

        @Test
        void containerOomRanksAboveEssentialContainerExitAndQuotesTheLimit() {
            ResourceState c = ResourceState.builder("container", "web").status("STOPPED")
                    .reason("OutOfMemoryError: Container killed due to memory usage").exitCode(137)
                    .memoryLimitBytes(1024L * 1024 * 1024).attribute("container", "web").build();
            ResourceState t = ResourceState.builder("task", "arn:aws:ecs:us-east-1:1:task/shop/abc").status("STOPPED")
                    .reason("Essential container in task exited").attribute("stopCode", "EssentialContainerExited").build();
            List<Finding> found = findings(Platform.AWS_ECS, t, c);

            assertThat(found.get(0).patternId()).isEqualTo("ecs.out-of-memory");
            assertThat(remedyText(found.get(0))).contains("1Gi").contains("web");
            assertThat(byId(found, "ecs.essential-container-exited").orElseThrow().confidence())
                    .isLessThanOrEqualTo(found.get(0).confidence() * 0.8 + 1e-9);
        }

        @Test
        void elbHealthCheckFailureIsAHealthCheckFinding() {
            Event e = Event.of("ecs", "Warning", "ServiceEvent", "(service checkout) (task abc) failed ELB health checks in"
                    + " (target-group arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/web/1)", "service/checkout", null);

            assertThat(top(Platform.AWS_ECS, e).category()).isEqualTo(Category.HEALTH_CHECK_FAILURE);
        }

        @Test
        void ecsPatternsStayOutOfOtherPlatforms() {
            List<Finding> found = findings(K8S, LogLine.of("x", "CannotPullContainerError: pull image manifest has been retried 5 time(s)"));

            assertThat(found).noneMatch(f -> f.patternId().startsWith("ecs."));
        }
    }

    @Nested
    class CloudRun {
        ResourceState revision(String message) {
            return ResourceState.builder("revision", "checkout-00042-abc").status("False").reason("HealthCheckContainerError")
                    .message(message).attribute("port", "9000").build();
        }

        @Test
        void revisionThatDidNotListenQuotesThePort() {
            Finding f = top(Platform.GCP_CLOUD_RUN, revision("The user-provided container failed to start and listen on the port"
                    + " defined provided by the PORT=9000 environment variable. Logs for this revision might contain more information."));

            assertThat(f.patternId()).isEqualTo("cloudrun.container-failed-to-start");
            assertThat(f.category()).isEqualTo(Category.PORT_BINDING_FAILURE);
            assertThat(remedyText(f)).contains("--port 9000");
            assertThat(f.confidence()).as("the message alone is ambiguous").isLessThan(0.7);
        }

        @Test
        void aCrashInTheLogsRanksAboveTheFailedStart() {
            List<Finding> found = findings(Platform.GCP_CLOUD_RUN, revision("The user-provided container failed to start and"
                    + " listen on the port defined provided by the PORT=8080 environment variable."),
                    LogLine.of("run.googleapis.com/stderr", "Traceback (most recent call last):"),
                    LogLine.of("run.googleapis.com/stderr", "ModuleNotFoundError: No module named 'flask'"));

            assertThat(found.get(0).category()).isEqualTo(Category.CRASH_LOOP_APP_ERROR);
            assertThat(remedyText(found.get(0))).contains("flask");
        }

        @Test
        void memoryLimitExceededRanksFirstAndQuotesTheLimit() {
            List<Finding> found = findings(Platform.GCP_CLOUD_RUN, revision("The user-provided container failed to start and"
                    + " listen on the port defined provided by the PORT=8080 environment variable."),
                    LogLine.of("run.googleapis.com/varlog/system", "Memory limit of 512 MiB exceeded with 530 MiB used."
                            + " Consider increasing the memory limit"));

            assertThat(found.get(0).patternId()).isEqualTo("cloudrun.memory-limit-exceeded");
            assertThat(found.get(0).title()).contains("512 MiB").contains("530 MiB");
        }

        @Test
        void permissionOnASecretRanksAboveAMissingSecret() {
            Finding f = top(Platform.GCP_CLOUD_RUN, revision("spec.template.spec.containers[0].env[0].value_from.secret_key_ref.name:"
                    + " Permission denied on secret: projects/123/secrets/db-pass/versions/latest for Revision service account"
                    + " 123-compute@developer.gserviceaccount.com. The service account used must be granted the 'Secret Manager"
                    + " Secret Accessor' role (roles/secretmanager.secretAccessor) at the secret, project or higher level."));

            assertThat(f.patternId()).isEqualTo("cloudrun.secret-permission-denied");
            assertThat(remedyText(f)).contains("123-compute@developer.gserviceaccount.com");
        }
    }

    @Nested
    class Lambda {
        @Test
        void timeoutRanksAboveTheKilledRuntimeAndQuotesTheElapsedTime() {
            ResourceState function = ResourceState.builder("function", "checkout").status("Active")
                    .attribute("timeout", "30").attribute("memorySize", "512").build();
            List<Finding> found = findings(Platform.AWS_LAMBDA, function,
                    LogLine.of("/aws/lambda/checkout", "2024-06-25T19:22:58.186Z 1f2e Task timed out after 30.03 seconds"),
                    LogLine.of("/aws/lambda/checkout", "RequestId: 1f2e Error: Runtime exited with error: signal: killed"));

            assertThat(found.get(0).patternId()).isEqualTo("lambda.task-timed-out");
            assertThat(found.get(0).category()).isEqualTo(Category.LAMBDA_TIMEOUT);
            assertThat(found.get(0).title()).contains("30.03");
            assertThat(found).filteredOn(f -> f.category() == Category.OOM_KILLED)
                    .allMatch(f -> f.confidence() < 0.5);
        }

        @Test
        void failedFunctionStateIsSplitByReasonCode() {
            ResourceState.Builder fn = ResourceState.builder("function", "checkout").status("Failed");

            assertThat(top(Platform.AWS_LAMBDA, fn.reason("SubnetOutOfIPAddresses").build()).category())
                    .isEqualTo(Category.NETWORK_OR_DNS_FAILURE);
            assertThat(top(Platform.AWS_LAMBDA, fn.reason("InsufficientRolePermissions").build()).category())
                    .isEqualTo(Category.PERMISSION_DENIED_IAM);
            assertThat(top(Platform.AWS_LAMBDA, fn.reason("ImageDeleted").build()).category())
                    .isEqualTo(Category.IMAGE_PULL_FAILURE);
        }

        @Test
        void importModuleErrorRanksAboveThePythonImportError() {
            List<Finding> found = findings(Platform.AWS_LAMBDA,
                    LogLine.of("/aws/lambda/checkout", "[ERROR] Runtime.ImportModuleError: Unable to import module 'app': No module named 'requests'"));

            assertThat(found.get(0).category()).isEqualTo(Category.LAMBDA_IMPORT_OR_HANDLER_ERROR);
            assertThat(found.get(0).title()).contains("app");
        }
    }

    @Nested
    class AzureAndManagedKubernetes {
        @Test
        void containerGroupQuotaIsInsufficientCapacity() {
            ResourceState group = ResourceState.builder("container-group", "jobs").status("Failed").reason("Failed")
                    .message("Resource type 'Microsoft.ContainerInstance/containerGroups' container group quota 'StandardCores'"
                            + " exceeded in region 'westeurope'. Limit: '10', Usage: '10' Requested: '2'.").build();
            Finding f = top(Platform.AZURE_ACI, group);

            assertThat(f.category()).isEqualTo(Category.INSUFFICIENT_RESOURCES_SCHEDULING);
            assertThat(remedyText(f)).contains("westeurope");
        }

        @Test
        void eksNodesThatCannotJoinPointAtTheNodeRole() {
            ResourceState ng = ResourceState.builder("nodegroup", "workers").status("DEGRADED")
                    .message("Instances failed to join the kubernetes cluster").attribute("issue.code", "NodeCreationFailure").build();

            assertThat(top(Platform.AWS_EKS, ng).category()).isEqualTo(Category.PERMISSION_DENIED_IAM);
        }

        @Test
        void gkeScaleUpQuotaErrorIsInsufficientCapacity() {
            Event e = Event.of("gke", "Warning", "FailedScaleUp", "Node scale up in zones us-central1-a associated with this pod"
                    + " failed: scale.up.error.quota.exceeded. Pod is at risk of not being scheduled.", "Pod/api-7d9", null);

            Finding f = top(Platform.GCP_GKE, e);
            assertThat(f.patternId()).isEqualTo("gke.scale-up.quota-exceeded");
        }
    }

    @Nested
    class ApplicationLogs {
        @Test
        void dockerInspectOfAnOomKilledContainerQuotesItsLimit() {
            String inspect = "[{\"Id\": \"4f1c2d3e5a6b\", \"Name\": \"/worker\", \"State\": {\"Status\": \"exited\","
                    + " \"Running\": false, \"OOMKilled\": true, \"ExitCode\": 137, \"Error\": \"\","
                    + " \"FinishedAt\": \"2024-07-01T09:20:00Z\"}, \"Config\": {\"Image\": \"acme/worker:2.1\"},"
                    + " \"HostConfig\": {\"Memory\": 268435456}}]";
            Evidence[] evidence = EvidenceReaders.defaults().readText("inspect.json", inspect, ReadOptions.DEFAULTS)
                    .items().toArray(Evidence[]::new);
            Finding f = top(Platform.DOCKER, evidence);

            assertThat(f.patternId()).isEqualTo("docker.oom-killed");
            assertThat(remedyText(f)).contains("256Mi").contains("worker");
        }

        @Test
        void portInUseQuotesThePort() {
            Finding f = top(Platform.DOCKER, LogLine.of("compose", "Error starting userland proxy: listen tcp4 0.0.0.0:8080: bind:"
                    + " address already in use"));

            assertThat(f.category()).isEqualTo(Category.PORT_BINDING_FAILURE);
            assertThat(remedyText(f)).contains("8080");
        }

        @Test
        void runtimeOutOfMemoryErrorsAreOomKills() {
            assertThat(top(K8S, LogLine.of("app", "Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space")).category())
                    .isEqualTo(Category.OOM_KILLED);
            assertThat(top(K8S, LogLine.of("app", "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory")).category())
                    .isEqualTo(Category.OOM_KILLED);
        }

        @Test
        void runtimeStartupErrorsAreApplicationCrashes() {
            assertThat(top(K8S, LogLine.of("app", "panic: runtime error: invalid memory address or nil pointer dereference")).category())
                    .isEqualTo(Category.CRASH_LOOP_APP_ERROR);
            assertThat(top(K8S, LogLine.of("app", "Unhandled exception. System.InvalidOperationException: Unable to resolve service")).category())
                    .isEqualTo(Category.CRASH_LOOP_APP_ERROR);
            assertThat(top(K8S, LogLine.of("app", "/app/config/boot.rb:12:in `require': cannot load such file -- bootsnap/setup (LoadError)")).category())
                    .isEqualTo(Category.CRASH_LOOP_APP_ERROR);
        }

        @Test
        void missingEnvironmentVariableRanksAboveTheCrashItCauses() {
            List<Finding> found = findings(K8S, container("Waiting", "CrashLoopBackOff").restartCount(4).build(),
                    LogLine.of("pod/shop/api/api", "Error: environment variable DATABASE_URL is not set"));

            assertThat(found.get(0).category()).isEqualTo(Category.MISSING_CONFIG_OR_SECRET);
            assertThat(found.get(0).title()).contains("DATABASE_URL");
        }

        @Test
        void aSingleGenericWordStaysWeak() {
            List<Finding> found = findings(K8S, LogLine.of("app", "request failed with exit status 1"));

            assertThat(found).allMatch(f -> f.confidence() < 0.5);
        }
    }
}
