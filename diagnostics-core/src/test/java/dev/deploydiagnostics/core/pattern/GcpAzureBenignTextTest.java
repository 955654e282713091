package dev.deploydiagnostics.core.pattern;

import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.EvidenceInput;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.api.Verdict;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Healthy output of Cloud Run, Cloud Functions, GKE, Container Instances, Container Apps and AKS must not be
 * reported as a failure: successful deploys, passing probes, normal events and warnings that only inform.
 */
class GcpAzureBenignTextTest extends BuiltInEngineTest {

    static Stream<Arguments> healthyTexts() {
        return Stream.of(
                Arguments.of("gcp-cloud-run", "Deploying container to Cloud Run service [web] in project [shop-prod] region [us-central1]\n"
                        + "OK Deploying... Done.\n  OK Creating Revision...\n  OK Routing traffic...\nDone.\n"
                        + "Service [web] revision [web-00042-kop] has been deployed and is serving 100 percent of traffic.\n"
                        + "Service URL: https://web-abc123-uc.a.run.app\n"),
                Arguments.of("gcp-cloud-run", "Default STARTUP TCP probe succeeded after 1 attempt for container \"worker\" on port 8080."),
                Arguments.of("gcp-cloud-run", "Function execution took 87 ms, finished with status code: 200"),
                Arguments.of("gcp-cloud-run", "Function execution took 12 ms, finished with status: 'ok'"),
                Arguments.of("gcp-cloud-run", "Execution nightly-report-x2k9p has successfully completed, 1/1 tasks were a success."),
                Arguments.of("gcp-cloud-run", "Building Container...done\nCreating Revision...done\nRouting traffic...done\nBuild succeeded in 1m12s"),
                Arguments.of("gcp-gke", "Warning: autopilot-default-resources-mutator:Autopilot updated Deployment shop/web: defaulted unspecified "
                        + "'cpu' resource for containers [web] (see http://g.co/gke/autopilot-defaults).\ndeployment.apps/web created\n"),
                Arguments.of("gcp-gke", "LAST SEEN   TYPE     REASON             OBJECT              MESSAGE\n"
                        + "2m          Normal   TriggeredScaleUp   pod/web-7d9f8b6c5-x2x4p   pod triggered scale-up: "
                        + "[{https://www.googleapis.com/compute/v1/projects/shop-prod/zones/us-central1-a/instanceGroups/gke-prod-pool-1-5d9f-grp 1->2 (max: 5)}]\n"
                        + "1m          Normal   Sync               ingress/web         UrlMap \"k8s2-um-2vr3o74u-shop-web-fgx1jtuq\" created\n"),
                Arguments.of("azure-aci", "{\"events\": [ {\"count\": 1, \"message\": \"pulling image \\\"myregistry.azurecr.io/aci-tutorial-app:v1\\\"\", \"name\": \"Pulling\", \"type\": \"Normal\"},\n"
                        + " {\"count\": 1, \"message\": \"Successfully pulled image \\\"myregistry.azurecr.io/aci-tutorial-app:v1\\\"\", \"name\": \"Pulled\", \"type\": \"Normal\"},\n"
                        + " {\"count\": 1, \"message\": \"Started container with id bf25a6ac73a9\", \"name\": \"Started\", \"type\": \"Normal\"} ], \"restartCount\": 0}"),
                Arguments.of("azure-aci", "PullingImage  Pulling image 'shopacr.azurecr.io/web:1.4.2'\n"
                        + "PulledImage   Successfully pulled image in 2.42s. Image size: 58720256 bytes.\nRevisionReady Revision ready\n"),
                Arguments.of("azure-aci", "Container 'nightly-job' was terminated with exit code '0' and reason 'Completed'"),
                Arguments.of("azure-aks", "LAST SEEN   TYPE     REASON   OBJECT                                   MESSAGE\n"
                        + "32m         Normal   Drain    node/aks-nodepool1-12345678-vmss000000   Draining node: aks-nodepool1-12345678-vmss000000\n"),
                Arguments.of("azure-aks", "{\n  \"name\": \"shop-aks\",\n  \"kubernetesVersion\": \"1.30.5\",\n  \"provisioningState\": \"Succeeded\",\n"
                        + "  \"powerState\": { \"code\": \"Running\" }\n}"),
                Arguments.of("azure-aks", "kubelogin version\ngit hash: v0.1.4/ac2b5a4\nGo version: go1.22.5\nBuild time: 2024-07-22T09:41:23Z"));
    }

    @ParameterizedTest
    @MethodSource("healthyTexts")
    void healthyTextGivesNoRootCause(String platform, String text) {
        DiagnosticReport report = engine.analyze(DiagnosticRequest.builder()
                .input(EvidenceInput.ofText("pasted.txt", text)).platform(Platform.of(platform)).build());

        assertThat(report.verdict()).as("%s: %s -> %s", platform, text,
                report.findings().isEmpty() ? "-" : report.findings().get(0).patternId()).isNotEqualTo(Verdict.ROOT_CAUSE_FOUND);
    }
}
