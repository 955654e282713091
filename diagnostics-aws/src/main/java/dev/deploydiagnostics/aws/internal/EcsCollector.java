package dev.deploydiagnostics.aws.internal;

import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.Event;
import dev.deploydiagnostics.api.ResourceState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.DescribeTasksResponse;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.ListTasksResponse;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.ecs.model.LogConfiguration;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.Secret;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceEvent;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetGroupsResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetHealthResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

/**
 * Collects the evidence of one ECS service: the service and its deployments and events, its recent tasks
 * and containers with their task definitions, their awslogs logs, CloudWatch CPU and memory, and the
 * health of its load-balancer targets.
 */
public final class EcsCollector {
    private static final long MIB = 1024L * 1024L;
    /** Words by which ECS service events report a failure. */
    private static final Pattern FAILURE = Pattern.compile(
            "unable to place|unable to consistently start|failed|unhealthy|is unable|insufficient|error|denied"
                    + "|not authorized|rolling back|timed out|cannot|could not|throttl",
            Pattern.CASE_INSENSITIVE);

    private final AwsSession session;
    private final AwsCalls calls;
    private final String cluster;
    private final String serviceName;
    private final Instant from;
    private final Instant to;
    private final Map<String, Optional<TaskDefinition>> taskDefinitions = new LinkedHashMap<>();

    /** A collector for the request's cluster and service. */
    public EcsCollector(AwsSession session, DiagnosticRequest request) {
        this.session = session;
        this.calls = session.calls();
        this.cluster = request.cluster().orElse("default");
        this.serviceName = request.service().orElseThrow();
        Instant now = calls.context().clock().instant();
        this.from = request.windowStart(now);
        this.to = request.windowEnd(now);
    }

    /** Collects everything it can; every failure becomes a gap. */
    public void collect() {
        Optional<Service> service = describeService();
        if (service.isEmpty()) {
            return;
        }
        Service s = service.get();
        List<Task> tasks = new ArrayList<>();
        tasks.addAll(tasks(DesiredStatus.STOPPED));
        tasks.addAll(tasks(DesiredStatus.RUNNING));
        // stopped tasks carry the failure, so they come first and get the log budget first
        tasks.sort(Comparator.comparing((Task t) -> !"STOPPED".equals(t.lastStatus()))
                .thenComparing(Comparator.comparing(EcsCollector::lastChange).reversed()));
        for (Task t : tasks) {
            taskDefinition(t.taskDefinitionArn());
        }
        addServiceState(s);
        addEvents(s);
        for (Task t : tasks) {
            addTask(t);
        }
        readLogs(tasks);
        new MetricsReader(session).read("AWS/ECS", orderedMap("ClusterName", clusterName(s), "ServiceName",
                        s.serviceName()),
                List.of(new MetricsReader.Query("CPUUtilization", "Average", "Percent"),
                        new MetricsReader.Query("CPUUtilization", "Maximum", "Percent"),
                        new MetricsReader.Query("MemoryUtilization", "Average", "Percent"),
                        new MetricsReader.Query("MemoryUtilization", "Maximum", "Percent")),
                from, to);
        targetHealth(s);
    }

    private Optional<Service> describeService() {
        String what = "ECS service " + serviceName + " in cluster " + cluster;
        Optional<DescribeServicesResponse> r = calls.call("ecs:DescribeServices", what,
                o -> session.ecs().describeServices(b -> b.cluster(cluster).services(serviceName)
                        .overrideConfiguration(o)));
        if (r.isEmpty()) {
            return Optional.empty();
        }
        if (!r.get().hasServices() || r.get().services().isEmpty()) {
            String why = r.get().failures().stream().map(f -> f.reason() + " " + Objects.toString(f.arn(), ""))
                    .collect(Collectors.joining("; "));
            calls.addGap(CollectionGap.of(calls.providerId(), what,
                    "ECS found no such service" + (why.isBlank() ? "" : " (" + why.trim() + ")"),
                    CollectionGap.Kind.NOT_FOUND));
            return Optional.empty();
        }
        return Optional.of(r.get().services().get(0));
    }

    private List<Task> tasks(DesiredStatus status) {
        String what = status.toString().toLowerCase(Locale.ROOT) + " tasks of ECS service " + serviceName;
        int max = session.options().maxTasks();
        List<String> arns = new ArrayList<>();
        String token = null;
        for (int page = 0; page < session.options().maxPages() && arns.size() < max; page++) {
            String next = token;
            Optional<ListTasksResponse> r = calls.call("ecs:ListTasks", what,
                    o -> session.ecs().listTasks(b -> b.cluster(cluster).serviceName(serviceName)
                            .desiredStatus(status).maxResults(100).nextToken(next).overrideConfiguration(o)));
            if (r.isEmpty()) {
                break;
            }
            arns.addAll(r.get().taskArns());
            token = r.get().nextToken();
            if (token == null || token.isEmpty()) {
                break;
            }
        }
        if (arns.isEmpty()) {
            return List.of();
        }
        List<Task> out = new ArrayList<>();
        List<String> wanted = arns.size() > max ? arns.subList(0, max) : arns;
        for (int i = 0; i < wanted.size(); i += 100) {
            List<String> batch = wanted.subList(i, Math.min(wanted.size(), i + 100));
            Optional<DescribeTasksResponse> r = calls.call("ecs:DescribeTasks", what,
                    o -> session.ecs().describeTasks(b -> b.cluster(cluster).tasks(batch).overrideConfiguration(o)));
            r.ifPresent(d -> out.addAll(d.tasks()));
        }
        return out;
    }

    private Optional<TaskDefinition> taskDefinition(String arn) {
        if (arn == null || arn.isBlank()) {
            return Optional.empty();
        }
        return taskDefinitions.computeIfAbsent(arn, a -> calls.call("ecs:DescribeTaskDefinition",
                        "task definition " + shortTaskDefinition(a),
                        o -> session.ecs().describeTaskDefinition(b -> b.taskDefinition(a).overrideConfiguration(o)))
                .map(DescribeTaskDefinitionResponse::taskDefinition));
    }

    private void addServiceState(Service s) {
        List<Deployment> deployments = s.deployments();
        Optional<Deployment> primary = deployments.stream().filter(d -> "PRIMARY".equals(d.status())).findFirst();
        Optional<Deployment> failed = deployments.stream()
                .filter(d -> "FAILED".equals(d.rolloutStateAsString())).findFirst();
        Deployment shown = failed.or(() -> primary).orElse(null);
        String status = failed.isPresent() ? "FAILED"
                : primary.map(Deployment::rolloutStateAsString).filter(Objects::nonNull).orElse(s.status());
        ResourceState.Builder b = ResourceState.builder("service", s.serviceName())
                .source("ecs service " + s.serviceName())
                .status(status == null ? "UNKNOWN" : status)
                .reason(shown == null ? null : shown.rolloutStateReason())
                .timestamp(shown == null ? null : shown.updatedAt())
                .attribute("cluster", clusterName(s))
                .attribute("serviceStatus", s.status())
                .attribute("desiredCount", str(s.desiredCount()))
                .attribute("runningCount", str(s.runningCount()))
                .attribute("pendingCount", str(s.pendingCount()))
                .attribute("launchType", s.launchTypeAsString())
                .attribute("taskDefinition", shortTaskDefinition(s.taskDefinition()));
        if (shown != null) {
            b.attribute("rolloutState", shown.rolloutStateAsString())
                    .attribute("failedTasks", str(shown.failedTasks()))
                    .attribute("deploymentId", shown.id())
                    .attribute("deployment.taskDefinition", shortTaskDefinition(shown.taskDefinition()));
        }
        if (s.deploymentConfiguration() != null && s.deploymentConfiguration().deploymentCircuitBreaker() != null) {
            var cb = s.deploymentConfiguration().deploymentCircuitBreaker();
            b.attribute("circuitBreaker.enable", str(cb.enable())).attribute("circuitBreaker.rollback", str(cb.rollback()));
        }
        if (failed.isPresent() && primary.isPresent() && failed.get() != primary.get()) {
            // the circuit breaker rolled back: the failed deployment is no longer primary
            b.attribute("rollback", "true")
                    .attribute("rollback.taskDefinition", shortTaskDefinition(primary.get().taskDefinition()));
        }
        taskDefinition(s.taskDefinition()).ifPresent(td -> b.attribute("limits.memory", mibText(td.memory()))
                .attribute("limits.cpu", td.cpu())
                .attribute("executionRoleArn", td.executionRoleArn())
                .attribute("taskRoleArn", td.taskRoleArn()));
        for (Deployment d : deployments) {
            b.attribute("deployment." + d.id(), d.status() + " " + d.rolloutStateAsString()
                    + " failedTasks=" + d.failedTasks() + " running=" + d.runningCount() + "/" + d.desiredCount()
                    + " " + shortTaskDefinition(d.taskDefinition())
                    + (d.rolloutStateReason() == null ? "" : ": " + d.rolloutStateReason()));
        }
        calls.out().add(b.build());
    }

    private void addEvents(Service s) {
        List<ServiceEvent> inWindow = new ArrayList<>();
        for (ServiceEvent e : s.events()) {
            Instant at = e.createdAt();
            if (at != null && (at.isBefore(from) || at.isAfter(to))) {
                continue;
            }
            inWindow.add(e);
        }
        // ECS lists the newest first; the timeline wants them in order
        inWindow.sort(Comparator.comparing(e -> e.createdAt() == null ? Instant.EPOCH : e.createdAt()));
        for (ServiceEvent e : inWindow) {
            String message = Objects.toString(e.message(), "");
            String type = FAILURE.matcher(message).find() ? "Warning" : "Normal";
            calls.out().add(new Event(Optional.ofNullable(e.createdAt()), Optional.empty(),
                    "ecs service " + s.serviceName(), type, "ServiceEvent", message, "Service/" + s.serviceName(), 1,
                    orderedMap("eventId", e.id(), "cluster", clusterName(s))));
        }
    }

    private void addTask(Task t) {
        String taskId = lastSegment(t.taskArn());
        Optional<TaskDefinition> td = taskDefinition(t.taskDefinitionArn());
        ResourceState.Builder b = ResourceState.builder("task", taskId)
                .source("ecs task " + taskId)
                .status(Objects.toString(t.lastStatus(), "UNKNOWN"))
                .reason(t.stoppedReason())
                .timestamp(lastChange(t))
                .attribute("stopCode", t.stopCodeAsString())
                .attribute("taskDefinition", shortTaskDefinition(t.taskDefinitionArn()))
                .attribute("group", t.group())
                .attribute("desiredStatus", t.desiredStatus())
                .attribute("healthStatus", t.healthStatusAsString())
                .attribute("launchType", t.launchTypeAsString())
                .attribute("taskArn", t.taskArn())
                .attribute("cluster", lastSegment(t.clusterArn()))
                .attribute("availabilityZone", t.availabilityZone())
                .attribute("startedAt", str(t.startedAt()))
                .attribute("stoppedAt", str(t.stoppedAt()))
                .attribute("limits.memory", mibText(t.memory()))
                .attribute("limits.cpu", t.cpu());
        parseMib(t.memory()).ifPresent(m -> b.memoryLimitBytes(m * MIB));
        td.ifPresent(d -> b.attribute("executionRoleArn", d.executionRoleArn()).attribute("taskRoleArn", d.taskRoleArn()));
        calls.out().add(b.build());
        for (Container c : t.containers()) {
            addContainer(t, taskId, c, td);
        }
    }

    private void addContainer(Task t, String taskId, Container c, Optional<TaskDefinition> td) {
        Optional<ContainerDefinition> def = td.flatMap(d -> d.containerDefinitions().stream()
                .filter(cd -> Objects.equals(cd.name(), c.name())).findFirst());
        ResourceState.Builder b = ResourceState.builder("container", taskId + "/" + c.name())
                .source("ecs task " + taskId)
                .status(Objects.toString(c.lastStatus(), "UNKNOWN"))
                .reason(c.reason())
                .exitCode(c.exitCode())
                .image(c.image() != null ? c.image() : def.map(ContainerDefinition::image).orElse(null))
                .timestamp(lastChange(t))
                .attribute("task", taskId)
                .attribute("container", c.name())
                .attribute("healthStatus", c.healthStatusAsString())
                .attribute("imageDigest", c.imageDigest())
                .attribute("taskStopCode", t.stopCodeAsString());
        Long memoryMib = def.map(ContainerDefinition::memory).filter(m -> m != null && m > 0).map(Integer::longValue)
                .or(() -> parseMib(c.memory()))
                .or(() -> td.flatMap(d -> parseMib(d.memory())))
                .or(() -> parseMib(t.memory()))
                .orElse(null);
        if (memoryMib != null) {
            b.memoryLimitBytes(memoryMib * MIB).attribute("limits.memory", memoryMib + " MiB");
        }
        def.ifPresent(d -> {
            if (d.memoryReservation() != null) {
                b.attribute("requests.memory", d.memoryReservation() + " MiB");
            }
            if (d.cpu() != null && d.cpu() > 0) {
                b.attribute("limits.cpu", str(d.cpu()));
            }
            b.attribute("essential", str(d.essential()));
            if (d.hasPortMappings() && !d.portMappings().isEmpty()) {
                b.attribute("ports", d.portMappings().stream().map(PortMapping::containerPort).filter(Objects::nonNull)
                        .map(String::valueOf).collect(Collectors.joining(",")));
            }
            if (d.healthCheck() != null && d.healthCheck().hasCommand()) {
                b.attribute("probe.health", String.join(" ", d.healthCheck().command()))
                        .attribute("probe.health.interval", str(d.healthCheck().interval()))
                        .attribute("probe.health.timeout", str(d.healthCheck().timeout()))
                        .attribute("probe.health.retries", str(d.healthCheck().retries()))
                        .attribute("probe.health.startPeriod", str(d.healthCheck().startPeriod()));
            }
            LogConfiguration lc = d.logConfiguration();
            if (lc != null) {
                b.attribute("logDriver", lc.logDriverAsString());
                if (lc.hasOptions()) {
                    b.attribute("logGroup", lc.options().get("awslogs-group"));
                }
            }
            if (d.hasSecrets() && !d.secrets().isEmpty()) {
                // names only: where a secret lives is configuration, its value never is evidence
                b.attribute("secrets", d.secrets().stream().map(Secret::name).collect(Collectors.joining(",")));
            }
        });
        td.ifPresent(d -> b.attribute("executionRoleArn", d.executionRoleArn()).attribute("taskRoleArn", d.taskRoleArn()));
        if (c.hasNetworkBindings() && !c.networkBindings().isEmpty() && !def.map(ContainerDefinition::hasPortMappings)
                .orElse(false)) {
            b.attribute("ports", c.networkBindings().stream().map(n -> String.valueOf(n.containerPort()))
                    .collect(Collectors.joining(",")));
        }
        calls.out().add(b.build());
    }

    private void readLogs(List<Task> tasks) {
        LogsReader reader = new LogsReader(session);
        int streams = 0;
        Set<String> groupsWithoutPrefix = new LinkedHashSet<>();
        for (Task t : tasks) {
            if (t.startedAt() == null && t.pullStoppedAt() == null) {
                // a task that never started wrote no logs; asking would only cost a call
                continue;
            }
            Optional<TaskDefinition> td = taskDefinition(t.taskDefinitionArn());
            if (td.isEmpty()) {
                continue;
            }
            String taskId = lastSegment(t.taskArn());
            for (ContainerDefinition d : td.get().containerDefinitions()) {
                LogConfiguration lc = d.logConfiguration();
                if (lc == null || !"awslogs".equals(lc.logDriverAsString()) || !lc.hasOptions()) {
                    continue;
                }
                String group = lc.options().get("awslogs-group");
                if (group == null) {
                    continue;
                }
                String prefix = lc.options().get("awslogs-stream-prefix");
                Optional<Region> logsRegion = Optional.ofNullable(lc.options().get("awslogs-region"))
                        .map(Region::of).filter(r -> !r.equals(session.region()));
                if (prefix == null) {
                    groupsWithoutPrefix.add(group);
                    continue;
                }
                if (streams >= session.options().maxLogStreams()) {
                    return;
                }
                streams++;
                reader.readStream(group, prefix + "/" + d.name() + "/" + taskId, logsRegion, from, to,
                        orderedMap("container", d.name(), "task", taskId));
            }
        }
        for (String group : groupsWithoutPrefix) {
            if (streams++ >= session.options().maxLogStreams()) {
                return;
            }
            // without a stream prefix the streams are named by container id; the group is all we know
            reader.filterGroup(group, "", Optional.empty(), from, to, Optional.empty(), Map.of());
        }
    }

    private void targetHealth(Service s) {
        List<String> arns = s.loadBalancers().stream().map(LoadBalancer::targetGroupArn).filter(Objects::nonNull)
                .distinct().toList();
        if (arns.isEmpty()) {
            return;
        }
        Map<String, TargetGroup> groups = new LinkedHashMap<>();
        calls.call("elasticloadbalancing:DescribeTargetGroups", "target groups of ECS service " + serviceName,
                        o -> session.elb().describeTargetGroups(b -> b.targetGroupArns(arns).overrideConfiguration(o)))
                .map(DescribeTargetGroupsResponse::targetGroups)
                .ifPresent(list -> list.forEach(g -> groups.put(g.targetGroupArn(), g)));
        for (String arn : arns) {
            Optional<DescribeTargetHealthResponse> r = calls.call("elasticloadbalancing:DescribeTargetHealth",
                    "target health of " + targetGroupName(arn),
                    o -> session.elb().describeTargetHealth(b -> b.targetGroupArn(arn).overrideConfiguration(o)));
            if (r.isEmpty()) {
                continue;
            }
            TargetGroup g = groups.get(arn);
            for (TargetHealthDescription d : r.get().targetHealthDescriptions()) {
                String id = d.target() == null ? "unknown" : d.target().id();
                Integer port = d.target() == null ? null : d.target().port();
                ResourceState.Builder b = ResourceState.builder("target", id + (port == null ? "" : ":" + port))
                        .source("elbv2 target group " + targetGroupName(arn))
                        .status(d.targetHealth() == null ? "unknown" : d.targetHealth().stateAsString())
                        .reason(d.targetHealth() == null ? null : d.targetHealth().reasonAsString())
                        .message(d.targetHealth() == null ? null : d.targetHealth().description())
                        .timestamp(calls.context().clock().instant())
                        .attribute("targetGroup", targetGroupName(arn))
                        .attribute("targetGroupArn", arn)
                        .attribute("port", str(port))
                        .attribute("availabilityZone", d.target() == null ? null : d.target().availabilityZone())
                        .attribute("healthCheckPort", d.healthCheckPort());
                if (g != null) {
                    b.attribute("healthCheckPath", g.healthCheckPath())
                            .attribute("healthCheckProtocol", g.healthCheckProtocolAsString())
                            .attribute("healthCheckPort", d.healthCheckPort() != null ? d.healthCheckPort()
                                    : g.healthCheckPort())
                            .attribute("matcher", g.matcher() == null ? null
                                    : g.matcher().httpCode() != null ? g.matcher().httpCode() : g.matcher().grpcCode())
                            .attribute("healthCheckIntervalSeconds", str(g.healthCheckIntervalSeconds()))
                            .attribute("healthCheckTimeoutSeconds", str(g.healthCheckTimeoutSeconds()))
                            .attribute("healthyThresholdCount", str(g.healthyThresholdCount()))
                            .attribute("unhealthyThresholdCount", str(g.unhealthyThresholdCount()));
                }
                calls.out().add(b.build());
            }
        }
    }

    private String clusterName(Service s) {
        return s.clusterArn() == null ? cluster : lastSegment(s.clusterArn());
    }

    private static Instant lastChange(Task t) {
        for (Instant i : new Instant[] {t.stoppedAt(), t.stoppingAt(), t.startedAt(), t.pullStartedAt(), t.createdAt()}) {
            if (i != null) {
                return i;
            }
        }
        return Instant.EPOCH;
    }

    static String lastSegment(String arn) {
        if (arn == null) {
            return null;
        }
        int slash = arn.lastIndexOf('/');
        return slash < 0 ? arn : arn.substring(slash + 1);
    }

    static String shortTaskDefinition(String arn) {
        return lastSegment(arn);
    }

    private static String targetGroupName(String arn) {
        // arn:aws:elasticloadbalancing:REGION:ACCOUNT:targetgroup/NAME/ID
        String[] parts = arn.split("/");
        return parts.length >= 3 ? parts[parts.length - 2] : arn;
    }

    /**
     * A memory size as remedies quote it: ECS writes plain numbers that mean MiB, so the unit is spelled out
     * ({@code 512 MiB}); a value that is not a size is kept as written.
     */
    private static String mibText(String s) {
        return parseMib(s).map(m -> m + " MiB").orElse(s);
    }

    private static Optional<Long> parseMib(String s) {
        if (s == null || s.isBlank()) {
            return Optional.empty();
        }
        String t = s.trim().toUpperCase(Locale.ROOT);
        try {
            if (t.endsWith("GB")) {
                return Optional.of((long) (Double.parseDouble(t.substring(0, t.length() - 2).trim()) * 1024));
            }
            if (t.endsWith("MB")) {
                t = t.substring(0, t.length() - 2).trim();
            }
            return Optional.of(Long.parseLong(t));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    private static Map<String, String> orderedMap(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            if (kv[i + 1] != null) {
                m.put(kv[i], kv[i + 1]);
            }
        }
        return m;
    }
}
