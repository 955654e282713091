package dev.deploydiagnostics.gcp.internal;

import com.google.cloud.run.v2.Condition;
import com.google.cloud.run.v2.Container;
import com.google.cloud.run.v2.EnvVar;
import com.google.cloud.run.v2.Probe;
import com.google.cloud.run.v2.Revision;
import com.google.cloud.run.v2.Service;
import com.google.cloud.run.v2.TrafficTargetStatus;
import com.google.protobuf.Timestamp;
import dev.deploydiagnostics.api.ResourceState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Maps Cloud Run Admin API v2 services and revisions to {@link ResourceState}s, as docs/evidence-model.md says. */
public final class RunStates {

    private RunStates() {
    }

    /** The last path segment of a resource name such as {@code projects/p/locations/r/services/s}. */
    public static String shortName(String resourceName) {
        int slash = resourceName.lastIndexOf('/');
        return slash < 0 ? resourceName : resourceName.substring(slash + 1);
    }

    /** {@code True}, {@code False} or {@code Unknown}, the Kubernetes-style status of a v2 condition. */
    public static String status(Condition c) {
        return switch (c.getState()) {
            case CONDITION_SUCCEEDED -> "True";
            case CONDITION_FAILED -> "False";
            default -> "Unknown";
        };
    }

    /** The condition's reason in the CamelCase the platform shows, e.g. {@code ContainerMissing}. */
    public static Optional<String> reason(Condition c) {
        String constant = switch (c.getReasonsCase()) {
            case REASON -> c.getReason().name();
            case REVISION_REASON -> c.getRevisionReason().name();
            case EXECUTION_REASON -> c.getExecutionReason().name();
            default -> "";
        };
        if (constant.isEmpty() || constant.endsWith("_UNDEFINED") || constant.equals("UNRECOGNIZED")) {
            return Optional.empty();
        }
        StringBuilder sb = new StringBuilder();
        for (String part : constant.split("_")) {
            if (!part.isEmpty()) {
                sb.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
            }
        }
        return Optional.of(sb.toString());
    }

    /** True when the resource's {@code Ready} condition succeeded. */
    public static boolean isReady(List<Condition> conditions) {
        return ready(conditions).map(c -> c.getState() == Condition.State.CONDITION_SUCCEEDED).orElse(false);
    }

    /** The service as a {@code service} state: Ready status, its reason and message, conditions and traffic. */
    public static ResourceState service(Service s) {
        List<Condition> all = new ArrayList<>();
        if (s.hasTerminalCondition()) {
            all.add(s.getTerminalCondition());
        }
        all.addAll(s.getConditionsList());
        Optional<Condition> ready = ready(all);
        ResourceState.Builder b = ResourceState.builder("service", shortName(s.getName()))
                .source("run.googleapis.com " + s.getName())
                .status(ready.map(RunStates::status).orElse("Unknown"))
                .reason(ready.flatMap(RunStates::reason).orElse(null))
                .message(ready.map(Condition::getMessage).orElse(null))
                .timestamp(ready.filter(Condition::hasLastTransitionTime)
                        .map(c -> instant(c.getLastTransitionTime())).orElse(null))
                .attribute("latestCreatedRevision", emptyToNull(shortName(s.getLatestCreatedRevision())))
                .attribute("latestReadyRevision", emptyToNull(shortName(s.getLatestReadyRevision())))
                .attribute("uri", emptyToNull(s.getUri()))
                .attribute("reconciling", Boolean.toString(s.getReconciling()));
        putConditions(b, all);
        List<String> traffic = new ArrayList<>();
        for (TrafficTargetStatus t : s.getTrafficStatusesList()) {
            String target = trafficRevision(t, s);
            traffic.add(target + "=" + t.getPercent() + "%");
        }
        if (!traffic.isEmpty()) {
            b.attribute("traffic", String.join(",", traffic));
        }
        return b.build();
    }

    /** A revision as a {@code revision} state with its first container's spec in attributes. */
    public static ResourceState revision(Revision r, Service service) {
        Optional<Condition> ready = ready(r.getConditionsList());
        // A revision that is not ready usually says why in a failed sub-condition when Ready itself is terse.
        Optional<Condition> failed = r.getConditionsList().stream()
                .filter(c -> c.getState() == Condition.State.CONDITION_FAILED && !c.getType().equals("Ready"))
                .findFirst();
        Optional<Condition> explaining = ready.filter(c -> !c.getMessage().isBlank()).or(() -> failed);
        ResourceState.Builder b = ResourceState.builder("revision", shortName(r.getName()))
                .source("run.googleapis.com " + r.getName())
                .status(ready.map(RunStates::status).orElse("Unknown"))
                .reason(ready.flatMap(RunStates::reason).or(() -> failed.flatMap(RunStates::reason)).orElse(null))
                .message(explaining.map(Condition::getMessage).orElse(null))
                .timestamp(r.hasCreateTime() ? instant(r.getCreateTime()) : null)
                .attribute("service", shortName(service.getName()));
        putConditions(b, r.getConditionsList());
        for (TrafficTargetStatus t : service.getTrafficStatusesList()) {
            if (trafficRevision(t, service).equals(shortName(r.getName()))) {
                b.attribute("traffic.percent", Integer.toString(t.getPercent()));
            }
        }
        if (!r.getServiceAccount().isEmpty()) {
            b.attribute("serviceAccount", r.getServiceAccount());
        }
        if (r.hasTimeout()) {
            b.attribute("timeout", r.getTimeout().getSeconds() + "s");
        }
        if (r.getContainersCount() > 0) {
            Container c = r.getContainers(0);
            b.image(c.getImage()).attribute("image", c.getImage());
            if (c.getPortsCount() > 0) {
                b.attribute("port", Integer.toString(c.getPorts(0).getContainerPort()));
            }
            String memory = c.getResources().getLimitsMap().get("memory");
            if (memory != null) {
                b.attribute("limits.memory", memory);
                b.memoryLimitBytes(Quantities.bytes(memory).orElse(null));
            }
            b.attribute("limits.cpu", c.getResources().getLimitsMap().get("cpu"));
            if (c.hasStartupProbe()) {
                b.attribute("probe.startup", probe(c.getStartupProbe()));
            }
            if (c.hasLivenessProbe()) {
                b.attribute("probe.liveness", probe(c.getLivenessProbe()));
            }
            List<String> env = new ArrayList<>();
            List<String> secrets = new ArrayList<>();
            for (EnvVar e : c.getEnvList()) {
                if (e.hasValueSource() && e.getValueSource().hasSecretKeyRef()) {
                    var ref = e.getValueSource().getSecretKeyRef();
                    secrets.add(e.getName() + "=" + shortName(ref.getSecret())
                            + (ref.getVersion().isEmpty() ? "" : ":" + ref.getVersion()));
                } else {
                    // Values are left out on purpose: they may be credentials.
                    env.add(e.getName());
                }
            }
            if (!env.isEmpty()) {
                b.attribute("env", String.join(",", env));
            }
            if (!secrets.isEmpty()) {
                b.attribute("secretEnv", String.join(",", secrets));
            }
            if (r.getContainersCount() > 1) {
                b.attribute("containers", Integer.toString(r.getContainersCount()));
            }
        }
        return b.build();
    }

    /** A probe as {@code http-get :8080/healthz}, {@code tcp-socket :8080} or {@code grpc :8080}, with timing. */
    public static String probe(Probe p) {
        String kind;
        if (p.hasHttpGet()) {
            kind = "http-get :" + p.getHttpGet().getPort() + (p.getHttpGet().getPath().isEmpty() ? "/"
                    : p.getHttpGet().getPath());
        } else if (p.hasTcpSocket()) {
            kind = "tcp-socket :" + p.getTcpSocket().getPort();
        } else if (p.hasGrpc()) {
            kind = "grpc :" + p.getGrpc().getPort();
        } else {
            kind = "default";
        }
        return kind + " delay=" + p.getInitialDelaySeconds() + "s timeout=" + p.getTimeoutSeconds() + "s period="
                + p.getPeriodSeconds() + "s failureThreshold=" + p.getFailureThreshold();
    }

    /** The revision a traffic status sends to; "latest" resolves to the latest ready revision. */
    private static String trafficRevision(TrafficTargetStatus t, Service service) {
        if (!t.getRevision().isEmpty()) {
            return shortName(t.getRevision());
        }
        String latest = shortName(service.getLatestReadyRevision());
        return latest.isEmpty() ? "LATEST" : latest;
    }

    private static void putConditions(ResourceState.Builder b, List<Condition> conditions) {
        for (Condition c : conditions) {
            if (c.getType().isEmpty()) {
                continue;
            }
            String value = status(c) + reason(c).map(r -> ": " + r).orElse("")
                    + (c.getMessage().isBlank() ? "" : ": " + c.getMessage());
            b.attribute("condition." + c.getType(), value);
        }
    }

    private static Optional<Condition> ready(List<Condition> conditions) {
        return conditions.stream().filter(c -> c.getType().equals("Ready")).findFirst();
    }

    /** A protobuf timestamp as an instant. */
    public static Instant instant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
