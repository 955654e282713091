package dev.deploydiagnostics.gcp;

import com.google.api.gax.core.FixedCredentialsProvider;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.container.v1.ClusterManagerClient;
import com.google.cloud.container.v1.ClusterManagerSettings;
import com.google.cloud.logging.v2.LoggingClient;
import com.google.cloud.logging.v2.LoggingSettings;
import com.google.container.v1.Cluster;
import com.google.container.v1.GetClusterRequest;
import com.google.container.v1.NodePool;
import com.google.container.v1.StatusCondition;
import com.google.logging.v2.LogEntry;
import dev.deploydiagnostics.api.CollectionContext;
import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.Experimental;
import dev.deploydiagnostics.api.LogLine;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.api.ResourceState;
import dev.deploydiagnostics.gcp.internal.GcpCalls;
import dev.deploydiagnostics.gcp.internal.GcpSupport;
import dev.deploydiagnostics.gcp.internal.LogEntries;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Collects evidence for a workload on Google Kubernetes Engine: the cluster and its node pools from the
 * Kubernetes Engine API (status, autoscaling, conditions), container and pod logs, Kubernetes events and
 * cluster-autoscaler decisions from Cloud Logging, and then the workload itself: it delegates to the
 * engine's provider with id {@code kubernetes} ({@link CollectionContext#delegate}) with the cluster's endpoint,
 * CA certificate and an access token.
 *
 * <p>Needs {@link DiagnosticRequest#project()} (or the environment's project), {@link DiagnosticRequest#region()}
 * (the cluster's location: a region or a zone) and {@link DiagnosticRequest#cluster()}; the namespace and
 * service narrow the logs. Setting under its id: {@code severityFloor} (default {@code DEFAULT}).
 */
@Experimental("the hand-off to the Kubernetes provider may gain options")
public final class GkeProvider extends GcpProviderBase {
    /** This provider's id. */
    public static final String ID = "gcp-gke";
    /** The id of the provider that reads the workload through the cluster's API server. */
    private static final String KUBERNETES_ID = "kubernetes";


    /** A provider using Application Default Credentials and Google's endpoints. */
    public GkeProvider() {
        this(Optional.empty(), GcpClientSettings.defaults(), System::getenv);
    }

    /** A provider using these credentials and Google's endpoints. */
    public GkeProvider(GoogleCredentials credentials) {
        this(Optional.of(credentials), GcpClientSettings.defaults(), System::getenv);
    }

    /** A provider with these credentials and client settings. */
    public GkeProvider(GoogleCredentials credentials, GcpClientSettings settings) {
        this(Optional.of(credentials), settings, System::getenv);
    }

    GkeProvider(Optional<GoogleCredentials> credentials, GcpClientSettings settings,
                Function<String, String> environment) {
        super(ID, Platform.GCP_GKE, "GKE evidence", credentials, settings, environment);
    }

    @Override
    public boolean supports(DiagnosticRequest request) {
        return request.platform().filter(Platform.GCP_GKE::equals).isPresent() && request.cluster().isPresent();
    }

    @Override
    void collectInto(DiagnosticRequest request, CollectionContext context, EvidenceBundle.Builder out) {
        String cluster = request.cluster().orElse("");
        Optional<GoogleCredentials> known = context.component(GoogleCredentials.class).or(() -> credentials);
        Optional<String> project = GcpSupport.project(request, environment, known);
        if (project.isEmpty() || request.region().isEmpty() || cluster.isEmpty()) {
            out.add(CollectionGap.of(ID, "GKE cluster " + cluster,
                    "the request needs a project (or GOOGLE_CLOUD_PROJECT), a location (region or zone) and a cluster",
                    CollectionGap.Kind.UNREADABLE));
            return;
        }
        String location = request.region().get();
        String clusterName = "projects/" + project.get() + "/locations/" + location + "/clusters/" + cluster;
        Instant now = context.clock().instant();
        Instant from = request.windowStart(now);
        Instant to = request.windowEnd(now);

        Optional<Cluster> found = Optional.empty();
        try (ClusterManagerClient client = ClusterManagerClient.create(settings.clusterManager().isPresent()
                ? settings.clusterManager().get()
                : ClusterManagerSettings.newBuilder().setCredentialsProvider(
                        FixedCredentialsProvider.create(GcpSupport.credentials(context, credentials))).build())) {
            found = Optional.of(GcpCalls.call(client.getClusterCallable(),
                    GetClusterRequest.newBuilder().setName(clusterName).build(), context, ID,
                    "GKE cluster " + clusterName, "container.clusters.get"));
            out.add(clusterState(found.get()));
            for (NodePool pool : found.get().getNodePoolsList()) {
                out.add(nodePoolState(found.get(), pool));
            }
        } catch (GcpCalls.GapException e) {
            out.add(e.gap());
        } catch (IOException | RuntimeException e) {
            out.add(CollectionGap.of(ID, "GKE cluster " + clusterName,
                    "could not create the Kubernetes Engine client: " + e.getMessage(), CollectionGap.Kind.ERROR));
        }

        try (LoggingClient logging = LoggingClient.create(settings.logging().isPresent()
                ? settings.logging().get()
                : LoggingSettings.newBuilder().setCredentialsProvider(
                        FixedCredentialsProvider.create(GcpSupport.credentials(context, credentials))).build())) {
            collectWorkloadLogs(logging, project.get(), location, cluster, request, from, to, context, out);
            collectClusterEvents(logging, project.get(), location, cluster, from, to, context, out);
        } catch (GcpCalls.GapException e) {
            out.add(e.gap());
        } catch (IOException | RuntimeException e) {
            out.add(CollectionGap.of(ID, "logs of GKE cluster " + cluster,
                    "could not create the Cloud Logging client: " + e.getMessage(), CollectionGap.Kind.ERROR));
        }

        if (found.isPresent()) {
            handOff(found.get(), request, context, out);
        }
    }

    private void handOff(Cluster cluster, DiagnosticRequest request, CollectionContext context,
                         EvidenceBundle.Builder out) {
        String what = "workload in GKE cluster " + cluster.getName();
        if (!context.canDelegate(KUBERNETES_ID)) {
            // Ask for no token that nothing would use.
            out.add(CollectionGap.of(ID, what, "no provider with id 'kubernetes' is available to read it; add "
                    + "dev.deploydiagnostics:diagnostics-k8s (and list 'kubernetes' in providers.enabled when that is set)",
                    CollectionGap.Kind.UNSUPPORTED));
            return;
        }
        if (cluster.getEndpoint().isEmpty()) {
            out.add(CollectionGap.of(ID, what, "the cluster has no endpoint yet (status " + cluster.getStatus() + ")",
                    CollectionGap.Kind.NOT_FOUND));
            return;
        }
        String token;
        try {
            GoogleCredentials creds = GcpSupport.credentials(context, credentials);
            creds.refreshIfExpired();
            AccessToken access = creds.getAccessToken();
            if (access == null) {
                throw new IOException("the credentials gave no access token");
            }
            token = access.getTokenValue();
        } catch (IOException | RuntimeException e) {
            out.add(CollectionGap.of(ID, what, "could not get an access token for the cluster: " + e.getMessage(),
                    CollectionGap.Kind.PERMISSION_DENIED));
            return;
        }
        // The same connection `gcloud container clusters get-credentials` configures: endpoint, CA, a Google token.
        DiagnosticRequest derived = request.toBuilder()
                .attribute(DiagnosticRequest.Attributes.KUBE_API_SERVER, "https://" + cluster.getEndpoint())
                .attribute(DiagnosticRequest.Attributes.KUBE_CA_DATA,
                        cluster.getMasterAuth().getClusterCaCertificate())
                .attribute(DiagnosticRequest.Attributes.KUBE_TOKEN, token)
                .build();
        EvidenceBundle k8s = context.delegate(KUBERNETES_ID, derived);
        out.addAll(k8s.items());
        out.droppedLogLines(k8s.droppedLogLines());
        k8s.platforms().forEach(out::platform);
    }

    private void collectWorkloadLogs(LoggingClient logging, String project, String location, String cluster,
                                     DiagnosticRequest request, Instant from, Instant to, CollectionContext context,
                                     EvidenceBundle.Builder out) throws GcpCalls.GapException {
        String floor = LogEntries.severityFloor(context.setting("severityFloor").orElse("DEFAULT"));
        StringBuilder filter = new StringBuilder()
                .append("resource.type=(\"k8s_container\" OR \"k8s_pod\")")
                .append(" AND resource.labels.cluster_name=").append(LogEntries.quote(cluster))
                .append(" AND resource.labels.location=").append(LogEntries.quote(location));
        request.namespace().ifPresent(ns ->
                filter.append(" AND resource.labels.namespace_name=").append(LogEntries.quote(ns)));
        request.service().ifPresent(s -> filter.append(" AND resource.labels.pod_name:").append(LogEntries.quote(s)));
        filter.append(" AND NOT logName=").append(LogEntries.quote("projects/" + project + "/logs/events"))
                .append(" AND ").append(LogEntries.window(from, to))
                .append(" AND severity>=").append(floor);
        int limit = Math.max(1, context.logLineLimit());
        GcpSupport.Page page = GcpSupport.listEntries(logging, project, filter.toString(), limit * 4, context, ID,
                "container logs in GKE cluster " + cluster);
        Map<String, List<LogLine>> streams = new LinkedHashMap<>();
        long dropped = 0;
        for (LogEntry e : page.entries()) {
            Map<String, String> labels = e.getResource().getLabelsMap();
            String ns = labels.getOrDefault("namespace_name", "");
            String pod = labels.getOrDefault("pod_name", "");
            String container = labels.getOrDefault("container_name", "");
            String source = "pod/" + ns + "/" + pod + (container.isEmpty() ? "" : "/" + container);
            List<LogLine> lines = streams.computeIfAbsent(source, k -> new ArrayList<>());
            if (lines.size() >= limit) {
                dropped++;
                continue;
            }
            Map<String, String> attrs = new LinkedHashMap<>();
            attrs.put("namespace", ns);
            attrs.put("pod", pod);
            if (!container.isEmpty()) {
                attrs.put("container", container);
            }
            lines.add(LogEntries.toLogLine(e, source, attrs));
        }
        for (List<LogLine> lines : streams.values()) {
            Collections.reverse(lines);
            out.addAll(lines);
        }
        out.droppedLogLines(dropped);
    }

    private void collectClusterEvents(LoggingClient logging, String project, String location, String cluster,
                                      Instant from, Instant to, CollectionContext context,
                                      EvidenceBundle.Builder out) throws GcpCalls.GapException {
        String events = "projects/" + project + "/logs/events";
        String autoscaler = "projects/" + project + "/logs/container.googleapis.com%2Fcluster-autoscaler-visibility";
        String filter = "logName=(" + LogEntries.quote(events) + " OR " + LogEntries.quote(autoscaler) + ")"
                + " AND resource.labels.cluster_name=" + LogEntries.quote(cluster)
                + " AND resource.labels.location=" + LogEntries.quote(location)
                + " AND " + LogEntries.window(from, to);
        GcpSupport.Page page = GcpSupport.listEntries(logging, project, filter,
                Math.max(50, context.logLineLimit()), context, ID,
                "Kubernetes events and autoscaler decisions in GKE cluster " + cluster);
        List<LogEntry> chronological = new ArrayList<>(page.entries());
        Collections.reverse(chronological);
        for (LogEntry e : chronological) {
            if (e.getLogName().equals(autoscaler)) {
                out.addAll(LogEntries.autoscalerEvents(e, cluster));
            } else {
                LogEntries.kubernetesEvent(e).ifPresent(out::add);
            }
        }
    }

    // statusMessage, currentNodeCount and the legacy condition code are deprecated in v1 but are still what the
    // API fills in for node pool errors (e.g. ZONE_RESOURCE_POOL_EXHAUSTED, GCE_STOCKOUT); newer fields are read too.
    @SuppressWarnings("deprecation")
    private static ResourceState clusterState(Cluster c) {
        ResourceState.Builder b = ResourceState.builder("cluster", c.getName())
                .source("container.googleapis.com")
                .status(c.getStatus().name())
                .message(c.getStatusMessage().isBlank() ? conditionMessages(c.getConditionsList())
                        : c.getStatusMessage())
                .attribute("location", c.getLocation())
                .attribute("currentNodeCount", Integer.toString(c.getCurrentNodeCount()));
        issueCodes(c.getConditionsList()).ifPresent(code -> b.attribute("issue.code", code));
        return b.build();
    }

    // statusMessage, currentNodeCount and the legacy condition code are deprecated in v1 but are still what the
    // API fills in for node pool errors (e.g. ZONE_RESOURCE_POOL_EXHAUSTED, GCE_STOCKOUT); newer fields are read too.
    @SuppressWarnings("deprecation")
    private static ResourceState nodePoolState(Cluster c, NodePool p) {
        ResourceState.Builder b = ResourceState.builder("nodegroup", p.getName())
                .source("container.googleapis.com " + c.getName())
                .status(p.getStatus().name())
                .message(p.getStatusMessage().isBlank() ? conditionMessages(p.getConditionsList())
                        : p.getStatusMessage())
                .attribute("cluster", c.getName())
                .attribute("machineType", p.getConfig().getMachineType().isEmpty() ? null
                        : p.getConfig().getMachineType());
        if (p.hasAutoscaling()) {
            var a = p.getAutoscaling();
            b.attribute("autoscaling", a.getEnabled() ? "enabled" : "disabled");
            if (a.getEnabled()) {
                int min = a.getTotalMinNodeCount() > 0 ? a.getTotalMinNodeCount() : a.getMinNodeCount();
                int max = a.getTotalMaxNodeCount() > 0 ? a.getTotalMaxNodeCount() : a.getMaxNodeCount();
                b.attribute("autoscaling.min", Integer.toString(min));
                b.attribute("autoscaling.max", Integer.toString(max));
            }
        }
        issueCodes(p.getConditionsList()).ifPresent(code -> b.attribute("issue.code", code));
        return b.build();
    }

    private static String conditionMessages(List<StatusCondition> conditions) {
        return conditions.stream().map(StatusCondition::getMessage).filter(m -> !m.isBlank())
                .collect(Collectors.joining("; "));
    }

    // statusMessage, currentNodeCount and the legacy condition code are deprecated in v1 but are still what the
    // API fills in for node pool errors (e.g. ZONE_RESOURCE_POOL_EXHAUSTED, GCE_STOCKOUT); newer fields are read too.
    @SuppressWarnings("deprecation")
    private static Optional<String> issueCodes(List<StatusCondition> conditions) {
        String codes = conditions.stream()
                // The legacy code is the more specific (GCE_STOCKOUT); the canonical one is all newer conditions set.
                .map(c -> c.getCode() != StatusCondition.Code.UNKNOWN ? c.getCode().name()
                        : c.getCanonicalCode().name())
                .filter(s -> !s.isEmpty() && !s.equals("UNKNOWN") && !s.equals("UNRECOGNIZED") && !s.equals("OK"))
                .distinct().collect(Collectors.joining(","));
        return codes.isEmpty() ? Optional.empty() : Optional.of(codes);
    }
}
