package dev.deploydiagnostics.core.read;

import dev.deploydiagnostics.api.Event;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.ResourceState;
import dev.deploydiagnostics.api.Severity;
import org.junit.jupiter.api.Test;

import static dev.deploydiagnostics.core.read.Fixtures.event;
import static dev.deploydiagnostics.core.read.Fixtures.read;
import static dev.deploydiagnostics.core.read.Fixtures.state;
import static org.assertj.core.api.Assertions.assertThat;

class KubectlTableReadingTest {

    @Test
    void readsEventsTableRowsWithKindNamesAndRepeatCounts() {
        EvidenceBundle bundle = read("events-table/events.txt");

        assertThat(bundle.events()).extracting(Event::reason).containsExactly("Scheduled", "BackOff",
                "FailedScheduling", "ScalingReplicaSet", "ProvisioningFailed");
        Event scheduling = event(bundle, "FailedScheduling");
        assertThat(scheduling.type()).isEqualTo("Warning");
        assertThat(scheduling.count()).isEqualTo(4);
        assertThat(scheduling.involvedObject()).isEqualTo("Pod/worker-5c8d7b9f4-qz8lm");
        assertThat(scheduling.message()).startsWith("0/3 nodes are available: 3 Insufficient memory.");
        assertThat(event(bundle, "ProvisioningFailed").involvedObject())
                .isEqualTo("PersistentVolumeClaim/data-postgres-0");
        assertThat(event(bundle, "ScalingReplicaSet").involvedObject()).isEqualTo("Deployment/api");
        assertThat(bundle.logs()).isEmpty();
    }

    @Test
    void readsTheEventsTableOfADescribePastedWithoutItsObject() {
        String paste = String.join("\n",
                "Events:",
                "  Type     Reason     Age                  From               Message",
                "  ----     ------     ----                 ----               -------",
                "  Normal   Scheduled  12m                  default-scheduler  Successfully assigned shop/api-7d9 to node-1",
                "  Warning  Unhealthy  10m (x3 over 11m)    kubelet            Liveness probe failed: HTTP probe failed with statuscode: 500",
                "  Warning  BackOff    2m (x41 over 11m)    kubelet            Back-off restarting failed container api in pod api-7d9",
                "",
                "2024-03-01T10:00:00Z INFO started");
        EvidenceBundle bundle = EvidenceReaders.defaults().readText("paste", paste, ReadOptions.DEFAULTS);

        assertThat(bundle.events()).extracting(Event::reason).containsExactly("Scheduled", "Unhealthy", "BackOff");
        Event backOff = event(bundle, "BackOff");
        assertThat(backOff.type()).isEqualTo("Warning");
        assertThat(backOff.count()).isEqualTo(41);
        assertThat(backOff.message()).isEqualTo("Back-off restarting failed container api in pod api-7d9");
        assertThat(backOff.attributes()).containsEntry("age", "2m");
        assertThat(bundle.logs()).extracting(l -> l.message()).containsExactly("Events:", "2024-03-01T10:00:00Z INFO started");
    }

    @Test
    void readsAnUnindentedDescribeEventsTable() {
        String paste = String.join("\n",
                "Type     Reason   Age   From     Message",
                "----     ------   ----  ----     -------",
                "Warning  Failed   30s   kubelet  Error: ImagePullBackOff");
        EvidenceBundle bundle = EvidenceReaders.defaults().readText("paste", paste, ReadOptions.DEFAULTS);

        assertThat(bundle.events()).singleElement().satisfies(e -> {
            assertThat(e.reason()).isEqualTo("Failed");
            assertThat(e.message()).isEqualTo("Error: ImagePullBackOff");
        });
    }

    @Test
    void readsNamespaceColumnOfAllNamespacesEvents() {
        EvidenceBundle bundle = read("events-table/events-all-namespaces.txt");

        Event mount = event(bundle, "FailedMount");
        assertThat(mount.attributes()).containsEntry("namespace", "prod");
        assertThat(mount.message()).isEqualTo(
                "MountVolume.SetUp failed for volume \"creds\" : secret \"postgres-credentials\" not found");
        assertThat(event(bundle, "Pulled").attributes()).containsEntry("namespace", "kube-system");
    }

    @Test
    void readsRowsThatLostTheirAlignmentInAPaste() {
        String pasted = "LAST SEEN   TYPE      REASON    OBJECT                    MESSAGE\n"
                + "2m (x4 over 6m)  Warning  FailedScheduling  pod/worker-5c8d7b9f4-qz8lm  0/3 nodes are available\n";

        EvidenceBundle bundle = Fixtures.readText(pasted);

        Event e = event(bundle, "FailedScheduling");
        assertThat(e.count()).isEqualTo(4);
        assertThat(e.involvedObject()).isEqualTo("Pod/worker-5c8d7b9f4-qz8lm");
        assertThat(e.message()).isEqualTo("0/3 nodes are available");
    }

    @Test
    void readsPodStatusColumnAsReason() {
        EvidenceBundle bundle = read("pods-table/pods.txt");

        ResourceState crash = state(bundle, "pod", "api-7d9f8b6c5-x2x7q");
        assertThat(crash.reason()).contains("CrashLoopBackOff");
        assertThat(crash.restartCount()).isEqualTo(5);
        assertThat(crash.attributes()).containsEntry("ready", "0/1").containsEntry("restarts", "5 (32s ago)");
        assertThat(crash.severity()).isEqualTo(Severity.ERROR);
        assertThat(state(bundle, "pod", "migrate-6f7d8c9b5-abcde").reason()).contains("Init:CrashLoopBackOff");
        assertThat(state(bundle, "pod", "batch-28391-x7k2q").reason()).contains("OOMKilled");
        assertThat(state(bundle, "pod", "web-6b8f9c7d4-mn2p4").status()).isEqualTo("Pending");
        assertThat(state(bundle, "pod", "old-api-5f4e3d2c1-zz9yy").status()).isEqualTo("Failed");
        ResourceState healthy = state(bundle, "pod", "api-6c5b4d8f7-k8s9d");
        assertThat(healthy.reason()).isEmpty();
        assertThat(healthy.severity()).isEqualTo(Severity.INFO);
        assertThat(bundle.states()).hasSize(8);
    }

    @Test
    void readsWidePodTableWithNamespaceAndNode() {
        EvidenceBundle bundle = read("pods-table/pods-wide-all-namespaces.txt");

        ResourceState crash = state(bundle, "pod", "api-7d9f8b6c5-x2x7q");
        assertThat(crash.attributes()).containsEntry("namespace", "prod")
                .containsEntry("node", "ip-10-0-1-23.ec2.internal").containsEntry("ip", "10.0.1.45");
        assertThat(state(bundle, "pod", "worker-5c8d7b9f4-qz8lm").attributes()).doesNotContainKey("node");
    }
}
