package dev.deploydiagnostics.k8s.internal;

import dev.deploydiagnostics.api.ResourceState;
import dev.deploydiagnostics.api.Termination;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Describes pods and their containers as {@link ResourceState}s, following the evidence model. */
public final class PodStates {

    private PodStates() {
    }

    /**
     * The pod's state followed by one state per init container and container.
     *
     * @param extra attributes to add to every state, e.g. the ReplicaSet and revision the pod belongs to
     */
    public static List<ResourceState> describe(Pod pod, Map<String, String> extra) {
        List<ResourceState> states = new ArrayList<>();
        states.add(pod(pod, extra));
        Map<String, ContainerStatus> init = byName(pod.getStatus() == null ? null
                : pod.getStatus().getInitContainerStatuses());
        Map<String, ContainerStatus> main = byName(pod.getStatus() == null ? null
                : pod.getStatus().getContainerStatuses());
        for (Container c : Kube.list(pod.getSpec() == null ? null : pod.getSpec().getInitContainers())) {
            states.add(container("init-container", pod, c, Optional.ofNullable(init.get(c.getName())), extra));
        }
        for (Container c : Kube.list(pod.getSpec() == null ? null : pod.getSpec().getContainers())) {
            states.add(container("container", pod, c, Optional.ofNullable(main.get(c.getName())), extra));
        }
        return states;
    }

    /** The pod itself: phase, reason, message and every condition that is not true. */
    static ResourceState pod(Pod pod, Map<String, String> extra) {
        String ns = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        var status = pod.getStatus();
        ResourceState.Builder b = ResourceState.builder("pod", name)
                .source(source(ns, name))
                .status(status == null || status.getPhase() == null ? "Unknown" : status.getPhase())
                .attribute("namespace", ns)
                .attributes(extra);
        if (status != null) {
            b.reason(status.getReason()).message(status.getMessage())
                    .timestamp(Kube.time(status.getStartTime())
                            .or(() -> Kube.time(pod.getMetadata().getCreationTimestamp())).orElse(null))
                    .attribute("qosClass", status.getQosClass())
                    .attribute("nominatedNode", blankToNull(status.getNominatedNodeName()));
            for (PodCondition c : Kube.list(status.getConditions())) {
                if (!"True".equals(c.getStatus())) {
                    b.attribute("condition." + c.getType(), Kube.condition(c.getStatus(), c.getReason(),
                            c.getMessage()));
                }
            }
            int restarts = Kube.list(status.getContainerStatuses()).stream()
                    .mapToInt(s -> Kube.num(s.getRestartCount())).sum()
                    + Kube.list(status.getInitContainerStatuses()).stream()
                    .mapToInt(s -> Kube.num(s.getRestartCount())).sum();
            b.restartCount(restarts);
        }
        if (pod.getSpec() != null) {
            b.attribute("node", blankToNull(pod.getSpec().getNodeName()));
        }
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            b.attribute("terminating", "true");
        }
        return b.build();
    }

    /** One container or init container, from its spec and (if the kubelet reported one) its status. */
    static ResourceState container(String kind, Pod pod, Container spec, Optional<ContainerStatus> status,
                                   Map<String, String> extra) {
        String ns = pod.getMetadata().getNamespace();
        String podName = pod.getMetadata().getName();
        ResourceState.Builder b = ResourceState.builder(kind, podName + "/" + spec.getName())
                .source(source(ns, podName) + " " + kind + " " + spec.getName())
                .image(spec.getImage())
                .attribute("pod", podName)
                .attribute("namespace", ns)
                .attribute("container", spec.getName())
                .attributes(extra);
        if (pod.getSpec() != null) {
            b.attribute("node", blankToNull(pod.getSpec().getNodeName()));
        }
        resources(b, spec);
        String ports = Kube.list(spec.getPorts()).stream().map(ContainerPort::getContainerPort)
                .filter(p -> p != null).map(String::valueOf).collect(Collectors.joining(","));
        b.attribute("ports", ports.isEmpty() ? null : ports);
        probe(b, "liveness", spec.getLivenessProbe());
        probe(b, "readiness", spec.getReadinessProbe());
        probe(b, "startup", spec.getStartupProbe());
        if (status.isEmpty()) {
            // No status yet: the pod was never scheduled, or the kubelet has not reported.
            return b.status("Waiting").attribute("ready", "false").build();
        }
        ContainerStatus s = status.get();
        b.restartCount(Math.max(0, Kube.num(s.getRestartCount())))
                .attribute("ready", String.valueOf(Boolean.TRUE.equals(s.getReady())));
        if (s.getStarted() != null) {
            b.attribute("started", String.valueOf(s.getStarted()));
        }
        if (s.getImage() != null && !s.getImage().isBlank() && !s.getImage().equals(spec.getImage())) {
            b.attribute("imageRunning", s.getImage());
        }
        ContainerState state = s.getState();
        Optional<Termination> last = Optional.ofNullable(s.getLastState()).map(ContainerState::getTerminated)
                .map(PodStates::termination);
        last.ifPresent(b::lastTermination);
        if (state != null && state.getWaiting() != null) {
            b.status("Waiting").reason(state.getWaiting().getReason()).message(state.getWaiting().getMessage())
                    .timestamp(last.flatMap(Termination::finishedAt).orElse(null));
        } else if (state != null && state.getTerminated() != null) {
            ContainerStateTerminated t = state.getTerminated();
            b.status("Terminated").reason(t.getReason()).message(t.getMessage()).exitCode(t.getExitCode())
                    .timestamp(Kube.time(t.getFinishedAt()).orElse(null));
            if (t.getSignal() != null) {
                b.attribute("signal", String.valueOf(t.getSignal()));
            }
        } else if (state != null && state.getRunning() != null) {
            b.status("Running").timestamp(Kube.time(state.getRunning().getStartedAt()).orElse(null));
        } else {
            b.status("Waiting");
        }
        return b.build();
    }

    static Termination termination(ContainerStateTerminated t) {
        return new Termination(t.getReason() == null ? "" : t.getReason(), Optional.ofNullable(t.getExitCode()),
                Optional.ofNullable(t.getSignal()), Optional.ofNullable(t.getMessage()).filter(m -> !m.isBlank()),
                Kube.time(t.getFinishedAt()));
    }

    private static void resources(ResourceState.Builder b, Container spec) {
        if (spec.getResources() == null) {
            return;
        }
        Map<String, Quantity> limits = Kube.map(spec.getResources().getLimits());
        Map<String, Quantity> requests = Kube.map(spec.getResources().getRequests());
        limits.forEach((k, v) -> b.attribute("limits." + k, Kube.written(v)));
        requests.forEach((k, v) -> b.attribute("requests." + k, Kube.written(v)));
        Kube.bytes(limits.get("memory")).ifPresent(b::memoryLimitBytes);
    }

    private static void probe(ResourceState.Builder b, String kind, Probe p) {
        if (p == null) {
            return;
        }
        String what;
        if (p.getHttpGet() != null) {
            String scheme = p.getHttpGet().getScheme();
            what = ("HTTPS".equalsIgnoreCase(scheme) ? "https-get" : "http-get") + " :"
                    + port(p.getHttpGet().getPort()) + (p.getHttpGet().getPath() == null ? "/" : p.getHttpGet().getPath());
        } else if (p.getTcpSocket() != null) {
            what = "tcp-socket :" + port(p.getTcpSocket().getPort());
        } else if (p.getGrpc() != null) {
            what = "grpc :" + p.getGrpc().getPort();
        } else if (p.getExec() != null) {
            what = "exec " + String.join(" ", Kube.list(p.getExec().getCommand()));
        } else {
            what = "unknown";
        }
        b.attribute("probe." + kind, what);
        b.attribute("probe." + kind + ".timing", "delay=" + Kube.num(p.getInitialDelaySeconds()) + "s timeout="
                + (p.getTimeoutSeconds() == null ? 1 : p.getTimeoutSeconds()) + "s period="
                + (p.getPeriodSeconds() == null ? 10 : p.getPeriodSeconds()) + "s #success="
                + (p.getSuccessThreshold() == null ? 1 : p.getSuccessThreshold()) + " #failure="
                + (p.getFailureThreshold() == null ? 3 : p.getFailureThreshold()));
    }

    private static String port(IntOrString port) {
        if (port == null) {
            return "";
        }
        return port.getIntVal() != null ? String.valueOf(port.getIntVal()) : port.getStrVal();
    }

    private static Map<String, ContainerStatus> byName(List<ContainerStatus> statuses) {
        return Kube.list(statuses).stream().filter(s -> s.getName() != null)
                .collect(Collectors.toMap(ContainerStatus::getName, s -> s, (a, c) -> a));
    }

    static String source(String ns, String pod) {
        return "kubernetes pod " + ns + "/" + pod;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
