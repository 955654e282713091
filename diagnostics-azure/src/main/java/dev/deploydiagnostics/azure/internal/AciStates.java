package dev.deploydiagnostics.azure.internal;

import com.azure.resourcemanager.containerinstance.fluent.models.ContainerGroupInner;
import com.azure.resourcemanager.containerinstance.models.Container;
import com.azure.resourcemanager.containerinstance.models.ContainerPort;
import com.azure.resourcemanager.containerinstance.models.ContainerProbe;
import com.azure.resourcemanager.containerinstance.models.ContainerPropertiesInstanceView;
import com.azure.resourcemanager.containerinstance.models.ContainerState;
import com.azure.resourcemanager.containerinstance.models.ResourceRequirements;
import dev.deploydiagnostics.api.Event;
import dev.deploydiagnostics.api.ResourceState;
import dev.deploydiagnostics.api.Termination;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Maps an Azure Container Instances container group and its instance view to states and events. */
public final class AciStates {
    private static final long GIB = 1L << 30;

    private AciStates() {
    }

    /** The group as a {@code container-group} state: instance view state, provisioning state as the reason. */
    public static ResourceState group(ContainerGroupInner g) {
        String state = g.instanceView() != null && g.instanceView().state() != null ? g.instanceView().state()
                : g.provisioningState() != null ? g.provisioningState() : "Unknown";
        ResourceState.Builder b = ResourceState.builder("container-group", g.name())
                .source("Microsoft.ContainerInstance " + g.id())
                .status(state)
                .reason(g.provisioningState())
                .attribute("provisioningState", g.provisioningState())
                .attribute("restartPolicy", g.restartPolicy() == null ? null : g.restartPolicy().toString())
                .attribute("osType", g.osType() == null ? null : g.osType().toString())
                .attribute("location", g.location())
                .attribute("sku", g.sku() == null ? null : g.sku().toString());
        if (g.containers() != null) {
            b.attribute("containers", g.containers().stream().map(Container::name).collect(Collectors.joining(",")));
        }
        return b.build();
    }

    /** One container as a {@code container} state with its current and previous state. */
    public static ResourceState container(ContainerGroupInner g, Container c) {
        ContainerPropertiesInstanceView view = c.instanceView();
        ContainerState current = view == null ? null : view.currentState();
        ContainerState previous = view == null ? null : view.previousState();
        ResourceState.Builder b = ResourceState.builder("container", g.name() + "/" + c.name())
                .source("Microsoft.ContainerInstance " + g.id())
                .status(current != null && current.state() != null ? current.state() : "Unknown")
                .reason(current == null ? null : current.detailStatus())
                .exitCode(current == null || !"Terminated".equalsIgnoreCase(current.state()) ? null : current.exitCode())
                .restartCount(view == null || view.restartCount() == null ? 0 : Math.max(0, view.restartCount()))
                .image(c.image())
                .timestamp(current == null ? null : instant(
                        current.finishTime() != null ? current.finishTime() : current.startTime()))
                .attribute("containerGroup", g.name())
                .attribute("container", c.name());
        if (previous != null && previous.state() != null) {
            b.lastTermination(new Termination(previous.detailStatus() == null ? previous.state()
                    : previous.detailStatus(), Optional.ofNullable(previous.exitCode()), Optional.empty(),
                    Optional.empty(), Optional.ofNullable(instant(previous.finishTime()))));
        }
        ResourceRequirements r = c.resources();
        if (r != null) {
            if (r.requests() != null) {
                b.attribute("requests.memory", gb(r.requests().memoryInGB()));
                b.attribute("requests.cpu", number(r.requests().cpu()));
            }
            Double limit = r.limits() == null ? null : r.limits().memoryInGB();
            if (r.limits() != null) {
                b.attribute("limits.memory", limit == null ? null : gb(limit));
                b.attribute("limits.cpu", r.limits().cpu() == null ? null : number(r.limits().cpu()));
            }
            // ACI enforces the request as the limit when no limit is set.
            double memory = limit != null ? limit : r.requests() == null ? 0 : r.requests().memoryInGB();
            if (memory > 0) {
                b.memoryLimitBytes(BigDecimal.valueOf(memory).multiply(BigDecimal.valueOf(GIB)).longValue());
            }
        }
        if (c.ports() != null && !c.ports().isEmpty()) {
            b.attribute("ports", c.ports().stream().map(ContainerPort::port).map(String::valueOf)
                    .collect(Collectors.joining(",")));
        }
        b.attribute("probe.liveness", probe(c.livenessProbe()));
        b.attribute("probe.readiness", probe(c.readinessProbe()));
        if (c.command() != null && !c.command().isEmpty()) {
            b.attribute("command", String.join(" ", c.command()));
        }
        return b.build();
    }

    /** Events of the group's instance view, or of one container's when {@code container} is given. */
    public static List<Event> events(ContainerGroupInner g, Optional<Container> container) {
        List<com.azure.resourcemanager.containerinstance.models.Event> raw = container
                .map(c -> c.instanceView() == null ? null : c.instanceView().events())
                .orElseGet(() -> g.instanceView() == null ? null : g.instanceView().events());
        List<Event> out = new ArrayList<>();
        if (raw == null) {
            return out;
        }
        String object = container.map(c -> "Container/" + g.name() + "/" + c.name())
                .orElse("ContainerGroup/" + g.name());
        for (var e : raw) {
            out.add(new Event(Optional.ofNullable(instant(e.lastTimestamp())),
                    Optional.ofNullable(instant(e.firstTimestamp())), "aci " + object.toLowerCase(java.util.Locale.ROOT),
                    e.type() == null ? "" : e.type(), e.name() == null ? "" : e.name(),
                    e.message() == null ? "" : e.message(), object, e.count() == null ? 1 : e.count(),
                    container.map(c -> Map.of("containerGroup", g.name(), "container", c.name()))
                            .orElse(Map.of("containerGroup", g.name()))));
        }
        return out;
    }

    private static String probe(ContainerProbe p) {
        if (p == null) {
            return null;
        }
        String kind;
        if (p.httpGet() != null) {
            kind = "http-get :" + p.httpGet().port() + (p.httpGet().path() == null ? "/" : p.httpGet().path());
        } else if (p.exec() != null && p.exec().command() != null) {
            kind = "exec " + String.join(" ", p.exec().command());
        } else {
            kind = "unknown";
        }
        return kind + (p.initialDelaySeconds() == null ? "" : " delay=" + p.initialDelaySeconds() + "s")
                + (p.periodSeconds() == null ? "" : " period=" + p.periodSeconds() + "s")
                + (p.failureThreshold() == null ? "" : " failureThreshold=" + p.failureThreshold());
    }

    private static String gb(double value) {
        return number(value) + "GB";
    }

    private static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** An Azure time as an instant, or null. */
    public static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
