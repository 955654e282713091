package dev.deploydiagnostics.aws.internal;

import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.ResourceState;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.eks.model.Cluster;
import software.amazon.awssdk.services.eks.model.ClusterIssue;
import software.amazon.awssdk.services.eks.model.DescribeClusterResponse;
import software.amazon.awssdk.services.eks.model.DescribeNodegroupResponse;
import software.amazon.awssdk.services.eks.model.Issue;
import software.amazon.awssdk.services.eks.model.ListNodegroupsResponse;
import software.amazon.awssdk.services.eks.model.Nodegroup;

/**
 * Collects the AWS side of an EKS cluster: the cluster's status and health issues and each managed node
 * group's status and health issues.
 */
public final class EksCollector {
    private final AwsSession session;
    private final AwsCalls calls;
    private final String cluster;

    /** A collector for the request's cluster. */
    public EksCollector(AwsSession session, DiagnosticRequest request) {
        this.session = session;
        this.calls = session.calls();
        this.cluster = request.cluster().orElseThrow();
    }

    /** Collects the cluster and its node groups; returns the cluster, if it could be described. */
    public Optional<Cluster> collect() {
        Optional<Cluster> c = calls.call("eks:DescribeCluster", "EKS cluster " + cluster,
                o -> session.eks().describeCluster(b -> b.name(cluster).overrideConfiguration(o)))
                .map(DescribeClusterResponse::cluster);
        c.ifPresent(this::addCluster);
        if (c.isEmpty()) {
            return c;
        }
        for (String ng : nodegroups()) {
            calls.call("eks:DescribeNodegroup", "EKS node group " + ng,
                            o -> session.eks().describeNodegroup(b -> b.clusterName(cluster).nodegroupName(ng)
                                    .overrideConfiguration(o)))
                    .map(DescribeNodegroupResponse::nodegroup)
                    .ifPresent(this::addNodegroup);
        }
        return c;
    }

    private List<String> nodegroups() {
        List<String> names = new ArrayList<>();
        String token = null;
        for (int page = 0; page < session.options().maxPages(); page++) {
            String next = token;
            Optional<ListNodegroupsResponse> r = calls.call("eks:ListNodegroups", "node groups of EKS cluster " + cluster,
                    o -> session.eks().listNodegroups(b -> b.clusterName(cluster).nextToken(next).overrideConfiguration(o)));
            if (r.isEmpty()) {
                break;
            }
            names.addAll(r.get().nodegroups());
            token = r.get().nextToken();
            if (token == null || token.isEmpty()) {
                break;
            }
        }
        return names;
    }

    private void addCluster(Cluster c) {
        List<ClusterIssue> issues = c.health() == null ? List.of() : c.health().issues();
        ResourceState.Builder b = ResourceState.builder("cluster", Objects.toString(c.name(), cluster))
                .source("eks cluster " + c.name())
                .status(Objects.toString(c.statusAsString(), "UNKNOWN"))
                .timestamp(c.createdAt())
                .message(issues.stream().map(i -> i.codeAsString() + ": " + i.message()).collect(Collectors.joining("; ")))
                .attribute("issue.code", issues.isEmpty() ? null
                        : issues.stream().map(ClusterIssue::codeAsString).distinct().collect(Collectors.joining(",")))
                .attribute("version", c.version())
                .attribute("platformVersion", c.platformVersion())
                .attribute("endpoint", c.endpoint())
                .attribute("arn", c.arn());
        calls.out().add(b.build());
    }

    private void addNodegroup(Nodegroup n) {
        List<Issue> issues = n.health() == null ? List.of() : n.health().issues();
        ResourceState.Builder b = ResourceState.builder("nodegroup", Objects.toString(n.nodegroupName(), "?"))
                .source("eks nodegroup " + cluster + "/" + n.nodegroupName())
                .status(Objects.toString(n.statusAsString(), "UNKNOWN"))
                .timestamp(n.modifiedAt())
                .message(issues.stream().map(i -> i.codeAsString() + ": " + i.message()).collect(Collectors.joining("; ")))
                .attribute("issue.code", issues.isEmpty() ? null
                        : issues.stream().map(Issue::codeAsString).distinct().collect(Collectors.joining(",")))
                .attribute("issue.resourceIds", issues.isEmpty() ? null
                        : issues.stream().flatMap(i -> i.resourceIds().stream()).distinct().collect(Collectors.joining(",")))
                .attribute("cluster", cluster)
                .attribute("version", n.version())
                .attribute("releaseVersion", n.releaseVersion())
                .attribute("amiType", n.amiTypeAsString())
                .attribute("capacityType", n.capacityTypeAsString())
                .attribute("instanceTypes", n.hasInstanceTypes() ? String.join(",", n.instanceTypes()) : null);
        if (n.scalingConfig() != null) {
            b.attribute("scaling.desired", str(n.scalingConfig().desiredSize()))
                    .attribute("scaling.min", str(n.scalingConfig().minSize()))
                    .attribute("scaling.max", str(n.scalingConfig().maxSize()));
        }
        calls.out().add(b.build());
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
