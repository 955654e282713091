package dev.deploydiagnostics.core.read.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.Event;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.api.ResourceState;

import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.regex.Pattern;

import static dev.deploydiagnostics.core.read.internal.JsonSupport.integer;
import static dev.deploydiagnostics.core.read.internal.JsonSupport.opt;
import static dev.deploydiagnostics.core.read.internal.JsonSupport.text;

/**
 * Reads {@code aws ecs describe-tasks} ({@code {"tasks":[...],"failures":[...]}}) into task and container
 * states, and {@code aws ecs describe-services} ({@code {"services":[...]}}) into service states and service
 * events.
 */
public final class EcsReader {
    private static final Pattern FAILURE_EVENT = Pattern.compile(
            "unable to|failed|unhealthy|error|is not authorized|insufficient|rolling back|circuit breaker");

    private final ReadSession session;
    private final ZoneId zone;

    /** A reader adding to this session. */
    public EcsReader(ReadSession session) {
        this.session = session;
        this.zone = session.options().zone();
    }

    /** True for describe-tasks output, or a bare array of tasks. */
    public static boolean acceptsTasks(JsonNode doc) {
        JsonNode tasks = doc.path("tasks");
        return tasks.isArray() && (tasks.isEmpty() ? doc.has("failures") : isTask(tasks.path(0)));
    }

    /** True for describe-services output. */
    public static boolean acceptsServices(JsonNode doc) {
        JsonNode services = doc.path("services");
        return services.isArray() && (services.isEmpty() ? doc.has("failures")
                : services.path(0).has("serviceName") || services.path(0).has("serviceArn"));
    }

    /** True for one task object. */
    public static boolean isTask(JsonNode node) {
        return node.isObject() && (node.has("taskArn") && (node.has("containers") || node.has("lastStatus")));
    }

    /** Reads the tasks and failures of describe-tasks output; returns the items added. */
    public int readTasks(JsonNode doc, String source) {
        int before = session.size();
        for (JsonNode t : doc.path("tasks")) {
            task(t, source);
        }
        failures(doc, source);
        session.platform(Platform.AWS_ECS);
        return session.size() - before;
    }

    /** Reads the services of describe-services output; returns the items added. */
    public int readServices(JsonNode doc, String source) {
        int before = session.size();
        for (JsonNode s : doc.path("services")) {
            service(s, source);
        }
        failures(doc, source);
        session.platform(Platform.AWS_ECS);
        return session.size() - before;
    }

    /** Reads one task object. */
    public void task(JsonNode t, String source) {
        if (!t.isObject()) {
            return;
        }
        String taskArn = text(t, "taskArn");
        String taskId = JsonSupport.lastSegment(taskArn);
        Instant ts = JsonSupport.first(JsonSupport.time(t, zone, "stoppedAt"), JsonSupport.time(t, zone, "stoppingAt"),
                JsonSupport.time(t, zone, "startedAt"), JsonSupport.time(t, zone, "createdAt"));
        Long taskMib = mib(text(t, "memory"));
        ResourceState.Builder b = ResourceState.builder("task", taskId).source(source).timestamp(ts)
                .status(opt(t, "lastStatus").orElse("UNKNOWN")).reason(text(t, "stoppedReason"))
                .memoryLimitBytes(bytes(taskMib));
        put(b, "stopCode", text(t, "stopCode"));
        put(b, "taskDefinition", taskDefinition(text(t, "taskDefinitionArn")));
        put(b, "group", text(t, "group"));
        put(b, "desiredStatus", text(t, "desiredStatus"));
        put(b, "healthStatus", text(t, "healthStatus"));
        put(b, "launchType", text(t, "launchType"));
        put(b, "cluster", JsonSupport.lastSegment(text(t, "clusterArn")));
        put(b, "availabilityZone", text(t, "availabilityZone"));
        put(b, "cpu", text(t, "cpu"));
        put(b, "memory", text(t, "memory"));
        put(b, "limits.memory", taskMib != null ? mibText(taskMib) : text(t, "memory"));
        put(b, "taskArn", taskArn);
        session.add(b.build());
        for (JsonNode c : t.path("containers")) {
            String cname = text(c, "name");
            // the hard limit is the container's memory, else the task's; a reservation is a soft limit the
            // container may grow past, so it is never taken for the limit it was killed at
            Long limitMib = JsonSupport.first(mib(text(c, "memory")), taskMib);
            Long reservationMib = mib(text(c, "memoryReservation"));
            ResourceState.Builder cb = ResourceState.builder("container", taskId + "/" + cname).source(source)
                    .timestamp(ts).status(opt(c, "lastStatus").orElse("UNKNOWN")).reason(text(c, "reason"))
                    .exitCode(integer(c, "exitCode")).image(text(c, "image")).memoryLimitBytes(bytes(limitMib));
            put(cb, "task", taskId);
            put(cb, "container", cname);
            put(cb, "limits.memory", limitMib == null ? null : mibText(limitMib));
            put(cb, "requests.memory", reservationMib == null ? null : mibText(reservationMib));
            put(cb, "healthStatus", text(c, "healthStatus"));
            put(cb, "essential", text(c, "essential"));
            StringJoiner ports = new StringJoiner(",");
            for (JsonNode p : c.path("networkBindings")) {
                opt(p, "containerPort").ifPresent(ports::add);
            }
            if (ports.length() > 0) {
                cb.attribute("ports", ports.toString());
            }
            session.add(cb.build());
        }
    }

    private void service(JsonNode s, String source) {
        if (!s.isObject()) {
            return;
        }
        String name = opt(s, "serviceName").orElse(JsonSupport.lastSegment(text(s, "serviceArn")));
        JsonNode primary = null;
        JsonNode previous = null;
        for (JsonNode d : s.path("deployments")) {
            if (text(d, "status").equals("PRIMARY")) {
                primary = d;
            } else if (text(d, "status").equals("ACTIVE") && previous == null) {
                previous = d;
            }
        }
        ResourceState.Builder b = ResourceState.builder("service", name).source(source);
        String rollout = primary == null ? "" : text(primary, "rolloutState");
        b.status(rollout.isEmpty() ? opt(s, "status").orElse("UNKNOWN") : rollout);
        if (primary != null) {
            b.reason(text(primary, "rolloutStateReason"));
            b.timestamp(JsonSupport.first(JsonSupport.time(primary, zone, "updatedAt"),
                    JsonSupport.time(primary, zone, "createdAt")));
            put(b, "rolloutState", rollout);
            put(b, "failedTasks", text(primary, "failedTasks"));
            put(b, "deploymentId", text(primary, "id"));
            put(b, "taskDefinition", taskDefinition(text(primary, "taskDefinition")));
        } else {
            put(b, "taskDefinition", taskDefinition(text(s, "taskDefinition")));
        }
        if (previous != null) {
            put(b, "previousTaskDefinition", taskDefinition(text(previous, "taskDefinition")));
        }
        put(b, "serviceStatus", text(s, "status"));
        put(b, "desiredCount", text(s, "desiredCount"));
        put(b, "runningCount", text(s, "runningCount"));
        put(b, "pendingCount", text(s, "pendingCount"));
        put(b, "launchType", text(s, "launchType"));
        put(b, "cluster", JsonSupport.lastSegment(text(s, "clusterArn")));
        put(b, "deployments", Integer.toString(s.path("deployments").size()));
        JsonNode breaker = s.path("deploymentConfiguration").path("deploymentCircuitBreaker");
        if (breaker.isObject()) {
            put(b, "circuitBreaker", breaker.path("enable").asBoolean() ? (breaker.path("rollback").asBoolean()
                    ? "enabled,rollback" : "enabled") : "disabled");
        }
        session.add(b.build());
        for (JsonNode e : s.path("events")) {
            String message = text(e, "message");
            boolean failure = FAILURE_EVENT.matcher(message.toLowerCase(Locale.ROOT)).find();
            Map<String, String> attrs = new LinkedHashMap<>();
            attrs.put("service", name);
            attrs.put("input", source);
            opt(e, "id").ifPresent(id -> attrs.put("eventId", id));
            session.add(new Event(Optional.ofNullable(JsonSupport.time(e, zone, "createdAt")), Optional.empty(),
                    "ecs service " + name, failure ? "Warning" : "Normal", "ServiceEvent", message,
                    "Service/" + name, 1, attrs));
        }
    }

    private void failures(JsonNode doc, String source) {
        for (JsonNode f : doc.path("failures")) {
            String arn = text(f, "arn");
            String reason = text(f, "reason");
            String detail = text(f, "detail");
            if (reason.equals("MISSING") || reason.isEmpty()) {
                session.add(CollectionGap.of(ReadSession.PROVIDER, "ecs " + (arn.isEmpty() ? "resource" : arn)
                        + " in " + source, "the AWS CLI reported " + (reason.isEmpty() ? "a failure" : reason)
                        + (detail.isEmpty() ? "" : ": " + detail), reason.isEmpty() ? CollectionGap.Kind.ERROR
                        : CollectionGap.Kind.NOT_FOUND));
                continue;
            }
            // Other reasons (RESOURCE:MEMORY, AGENT, ATTRIBUTE, capacity...) are ECS's answer to run-task or
            // start-task: why no task could be placed. That is the diagnosis, not a gap in collecting it.
            Map<String, String> attrs = new LinkedHashMap<>();
            attrs.put("input", source);
            if (!arn.isEmpty()) {
                attrs.put("arn", arn);
            }
            session.add(new Event(Optional.empty(), Optional.empty(), "ecs", "Warning", "TaskPlacementFailure",
                    reason + (detail.isEmpty() ? "" : ": " + detail) + (arn.isEmpty() ? "" : " (" + arn + ")"),
                    arn.isEmpty() ? "ecs" : arn, 1, attrs));
        }
    }

    private static String taskDefinition(String arn) {
        int i = arn.lastIndexOf('/');
        return i < 0 ? arn : arn.substring(i + 1);
    }

    /**
     * A memory size in MiB as ECS writes it: a plain number of MiB, or, as task definitions also accept, a
     * number with an {@code MB} or {@code GB} unit (read as MiB and GiB, which is what ECS means by them).
     */
    private static Long mib(String value) {
        String v = value.trim().toUpperCase(Locale.ROOT);
        try {
            long m;
            if (v.endsWith("GB")) {
                m = (long) (Double.parseDouble(v.substring(0, v.length() - 2).trim()) * 1024);
            } else {
                m = Long.parseLong(v.endsWith("MB") ? v.substring(0, v.length() - 2).trim() : v);
            }
            return m > 0 && m < (1L << 40) ? m : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long bytes(Long mib) {
        return mib == null ? null : Quantities.mebibytes(mib);
    }

    /**
     * A limit as the ECS provider writes it ({@code 512 MiB}), so that a remedy quotes the same text whether the
     * task was read from a file or collected from the API.
     */
    private static String mibText(long mib) {
        return mib + " MiB";
    }

    private static void put(ResourceState.Builder b, String key, String value) {
        if (value != null && !value.isEmpty()) {
            b.attribute(key, value);
        }
    }
}
