package dev.deploydiagnostics.core.pattern;

import dev.deploydiagnostics.api.DiagnosticReport;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.EvidenceInput;
import dev.deploydiagnostics.api.Finding;
import dev.deploydiagnostics.api.Platform;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What healthy Kubernetes workloads and deploy tools print must not read as a failure: the healthy forms of the
 * messages the Kubernetes and deploy-tool patterns look for (conditions that are False, successful rollouts,
 * syncs and Helm releases, warnings that only warn).
 */
class KubernetesDeployToolsBenignTest extends BuiltInEngineTest {
    private static final List<String> HEALTHY = List.of(
            "Deployment has minimum availability.",
            "ReplicaSet \"web-7d9f8b6c5\" has successfully progressed.",
            "deployment \"web\" successfully rolled out",
            "Waiting for deployment \"web\" rollout to finish: 1 of 3 updated replicas are available...",
            "Release \"web\" has been upgraded. Happy Helming!\nNAME: web\nLAST DEPLOYED: Mon Dec  7 10:04:00 2026\nNAMESPACE: shop\nSTATUS: deployed\nREVISION: 42",
            "Helm upgrade succeeded for release shop/web with chart web@1.4.2",
            "Helm install succeeded for release shop/web with chart web@1.4.2",
            "Applied revision: main@sha1:4f1c2b7e9d0a3b5c6d7e8f9a0b1c2d3e4f5a6b7c",
            "successfully synced (all tasks run)",
            "Successfully assigned shop/web-7d9f8b6c5-x2x4p to node-2",
            "Successfully pulled image \"registry.example.com/shop/web:1.4.3\" in 2.113s (2.113s including waiting). Image size: 52428800 bytes.",
            "Container image \"registry.example.com/shop/web:1.4.3\" already present on machine",
            "Created container: web",
            "Started container web",
            "Stopping container web",
            "web-7d9f8b6c5-x2x4p   1/1     Running     0          5m12s",
            "db-migrate-x7k2p      0/1     Completed   0          2m",
            "Created pod: web-7d9f8b6c5-x2x4p",
            "Scaled up replica set web-7d9f8b6c5 to 3",
            "pod triggered scale-up: [{eks-ng-1 2->3 (max: 10)}]",
            "New size: 4; reason: cpu resource utilization (percentage of request) above target",
            "Job completed",
            "MemoryPressure   False   Mon, 07 Dec 2026 10:02:11 +0000   Mon, 07 Dec 2026 09:41:52 +0000   KubeletHasSufficientMemory   kubelet has sufficient memory available",
            "DiskPressure     False   Mon, 07 Dec 2026 10:02:11 +0000   Mon, 07 Dec 2026 09:41:52 +0000   KubeletHasNoDiskPressure     kubelet has no disk pressure",
            "PIDPressure      False   Mon, 07 Dec 2026 10:02:11 +0000   Mon, 07 Dec 2026 09:41:52 +0000   KubeletHasSufficientPID      kubelet has sufficient PID available",
            "Ready            True    Mon, 07 Dec 2026 10:02:11 +0000   Mon, 07 Dec 2026 09:41:52 +0000   KubeletReady                 kubelet is posting ready status",
            "NetworkUnavailable   False   Mon, 07 Dec 2026 10:02:11 +0000   Mon, 07 Dec 2026 09:41:52 +0000   RouteCreated   RouteController created a route",
            "Warning: would violate PodSecurity \"restricted:latest\": allowPrivilegeEscalation != false (container \"web\" must set securityContext.allowPrivilegeEscalation=false)",
            "deployment.apps/web configured\nservice/web unchanged\nconfigmap/app-config created",
            "persistentvolumeclaim/data-db-0 created",
            "Successfully provisioned volume pvc-0b8a5c1e-4d2f-4a7b-9e3c-6f1d2a8b7c90",
            "AttachVolume.Attach succeeded for volume \"pvc-0b8a5c1e-4d2f-4a7b-9e3c-6f1d2a8b7c90\"",
            "MountVolume.SetUp succeeded for volume \"config\"",
            "Node node-2 status is now: NodeReady",
            "Node node-2 status is now: NodeHasSufficientMemory",
            "Node node-2 status is now: NodeHasNoDiskPressure",
            "Node node-2 status is now: NodeHasSufficientPID");

    @Test
    void healthyKubernetesAndDeployToolOutputGivesNoConfidentFinding() {
        List<String> loud = new ArrayList<>();
        for (String line : HEALTHY) {
            for (String text : List.of(line, events(line), "$ helm upgrade --install web ./chart --wait\n" + line + "\n")) {
                DiagnosticReport r = engine.analyze(DiagnosticRequest.builder().platform(Platform.KUBERNETES)
                        .input(EvidenceInput.ofText("pasted.txt", text)).build());
                for (Finding f : r.findings()) {
                    if (f.confidence() >= 0.3) {
                        loud.add(f.patternId() + " " + f.confidence() + " <- " + text.replace('\n', ' '));
                    }
                }
            }
        }
        assertThat(loud).as("findings on healthy output").isEmpty();
    }

    private static String events(String message) {
        return "LAST SEEN   TYPE      REASON              OBJECT                          MESSAGE\n"
                + "2m          Normal    Reconciled          pod/web-7d9f8b6c5-x2x4p         " + message.replace('\n', ' ') + "\n";
    }
}
