package dev.deploydiagnostics.k8s.internal;

import dev.deploydiagnostics.api.ResourceState;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Describes workloads and their ReplicaSets as {@link ResourceState}s, following the evidence model. */
public final class WorkloadStates {

    private WorkloadStates() {
    }

    /**
     * A Deployment's ReplicaSets split into the one the rollout is creating and the older ones, newest first.
     *
     * @param current   the ReplicaSet of the deployment's current revision, if it exists
     * @param old       every other ReplicaSet, highest revision first
     * @param rollback  the ReplicaSet a rollback should go to: the newest old one that still has available
     *                  pods, else the newest old one (what {@code kubectl rollout undo} picks)
     */
    public record Rollout(Optional<ReplicaSet> current, List<ReplicaSet> old, Optional<ReplicaSet> rollback) {
    }

    /** Splits a Deployment's ReplicaSets by revision. */
    public static Rollout rollout(Deployment deployment, List<ReplicaSet> replicaSets) {
        Comparator<ReplicaSet> byRevision = Comparator.comparingLong(rs -> Kube.revision(rs).orElse(-1L));
        List<ReplicaSet> sorted = replicaSets.stream().sorted(byRevision.reversed()).toList();
        Optional<Long> revision = Kube.revision(deployment);
        Optional<ReplicaSet> current = revision
                .flatMap(r -> sorted.stream().filter(rs -> Kube.revision(rs).filter(r::equals).isPresent()).findFirst())
                .or(() -> sorted.stream().findFirst());
        List<ReplicaSet> old = sorted.stream().filter(rs -> current.map(c -> c != rs).orElse(true)).toList();
        Optional<ReplicaSet> rollback = old.stream()
                .filter(rs -> rs.getStatus() != null && Kube.num(rs.getStatus().getAvailableReplicas()) > 0)
                .findFirst()
                .or(() -> old.stream().filter(rs -> Kube.revision(rs).isPresent()).findFirst());
        return new Rollout(current, old, rollback);
    }

    /** The Deployment: status from its conditions, replica counts, revision and rollback revision. */
    public static ResourceState deployment(Deployment d, Rollout rollout) {
        String ns = d.getMetadata().getNamespace();
        String name = d.getMetadata().getName();
        var st = d.getStatus();
        int desired = d.getSpec() == null || d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        List<DeploymentCondition> conditions = st == null ? List.of() : Kube.list(st.getConditions());
        ResourceState.Builder b = ResourceState.builder("deployment", name)
                .source("kubernetes deployment " + ns + "/" + name)
                .attribute("namespace", ns)
                .attribute("replicas.desired", String.valueOf(desired))
                .attribute("replicas.updated", String.valueOf(st == null ? 0 : Kube.num(st.getUpdatedReplicas())))
                .attribute("replicas.ready", String.valueOf(st == null ? 0 : Kube.num(st.getReadyReplicas())))
                .attribute("replicas.available", String.valueOf(st == null ? 0 : Kube.num(st.getAvailableReplicas())))
                .attribute("replicas.unavailable",
                        String.valueOf(st == null ? 0 : Kube.num(st.getUnavailableReplicas())))
                .attribute("selector", Kube.describe(d.getSpec() == null ? null : d.getSpec().getSelector()));
        Kube.revision(d).ifPresent(r -> b.attribute("revision", String.valueOf(r)));
        rollout.current().ifPresent(rs -> b.attribute("replicaset.new", rs.getMetadata().getName()));
        rollout.rollback().ifPresent(rs -> {
            b.attribute("rollback.replicaset", rs.getMetadata().getName());
            Kube.revision(rs).ifPresent(r -> {
                b.attribute("rollback.revision", String.valueOf(r));
                b.attribute("rollback.command", "kubectl rollout undo deployment/" + name + " -n " + ns
                        + " --to-revision=" + r);
            });
            b.attribute("rollback.images", images(rs.getSpec() == null ? null : rs.getSpec().getTemplate()));
        });
        b.attribute("images", images(d.getSpec() == null ? null : d.getSpec().getTemplate()));
        if (d.getSpec() != null && d.getSpec().getProgressDeadlineSeconds() != null) {
            b.attribute("progressDeadlineSeconds", String.valueOf(d.getSpec().getProgressDeadlineSeconds()));
        }
        for (DeploymentCondition c : conditions) {
            b.attribute("condition." + c.getType(), Kube.condition(c.getStatus(), c.getReason(), c.getMessage()));
        }
        Optional<DeploymentCondition> progressing = find(conditions, "Progressing");
        Optional<DeploymentCondition> failure = find(conditions, "ReplicaFailure")
                .filter(c -> "True".equals(c.getStatus()));
        Optional<DeploymentCondition> available = find(conditions, "Available");
        if (progressing.filter(c -> "False".equals(c.getStatus())).isPresent()) {
            DeploymentCondition c = progressing.get();
            b.status("Failed").reason(c.getReason()).message(c.getMessage())
                    .timestamp(Kube.time(c.getLastUpdateTime()).orElse(null));
        } else if (failure.isPresent()) {
            DeploymentCondition c = failure.get();
            b.status("Failed").reason(c.getReason()).message(c.getMessage())
                    .timestamp(Kube.time(c.getLastUpdateTime()).orElse(null));
        } else if (st != null && Kube.num(st.getUpdatedReplicas()) >= desired
                && Kube.num(st.getAvailableReplicas()) >= desired && Kube.num(st.getReplicas()) == desired) {
            DeploymentCondition c = progressing.or(() -> available).orElse(null);
            b.status("Available").reason(c == null ? null : c.getReason()).message(c == null ? null : c.getMessage());
        } else {
            DeploymentCondition c = progressing.orElse(null);
            b.status("Progressing").reason(c == null ? null : c.getReason()).message(c == null ? null : c.getMessage())
                    .timestamp(c == null ? null : Kube.time(c.getLastUpdateTime()).orElse(null));
        }
        return b.build();
    }

    /** One ReplicaSet of a Deployment, marked as the new one or an old one. */
    public static ResourceState replicaSet(ReplicaSet rs, boolean isNew) {
        String ns = rs.getMetadata().getNamespace();
        String name = rs.getMetadata().getName();
        var st = rs.getStatus();
        int desired = rs.getSpec() == null || rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas();
        int ready = st == null ? 0 : Kube.num(st.getReadyReplicas());
        ResourceState.Builder b = ResourceState.builder("replicaset", name)
                .source("kubernetes replicaset " + ns + "/" + name)
                .timestamp(Kube.time(rs.getMetadata().getCreationTimestamp()).orElse(null))
                .attribute("namespace", ns)
                .attribute("rollout", isNew ? "new" : "old")
                .attribute("replicas.desired", String.valueOf(desired))
                .attribute("replicas.ready", String.valueOf(ready))
                .attribute("replicas.available", String.valueOf(st == null ? 0 : Kube.num(st.getAvailableReplicas())))
                .attribute("images", images(rs.getSpec() == null ? null : rs.getSpec().getTemplate()));
        Kube.revision(rs).ifPresent(r -> b.attribute("revision", String.valueOf(r)));
        String cause = Kube.map(rs.getMetadata().getAnnotations()).get("kubernetes.io/change-cause");
        b.attribute("changeCause", cause);
        List<ReplicaSetCondition> conditions = st == null ? List.of() : Kube.list(st.getConditions());
        for (ReplicaSetCondition c : conditions) {
            b.attribute("condition." + c.getType(), Kube.condition(c.getStatus(), c.getReason(), c.getMessage()));
        }
        Optional<ReplicaSetCondition> failure = conditions.stream()
                .filter(c -> "ReplicaFailure".equals(c.getType()) && "True".equals(c.getStatus())).findFirst();
        if (failure.isPresent()) {
            b.status("Failed").reason(failure.get().getReason()).message(failure.get().getMessage());
        } else if (ready >= desired) {
            b.status("Available");
        } else {
            b.status("Progressing");
        }
        return b.build();
    }

    /** A StatefulSet: replica counts and its current and update revisions. */
    public static ResourceState statefulSet(StatefulSet s) {
        String ns = s.getMetadata().getNamespace();
        String name = s.getMetadata().getName();
        var st = s.getStatus();
        int desired = s.getSpec() == null || s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas();
        int ready = st == null ? 0 : Kube.num(st.getReadyReplicas());
        int updated = st == null ? 0 : Kube.num(st.getUpdatedReplicas());
        ResourceState.Builder b = ResourceState.builder("statefulset", name)
                .source("kubernetes statefulset " + ns + "/" + name)
                .attribute("namespace", ns)
                .attribute("replicas.desired", String.valueOf(desired))
                .attribute("replicas.updated", String.valueOf(updated))
                .attribute("replicas.ready", String.valueOf(ready))
                .attribute("replicas.available", String.valueOf(st == null ? 0 : Kube.num(st.getAvailableReplicas())))
                .attribute("selector", Kube.describe(s.getSpec() == null ? null : s.getSpec().getSelector()))
                .attribute("images", images(s.getSpec() == null ? null : s.getSpec().getTemplate()));
        if (st != null) {
            b.attribute("revision", st.getUpdateRevision());
            b.attribute("revision.current", st.getCurrentRevision());
            if (st.getCurrentRevision() != null && !st.getCurrentRevision().equals(st.getUpdateRevision())) {
                b.attribute("rollback.revision", st.getCurrentRevision());
            }
            Kube.list(st.getConditions()).forEach(c -> b.attribute("condition." + c.getType(),
                    Kube.condition(c.getStatus(), c.getReason(), c.getMessage())));
        }
        return b.status(ready >= desired && updated >= desired ? "Available" : "Progressing").build();
    }

    /** A DaemonSet: how many nodes should run it, run it, run the updated pod and are ready. */
    public static ResourceState daemonSet(DaemonSet d) {
        String ns = d.getMetadata().getNamespace();
        String name = d.getMetadata().getName();
        var st = d.getStatus();
        int desired = st == null ? 0 : Kube.num(st.getDesiredNumberScheduled());
        int ready = st == null ? 0 : Kube.num(st.getNumberReady());
        int updated = st == null ? 0 : Kube.num(st.getUpdatedNumberScheduled());
        ResourceState.Builder b = ResourceState.builder("daemonset", name)
                .source("kubernetes daemonset " + ns + "/" + name)
                .attribute("namespace", ns)
                .attribute("replicas.desired", String.valueOf(desired))
                .attribute("replicas.updated", String.valueOf(updated))
                .attribute("replicas.ready", String.valueOf(ready))
                .attribute("replicas.available", String.valueOf(st == null ? 0 : Kube.num(st.getNumberAvailable())))
                .attribute("replicas.misscheduled",
                        String.valueOf(st == null ? 0 : Kube.num(st.getNumberMisscheduled())))
                .attribute("selector", Kube.describe(d.getSpec() == null ? null : d.getSpec().getSelector()))
                .attribute("images", images(d.getSpec() == null ? null : d.getSpec().getTemplate()));
        if (st != null) {
            Kube.list(st.getConditions()).forEach(c -> b.attribute("condition." + c.getType(),
                    Kube.condition(c.getStatus(), c.getReason(), c.getMessage())));
        }
        return b.status(ready >= desired && updated >= desired ? "Available" : "Progressing").build();
    }

    /** A Job: Complete or Failed from its conditions, else Progressing. */
    public static ResourceState job(Job j) {
        String ns = j.getMetadata().getNamespace();
        String name = j.getMetadata().getName();
        var st = j.getStatus();
        ResourceState.Builder b = ResourceState.builder("job", name)
                .source("kubernetes job " + ns + "/" + name)
                .attribute("namespace", ns)
                .attribute("active", String.valueOf(st == null ? 0 : Kube.num(st.getActive())))
                .attribute("succeeded", String.valueOf(st == null ? 0 : Kube.num(st.getSucceeded())))
                .attribute("failed", String.valueOf(st == null ? 0 : Kube.num(st.getFailed())))
                .attribute("images", images(j.getSpec() == null ? null : j.getSpec().getTemplate()));
        if (j.getSpec() != null) {
            if (j.getSpec().getBackoffLimit() != null) {
                b.attribute("backoffLimit", String.valueOf(j.getSpec().getBackoffLimit()));
            }
            if (j.getSpec().getCompletions() != null) {
                b.attribute("completions", String.valueOf(j.getSpec().getCompletions()));
            }
        }
        List<JobCondition> conditions = st == null ? List.of() : Kube.list(st.getConditions());
        conditions.forEach(c -> b.attribute("condition." + c.getType(),
                Kube.condition(c.getStatus(), c.getReason(), c.getMessage())));
        Optional<JobCondition> failed = conditions.stream()
                .filter(c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus())).findFirst();
        Optional<JobCondition> complete = conditions.stream()
                .filter(c -> "Complete".equals(c.getType()) && "True".equals(c.getStatus())).findFirst();
        if (failed.isPresent()) {
            b.status("Failed").reason(failed.get().getReason()).message(failed.get().getMessage())
                    .timestamp(Kube.time(failed.get().getLastTransitionTime()).orElse(null));
        } else if (complete.isPresent()) {
            b.status("Complete").reason(complete.get().getReason())
                    .timestamp(Kube.time(complete.get().getLastTransitionTime()).orElse(null));
        } else {
            b.status("Progressing");
        }
        return b.build();
    }

    private static Optional<DeploymentCondition> find(List<DeploymentCondition> conditions, String type) {
        return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    private static String images(PodTemplateSpec template) {
        if (template == null || template.getSpec() == null) {
            return null;
        }
        String s = Kube.list(template.getSpec().getContainers()).stream().map(Container::getImage)
                .filter(i -> i != null).collect(Collectors.joining(","));
        return s.isEmpty() ? null : s;
    }
}
