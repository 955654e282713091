package dev.deploydiagnostics.gcp;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.core.FixedCredentialsProvider;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.logging.v2.LoggingClient;
import com.google.cloud.logging.v2.LoggingSettings;
import com.google.cloud.monitoring.v3.MetricServiceClient;
import com.google.cloud.monitoring.v3.MetricServiceSettings;
import com.google.cloud.run.v2.GetServiceRequest;
import com.google.cloud.run.v2.ListRevisionsRequest;
import com.google.cloud.run.v2.ListRevisionsResponse;
import com.google.cloud.run.v2.Revision;
import com.google.cloud.run.v2.RevisionsClient;
import com.google.cloud.run.v2.RevisionsSettings;
import com.google.cloud.run.v2.Service;
import com.google.cloud.run.v2.ServicesClient;
import com.google.cloud.run.v2.ServicesSettings;
import com.google.logging.v2.LogEntry;
import com.google.monitoring.v3.Aggregation;
import com.google.monitoring.v3.ListTimeSeriesRequest;
import com.google.monitoring.v3.ListTimeSeriesResponse;
import com.google.monitoring.v3.Point;
import com.google.monitoring.v3.TimeInterval;
import com.google.monitoring.v3.TimeSeries;
import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import dev.deploydiagnostics.api.CollectionContext;
import dev.deploydiagnostics.api.CollectionGap;
import dev.deploydiagnostics.api.DiagnosticRequest;
import dev.deploydiagnostics.api.EvidenceBundle;
import dev.deploydiagnostics.api.Experimental;
import dev.deploydiagnostics.api.LogLine;
import dev.deploydiagnostics.api.MetricSample;
import dev.deploydiagnostics.api.Platform;
import dev.deploydiagnostics.gcp.internal.GcpCalls;
import dev.deploydiagnostics.gcp.internal.GcpSupport;
import dev.deploydiagnostics.gcp.internal.LogEntries;
import dev.deploydiagnostics.gcp.internal.RunStates;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects evidence for a Cloud Run service: the service and its newest revisions from the Cloud Run Admin
 * API v2 (conditions, container spec, traffic), the failing revision's logs from Cloud Logging, request logs
 * kept apart from application logs, and memory, CPU and instance metrics from Cloud Monitoring.
 *
 * <p>Needs {@link DiagnosticRequest#project()} (or the environment's project), {@link DiagnosticRequest#region()}
 * and {@link DiagnosticRequest#service()}. Settings under its id: {@code severityFloor} (a Cloud Logging
 * severity, default {@code DEFAULT}) and {@code revisions} (how many of the newest revisions to describe,
 * default 3).
 */
@Experimental("the set of collected metrics may grow")
public final class CloudRunProvider extends GcpProviderBase {
    /** This provider's id. */
    public static final String ID = "gcp-cloud-run";
    /** The Cloud Monitoring metrics collected for the service. */
    public static final List<String> METRICS = List.of("run.googleapis.com/container/memory/utilizations",
            "run.googleapis.com/container/cpu/utilizations", "run.googleapis.com/container/instance_count");

    private static final Logger LOG = LoggerFactory.getLogger(CloudRunProvider.class);
    private static final int MAX_POINTS_PER_METRIC = 240;


    /** A provider using Application Default Credentials and Google's endpoints. */
    public CloudRunProvider() {
        this(Optional.empty(), GcpClientSettings.defaults(), System::getenv);
    }

    /** A provider using these credentials and Google's endpoints. */
    public CloudRunProvider(GoogleCredentials credentials) {
        this(Optional.of(credentials), GcpClientSettings.defaults(), System::getenv);
    }

    /** A provider whose clients use these settings (and Application Default Credentials where they set none). */
    public CloudRunProvider(GcpClientSettings settings) {
        this(Optional.empty(), settings, System::getenv);
    }

    /** A provider with these credentials and client settings. */
    public CloudRunProvider(GoogleCredentials credentials, GcpClientSettings settings) {
        this(Optional.of(credentials), settings, System::getenv);
    }

    CloudRunProvider(Optional<GoogleCredentials> credentials, GcpClientSettings settings,
                     Function<String, String> environment) {
        super(ID, Platform.GCP_CLOUD_RUN, "Cloud Run evidence", credentials, settings, environment);
    }

    @Override
    public boolean supports(DiagnosticRequest request) {
        return request.platform().filter(Platform.GCP_CLOUD_RUN::equals).isPresent() && request.service().isPresent();
    }

    @Override
    void collectInto(DiagnosticRequest request, CollectionContext context, EvidenceBundle.Builder out) {
        String service = request.service().orElse("");
        Optional<String> project = GcpSupport.project(request, environment,
                context.component(GoogleCredentials.class).or(() -> credentials));
        if (project.isEmpty() || request.region().isEmpty() || service.isEmpty()) {
            out.add(CollectionGap.of(ID, "Cloud Run service " + service,
                    "the request needs a project (or GOOGLE_CLOUD_PROJECT), a region and a service",
                    CollectionGap.Kind.UNREADABLE));
            return;
        }
        String serviceName = "projects/" + project.get() + "/locations/" + request.region().get() + "/services/"
                + service;
        Instant now = context.clock().instant();
        Instant from = request.windowStart(now);
        Instant to = request.windowEnd(now);
        Lazy lazy = new Lazy(context);

        Optional<Service> svc = Optional.empty();
        List<Revision> revisions = List.of();
        try (ServicesClient services = ServicesClient.create(settings.services().isPresent()
                ? settings.services().get()
                : ServicesSettings.newBuilder().setCredentialsProvider(lazy.provider()).build())) {
            svc = Optional.of(GcpCalls.call(services.getServiceCallable(),
                    GetServiceRequest.newBuilder().setName(serviceName).build(), context, ID,
                    "Cloud Run service " + serviceName, "run.services.get"));
            out.add(RunStates.service(svc.get()));
        } catch (GcpCalls.GapException e) {
            out.add(e.gap());
        } catch (IOException | RuntimeException e) {
            out.add(clientGap("Cloud Run service " + serviceName, e));
        }

        if (svc.isPresent()) {
            try (RevisionsClient client = RevisionsClient.create(settings.revisions().isPresent()
                    ? settings.revisions().get()
                    : RevisionsSettings.newBuilder().setCredentialsProvider(lazy.provider()).build())) {
                revisions = revisions(client, svc.get(), context);
                for (Revision r : revisions) {
                    out.add(RunStates.revision(r, svc.get()));
                }
            } catch (GcpCalls.GapException e) {
                out.add(e.gap());
            } catch (IOException | RuntimeException e) {
                out.add(clientGap("revisions of " + serviceName, e));
            }
        }
        Optional<String> failing = failingRevision(svc, revisions, request);

        try (LoggingClient logging = LoggingClient.create(settings.logging().isPresent()
                ? settings.logging().get()
                : LoggingSettings.newBuilder().setCredentialsProvider(lazy.provider()).build())) {
            collectLogs(logging, project.get(), request.region().get(), service, failing, from, to, context, out);
        } catch (GcpCalls.GapException e) {
            out.add(e.gap());
        } catch (IOException | RuntimeException e) {
            out.add(clientGap("logs of Cloud Run service " + service, e));
        }

        try (MetricServiceClient metrics = MetricServiceClient.create(settings.metrics().isPresent()
                ? settings.metrics().get()
                : MetricServiceSettings.newBuilder().setCredentialsProvider(lazy.provider()).build())) {
            collectMetrics(metrics, project.get(), request.region().get(), service, from, to, context, out);
        } catch (GcpCalls.GapException e) {
            out.add(e.gap());
        } catch (IOException | RuntimeException e) {
            out.add(clientGap("metrics of Cloud Run service " + service, e));
        }
    }

    private List<Revision> revisions(RevisionsClient client, Service service, CollectionContext context)
            throws GcpCalls.GapException {
        int keep = context.setting("revisions").map(CloudRunProvider::parsePositive).orElse(3);
        List<Revision> all = new ArrayList<>();
        String token = "";
        do {
            ListRevisionsResponse page = GcpCalls.call(client.listRevisionsCallable(),
                    ListRevisionsRequest.newBuilder().setParent(service.getName()).setPageSize(100)
                            .setPageToken(token).build(),
                    context, ID, "revisions of " + service.getName(), "run.revisions.list");
            all.addAll(page.getRevisionsList());
            token = page.getNextPageToken();
        } while (!token.isEmpty() && all.size() < 500 && !context.isExpired());
        all.sort(Comparator.comparing((Revision r) -> RunStates.instant(r.getCreateTime())).reversed());
        Set<String> wanted = new LinkedHashSet<>();
        wanted.add(service.getLatestCreatedRevision());
        wanted.add(service.getLatestReadyRevision());
        service.getTrafficStatusesList().forEach(t -> wanted.add(t.getRevision()));
        List<Revision> kept = new ArrayList<>();
        for (Revision r : all) {
            boolean referenced = wanted.contains(r.getName()) || wanted.contains(RunStates.shortName(r.getName()));
            if (kept.size() < keep || referenced) {
                kept.add(r);
            }
        }
        return kept;
    }

    private static Optional<String> failingRevision(Optional<Service> service, List<Revision> revisions,
                                                    DiagnosticRequest request) {
        if (request.deploymentId().isPresent()) {
            return request.deploymentId().map(RunStates::shortName);
        }
        for (Revision r : revisions) {
            if (!RunStates.isReady(r.getConditionsList())) {
                return Optional.of(RunStates.shortName(r.getName()));
            }
        }
        return service.map(Service::getLatestCreatedRevision).filter(s -> !s.isEmpty()).map(RunStates::shortName);
    }

    private void collectLogs(LoggingClient logging, String project, String region, String service,
                             Optional<String> revision, Instant from, Instant to, CollectionContext context,
                             EvidenceBundle.Builder out) throws GcpCalls.GapException {
        String floor = LogEntries.severityFloor(context.setting("severityFloor").orElse("DEFAULT"));
        StringBuilder filter = new StringBuilder()
                .append("resource.type=\"cloud_run_revision\"")
                .append(" AND resource.labels.service_name=").append(LogEntries.quote(service))
                .append(" AND resource.labels.location=").append(LogEntries.quote(region));
        revision.ifPresent(r -> filter.append(" AND resource.labels.revision_name=").append(LogEntries.quote(r)));
        filter.append(" AND ").append(LogEntries.window(from, to));
        filter.append(" AND severity>=").append(floor);
        int limit = Math.max(1, context.logLineLimit());
        GcpSupport.Page page = GcpSupport.listEntries(logging, project, filter.toString(), limit * 2, context, ID,
                "logs of Cloud Run service " + service);
        // Newest first from the API: keep the tail of each stream, then put it back in time order.
        Map<String, List<LogLine>> streams = new LinkedHashMap<>();
        long dropped = 0;
        for (LogEntry entry : page.entries()) {
            String rev = entry.getResource().getLabelsMap().getOrDefault("revision_name", revision.orElse(""));
            boolean requestLog = LogEntries.isRequestLog(entry);
            String source = "cloud-run/" + service + (rev.isEmpty() ? "" : "/" + rev)
                    + (requestLog ? " (requests)" : "");
            List<LogLine> lines = streams.computeIfAbsent(source, k -> new ArrayList<>());
            if (lines.size() >= limit) {
                dropped++;
                continue;
            }
            Map<String, String> attrs = new LinkedHashMap<>();
            attrs.put("service", service);
            if (!rev.isEmpty()) {
                attrs.put("revision", rev);
            }
            lines.add(LogEntries.toLogLine(entry, source, attrs));
        }
        for (List<LogLine> lines : streams.values()) {
            Collections.reverse(lines);
            out.addAll(lines);
        }
        out.droppedLogLines(dropped);
        if (page.truncated()) {
            LOG.debug("{}: more log entries matched than were read for {}", ID, service);
        }
    }

    private void collectMetrics(MetricServiceClient metrics, String project, String region, String service,
                                Instant from, Instant to, CollectionContext context, EvidenceBundle.Builder out)
            throws GcpCalls.GapException {
        for (String type : METRICS) {
            boolean count = type.endsWith("instance_count");
            ListTimeSeriesRequest request = ListTimeSeriesRequest.newBuilder()
                    .setName("projects/" + project)
                    .setFilter("metric.type=" + LogEntries.quote(type)
                            + " AND resource.type=\"cloud_run_revision\""
                            + " AND resource.labels.service_name=" + LogEntries.quote(service)
                            + " AND resource.labels.location=" + LogEntries.quote(region))
                    .setInterval(TimeInterval.newBuilder().setStartTime(timestamp(from)).setEndTime(timestamp(to)))
                    .setAggregation(Aggregation.newBuilder()
                            .setAlignmentPeriod(Duration.newBuilder().setSeconds(60))
                            .setPerSeriesAligner(count ? Aggregation.Aligner.ALIGN_MAX
                                    : Aggregation.Aligner.ALIGN_PERCENTILE_99))
                    .setView(ListTimeSeriesRequest.TimeSeriesView.FULL)
                    .build();
            ListTimeSeriesResponse response = GcpCalls.call(metrics.listTimeSeriesCallable(), request, context, ID,
                    "metric " + type + " of Cloud Run service " + service, "monitoring.timeSeries.list");
            int points = 0;
            for (TimeSeries series : response.getTimeSeriesList()) {
                Map<String, String> attrs = new LinkedHashMap<>();
                attrs.put("statistic", count ? "max" : "p99");
                attrs.put("metricType", type);
                attrs.put("service", service);
                String rev = series.getResource().getLabelsMap().get("revision_name");
                if (rev != null) {
                    attrs.put("revision", rev);
                }
                series.getMetric().getLabelsMap().forEach((k, v) -> attrs.put("metric." + k, v));
                for (Point p : series.getPointsList()) {
                    if (points++ >= MAX_POINTS_PER_METRIC) {
                        break;
                    }
                    double raw = switch (p.getValue().getValueCase()) {
                        case DOUBLE_VALUE -> p.getValue().getDoubleValue();
                        case INT64_VALUE -> p.getValue().getInt64Value();
                        case DISTRIBUTION_VALUE -> p.getValue().getDistributionValue().getMean();
                        default -> Double.NaN;
                    };
                    if (Double.isNaN(raw)) {
                        continue;
                    }
                    Timestamp at = p.getInterval().hasEndTime() ? p.getInterval().getEndTime()
                            : p.getInterval().getStartTime();
                    // Utilizations arrive as fractions of the limit; percent reads like the other platforms.
                    out.add(new MetricSample(RunStates.instant(at), "monitoring.googleapis.com", type,
                            count ? raw : raw * 100, count ? "Count" : "Percent", attrs));
                }
            }
        }
    }

    private CollectionGap clientGap(String what, Exception e) {
        LOG.debug("{}: could not create a client for {}", ID, what, e);
        return CollectionGap.of(ID, what, "could not create the Google API client: " + e.getMessage()
                + (e instanceof IOException ? " (no Application Default Credentials? run 'gcloud auth "
                + "application-default login' or set GOOGLE_APPLICATION_CREDENTIALS)" : ""),
                CollectionGap.Kind.ERROR);
    }

    private static Timestamp timestamp(Instant i) {
        return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
    }

    private static Integer parsePositive(String s) {
        try {
            return Math.max(1, Integer.parseInt(s.trim()));
        } catch (NumberFormatException e) {
            return 3;
        }
    }

    /** Resolves credentials once, only when a client needs the defaults. */
    private final class Lazy {
        private final CollectionContext context;
        private CredentialsProvider provider;

        Lazy(CollectionContext context) {
            this.context = context;
        }

        CredentialsProvider provider() throws IOException {
            if (provider == null) {
                provider = FixedCredentialsProvider.create(GcpSupport.credentials(context, credentials));
            }
            return provider;
        }
    }
}
