package dev.deploydiagnostics.gcp;

import com.google.cloud.container.v1.ClusterManagerSettings;
import com.google.cloud.logging.v2.LoggingSettings;
import com.google.cloud.monitoring.v3.MetricServiceSettings;
import com.google.cloud.run.v2.RevisionsSettings;
import com.google.cloud.run.v2.ServicesSettings;
import dev.deploydiagnostics.api.Experimental;
import java.util.Optional;

/**
 * Settings for the Google API clients the providers create: endpoint, transport channel provider and
 * credentials provider per client. A client without settings here uses Google's defaults with the
 * provider's credentials; tests and proxies set them to reach another endpoint.
 */
@Experimental("may gain settings for further Google APIs")
public final class GcpClientSettings {
    private static final GcpClientSettings DEFAULTS = builder().build();

    private final ServicesSettings services;
    private final RevisionsSettings revisions;
    private final LoggingSettings logging;
    private final MetricServiceSettings metrics;
    private final ClusterManagerSettings clusterManager;

    private GcpClientSettings(Builder b) {
        this.services = b.services;
        this.revisions = b.revisions;
        this.logging = b.logging;
        this.metrics = b.metrics;
        this.clusterManager = b.clusterManager;
    }

    /** Google's defaults for every client. */
    public static GcpClientSettings defaults() {
        return DEFAULTS;
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Settings for the Cloud Run Admin API v2 services client. */
    public Optional<ServicesSettings> services() {
        return Optional.ofNullable(services);
    }

    /** Settings for the Cloud Run Admin API v2 revisions client. */
    public Optional<RevisionsSettings> revisions() {
        return Optional.ofNullable(revisions);
    }

    /** Settings for the Cloud Logging v2 client. */
    public Optional<LoggingSettings> logging() {
        return Optional.ofNullable(logging);
    }

    /** Settings for the Cloud Monitoring v3 metric client. */
    public Optional<MetricServiceSettings> metrics() {
        return Optional.ofNullable(metrics);
    }

    /** Settings for the Kubernetes Engine v1 cluster manager client. */
    public Optional<ClusterManagerSettings> clusterManager() {
        return Optional.ofNullable(clusterManager);
    }

    /** Builds {@link GcpClientSettings}; every part is optional. */
    public static final class Builder {
        private ServicesSettings services;
        private RevisionsSettings revisions;
        private LoggingSettings logging;
        private MetricServiceSettings metrics;
        private ClusterManagerSettings clusterManager;

        private Builder() {
        }

        /** Settings for the services client. */
        public Builder services(ServicesSettings value) { this.services = value; return this; }
        /** Settings for the revisions client. */
        public Builder revisions(RevisionsSettings value) { this.revisions = value; return this; }
        /** Settings for the logging client. */
        public Builder logging(LoggingSettings value) { this.logging = value; return this; }
        /** Settings for the metric client. */
        public Builder metrics(MetricServiceSettings value) { this.metrics = value; return this; }
        /** Settings for the cluster manager client. */
        public Builder clusterManager(ClusterManagerSettings value) { this.clusterManager = value; return this; }

        /** Builds the settings. */
        public GcpClientSettings build() {
            return new GcpClientSettings(this);
        }
    }
}
