package dev.deploydiagnostics.k8s.internal;

import dev.deploydiagnostics.api.ResourceState;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WorkloadStatesTest {

    private static Deployment deployment(String revision) {
        return new DeploymentBuilder().withNewMetadata().withName("api").withNamespace("prod")
                .addToAnnotations(Kube.REVISION, revision).endMetadata().withNewSpec().withReplicas(2).endSpec()
                .withNewStatus().endStatus().build();
    }

    private static ReplicaSet rs(String name, String revision, int available) {
        return new ReplicaSetBuilder().withNewMetadata().withName(name).withNamespace("prod")
                .addToAnnotations(Kube.REVISION, revision).endMetadata().withNewSpec().withReplicas(available)
                .endSpec().withNewStatus().withAvailableReplicas(available).withReadyReplicas(available).endStatus()
                .build();
    }

    @Test
    void rollsBackToTheNewestRevisionThatStillServes() {
        WorkloadStates.Rollout rollout = WorkloadStates.rollout(deployment("7"),
                List.of(rs("a", "5", 0), rs("b", "6", 0), rs("c", "7", 0), rs("d", "4", 2)));

        assertThat(rollout.current()).map(r -> r.getMetadata().getName()).contains("c");
        assertThat(rollout.old()).extracting(r -> r.getMetadata().getName()).containsExactly("b", "a", "d");
        assertThat(rollout.rollback()).map(r -> r.getMetadata().getName()).contains("d");
    }

    @Test
    void rollsBackToThePreviousRevisionWhenNoOldReplicaSetServes() {
        WorkloadStates.Rollout rollout = WorkloadStates.rollout(deployment("3"),
                List.of(rs("a", "1", 0), rs("b", "2", 0), rs("c", "3", 0)));

        assertThat(rollout.rollback()).map(r -> r.getMetadata().getName()).contains("b");
    }

    @Test
    void hasNoRollbackForAFirstRevision() {
        WorkloadStates.Rollout rollout = WorkloadStates.rollout(deployment("1"), List.of(rs("a", "1", 0)));

        assertThat(rollout.rollback()).isEmpty();
        assertThat(WorkloadStates.deployment(deployment("1"), rollout).attributes())
                .doesNotContainKey("rollback.revision");
    }

    @Test
    void reportsAReplicaFailureAsFailed() {
        Deployment d = new DeploymentBuilder(deployment("2")).editStatus().addNewCondition().withType("ReplicaFailure")
                .withStatus("True").withReason("FailedCreate").withMessage("pods \"api-6f7-x\" is forbidden: exceeded"
                        + " quota: compute, requested: requests.cpu=2, used: requests.cpu=15, limited: requests.cpu=16")
                .endCondition().endStatus().build();

        ResourceState state = WorkloadStates.deployment(d, WorkloadStates.rollout(d, List.of()));

        assertThat(state.status()).isEqualTo("Failed");
        assertThat(state.reason()).contains("FailedCreate");
        assertThat(state.text()).contains("exceeded quota: compute");
    }

    @Test
    void reportsAJobThatHitItsBackoffLimit() {
        ResourceState job = WorkloadStates.job(new JobBuilder().withNewMetadata().withName("migrate")
                .withNamespace("prod").endMetadata().withNewSpec().withBackoffLimit(6).endSpec().withNewStatus()
                .withFailed(7).addNewCondition().withType("Failed").withStatus("True").withReason("BackoffLimitExceeded")
                .withMessage("Job has reached the specified backoff limit").endCondition().endStatus().build());

        assertThat(job.status()).isEqualTo("Failed");
        assertThat(job.reason()).contains("BackoffLimitExceeded");
        assertThat(job.attributes()).containsEntry("failed", "7").containsEntry("backoffLimit", "6");
    }

    @Test
    void pointsAStatefulSetRollbackAtItsCurrentRevision() {
        ResourceState sts = WorkloadStates.statefulSet(new StatefulSetBuilder().withNewMetadata().withName("db")
                .withNamespace("prod").endMetadata().withNewSpec().withReplicas(3).endSpec().withNewStatus()
                .withReadyReplicas(2).withUpdatedReplicas(1).withCurrentRevision("db-1a").withUpdateRevision("db-2b")
                .endStatus().build());

        assertThat(sts.status()).isEqualTo("Progressing");
        assertThat(sts.attributes()).containsEntry("revision", "db-2b").containsEntry("rollback.revision", "db-1a");
    }
}
